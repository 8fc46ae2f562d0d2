// Tests for the output writer: atomic and incremental writes, pruning, check mode, the folder
// lock, stray temp-file cleanup, path validation, symlink safety, I/O faults (read-only and
// full file systems via tmpfs when running as root), durable mode and concurrent emits.
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "src/base/content_hash.hpp"
#include "src/base/parallel.hpp"
#include "src/incremental/remembered_fragments.hpp"
#include "src/output/atomic_file.hpp"
#include "src/output/output_folders.hpp"
#include "src/output/output_manifest.hpp"
#include "src/output/output_path.hpp"
#include "src/output/output_writer.hpp"
#include "tests/support/golden_support.hpp"

using namespace castmap;
namespace fs = std::filesystem;

namespace {

/// A fresh folder under the system temp folder, removed with everything in it at scope exit.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "castmap-writer-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

/// A tmpfs mounted for one test (needs root and mount permission); unmounted at scope exit.
class TmpfsMount {
 public:
  TmpfsMount(const fs::path& where, unsigned long flags, const std::string& options)
      : where_(where) {
    fs::create_directories(where_);
    mounted_ =
        ::geteuid() == 0 && ::mount("tmpfs", where_.c_str(), "tmpfs", flags, options.c_str()) == 0;
  }
  ~TmpfsMount() {
    if (mounted_) ::umount2(where_.c_str(), MNT_DETACH);
  }
  TmpfsMount(const TmpfsMount&) = delete;
  TmpfsMount& operator=(const TmpfsMount&) = delete;
  bool mounted() const { return mounted_; }
  bool remount(unsigned long flags, const std::string& options) {
    return ::mount("tmpfs", where_.c_str(), "tmpfs", MS_REMOUNT | flags, options.c_str()) == 0;
  }

 private:
  fs::path where_;
  bool mounted_ = false;
};

std::int64_t mtime_ns(const fs::path& path) {
  struct stat status {};
  REQUIRE(::lstat(path.c_str(), &status) == 0);
  return static_cast<std::int64_t>(status.st_mtim.tv_sec) * 1'000'000'000 + status.st_mtim.tv_nsec;
}

/// Sets an old mtime so that any rewrite would visibly change it.
void set_mtime(const fs::path& path, std::int64_t seconds) {
  timespec times[2] = {{seconds, 0}, {seconds, 0}};
  REQUIRE(::utimensat(AT_FDCWD, path.c_str(), times, AT_SYMLINK_NOFOLLOW) == 0);
}

constexpr std::int64_t kYear2000 = 946684800;
constexpr std::int64_t kYear2001 = 978307200;

/// Every entry below `root` (links not followed) with its size and mtime.
std::map<std::string, std::pair<std::uintmax_t, std::int64_t>> listing(const fs::path& root) {
  std::map<std::string, std::pair<std::uintmax_t, std::int64_t>> entries;
  if (!fs::exists(root)) return entries;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    std::uintmax_t size = entry.is_regular_file() && !entry.is_symlink() ? entry.file_size() : 0;
    entries[fs::relative(entry.path(), root).string()] = {size, mtime_ns(entry.path())};
  }
  return entries;
}

std::vector<std::string> temp_files(const fs::path& root) {
  std::vector<std::string> found;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.path().filename().string().starts_with(".castmap-tmp-")) {
      found.push_back(entry.path().string());
    }
  }
  return found;
}

/// The calls exporters made on the writer before the renderer existed, spelled on its API:
/// keeps these tests about the writer (and the fragments remembered with it) short.
class TestSink {
 public:
  TestSink(OutputWriter& writer, std::string exporter, RememberedFragments* fragments = nullptr)
      : writer_(writer), exporter_(std::move(exporter)), fragments_(fragments) {
    writer_.register_exporter(exporter_);
  }
  void emit(std::string path, std::string bytes) {
    writer_.write(exporter_, std::move(path), std::move(bytes), {});
  }
  void emit_unless_unchanged(std::string path, std::uint64_t inputs,
                             const std::function<std::string()>& render) {
    if (!writer_.keep_if_unchanged(exporter_, path, inputs))
      writer_.write(exporter_, path, render(), {inputs, {}});
  }
  void emit_streamed_unless_unchanged(std::string path, std::uint64_t inputs,
                                      const OutputTarget::FileProducer& produce) {
    if (!writer_.keep_if_unchanged(exporter_, path, inputs))
      writer_.write_streamed(exporter_, path, produce, {inputs, {}});
  }
  std::optional<RecalledFragment> recall_fragment(std::uint64_t key) {
    return fragments_->recall(exporter_, key);
  }
  void remember_fragments(std::string_view path, std::vector<FragmentPlacement> placed) {
    fragments_->remember(path, std::move(placed));
  }

 private:
  OutputWriter& writer_;
  std::string exporter_;
  RememberedFragments* fragments_;
};

TestSink sink_for(OutputWriter& writer, std::string exporter,
                  RememberedFragments* fragments = nullptr) {
  return TestSink(writer, std::move(exporter), fragments);
}

struct Emit {
  std::string exporter, path, bytes;
};

WriteSummary run(const fs::path& dir, const std::vector<Emit>& emits,
                 WriteMode mode = WriteMode::write,
                 const std::vector<std::string>& prune_exporters = {}, bool durable = false) {
  OutputWriter writer(WriterOptions{dir, mode, durable, false});
  for (const Emit& emit : emits) sink_for(writer, emit.exporter).emit(emit.path, emit.bytes);
  return writer.finish(prune_exporters);
}

std::map<std::string, ChangeKind> kinds(const WriteSummary& summary) {
  std::map<std::string, ChangeKind> result;
  for (const FileChange& change : summary.changes) result[change.path] = change.kind;
  return result;
}

const std::vector<Emit> kBaseEmits = {
    {"rss", "feeds/all.xml", "<rss>all</rss>"},
    {"rss", "feeds/show.xml", "<rss>show</rss>"},
    {"json-chapters", "chapters/a.json", "{\"a\":1}"},
    {"sitemap", "sitemap.xml", "<urlset/>"},
};

}  // namespace

TEST_CASE("first run creates every file, second identical run writes nothing", "[writer]") {
  TempDir tmp;
  const fs::path out = tmp.path() / "out";
  WriteSummary first = run(out, kBaseEmits);
  CHECK(first.changes.size() == 4);
  for (const FileChange& change : first.changes) CHECK(change.kind == ChangeKind::created);
  CHECK_FALSE(first.up_to_date());
  CHECK(testing::read_file(out / "feeds/all.xml") == "<rss>all</rss>");
  CHECK(testing::read_file(out / "chapters/a.json") == "{\"a\":1}");
  CHECK(fs::exists(out / ".castmap-manifest"));
  CHECK(fs::exists(out / ".castmap.lock"));
  CHECK(temp_files(out).empty());

  // Old mtimes make any rewrite visible. The manifest no longer matches them, so the next run
  // compares bytes and records the (unchanged) files' real mtimes.
  for (const Emit& emit : kBaseEmits) set_mtime(out / emit.path, kYear2000);
  WriteSummary second = run(out, kBaseEmits);
  CHECK(second.up_to_date());
  for (const Emit& emit : kBaseEmits) CHECK(mtime_ns(out / emit.path) == kYear2000 * 1'000'000'000);

  // Now everything matches the manifest: a third run must not even rewrite the manifest.
  set_mtime(out / ".castmap-manifest", kYear2001);
  const auto before = listing(out);
  WriteSummary third = run(out, kBaseEmits);
  CHECK(third.up_to_date());
  CHECK(third.changes.size() == 4);
  CHECK(listing(out) == before);
  CHECK(mtime_ns(out / ".castmap-manifest") == kYear2001 * 1'000'000'000);
}

TEST_CASE("state files round-trip, large ones mapped or else read in slices", "[writer]") {
  TempDir tmp;
  WriterOptions options;
  options.output_dir = tmp.path() / "out";
  OutputWriter writer(options);
  CHECK_FALSE(writer.read_state_file(".castmap-none"));
  // 70 MB: three 32 MB slices when read, the last one short; every byte depends on its offset.
  std::string big(70u << 20, '\0');
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>((i * 131) ^ (i >> 20));
  writer.write_state_file(".castmap-big", [&](const auto& sink) {
    sink(std::string_view(big).substr(0, 1000));
    sink(std::string_view(big).substr(1000));
  });
  std::int64_t mtime_ns = 0;
  auto back = writer.read_state_file(".castmap-big", &mtime_ns);
  REQUIRE(back);
  CHECK(back->is_mapped());
  CHECK(back->still_as_mapped());
  CHECK(back->view().size() == big.size());
  bool same_bytes = back->view() == big;  // not CHECK(a == b): Catch2 would print 70 MB
  CHECK(same_bytes);
  CHECK(mtime_ns > 0);

  // With every slot of the mapping guard taken, a large file is read instead.
  std::vector<FileBytes> held;
  for (int i = 0; i < 80; ++i) {
    auto more = writer.read_state_file(".castmap-big");
    REQUIRE(more);
    if (!more->is_mapped()) break;
    held.push_back(std::move(*more));
  }
  CHECK(held.size() == 63);  // 64 slots, one of them `back`'s
  auto read_instead = writer.read_state_file(".castmap-big");
  REQUIRE(read_instead);
  CHECK_FALSE(read_instead->is_mapped());
  same_bytes = read_instead->view() == big;
  CHECK(same_bytes);
  held.clear();
  auto mapped_again = writer.read_state_file(".castmap-big");
  REQUIRE(mapped_again);
  CHECK(mapped_again->is_mapped());

  writer.write_state_file(".castmap-small", [](const auto& sink) { sink("small"); });
  auto small = writer.read_state_file(".castmap-small");
  REQUIRE(small);
  CHECK(small->view() == "small");
  CHECK_FALSE(small->is_mapped());
  writer.remove_state_file(".castmap-small");
  CHECK_FALSE(writer.read_state_file(".castmap-small"));
  writer.remove_state_file(".castmap-small");  // already gone: not an error
  CHECK_THROWS_AS(writer.read_state_file("not-a-state-file"), std::invalid_argument);
}

TEST_CASE("the fast path trusts size, mtime and hash from the manifest", "[writer]") {
  TempDir tmp;
  const fs::path out = tmp.path() / "out";
  run(out, kBaseEmits);
  for (const Emit& emit : kBaseEmits) set_mtime(out / emit.path, kYear2000);
  run(out, kBaseEmits);  // records the year-2000 mtimes in the manifest

  // Same size, same mtime, different bytes: only a byte comparison could notice. The fast path
  // does not read the file, so it reports "unchanged" - proof that it was taken.
  testing::write_file(out / "sitemap.xml", "<URLSET/>");
  set_mtime(out / "sitemap.xml", kYear2000);
  CHECK(kinds(run(out, kBaseEmits))["sitemap.xml"] == ChangeKind::unchanged);
  CHECK(testing::read_file(out / "sitemap.xml") == "<URLSET/>");

  // A different mtime disables the fast path: the bytes are compared and the file rewritten.
  set_mtime(out / "sitemap.xml", kYear2001);
  CHECK(kinds(run(out, kBaseEmits))["sitemap.xml"] == ChangeKind::changed);
  CHECK(testing::read_file(out / "sitemap.xml") == "<urlset/>");
}

TEST_CASE("an unchanged manifest is rewritten only to settle racily clean entries", "[writer]") {
  TempDir tmp;
  const fs::path out = tmp.path() / "out";
  const fs::path manifest = out / ".castmap-manifest";
  run(out, kBaseEmits);
  for (const Emit& emit : kBaseEmits) set_mtime(out / emit.path, kYear2000);
  run(out, kBaseEmits);  // records the year-2000 mtimes
  set_mtime(manifest, kYear2001);
  run(out, kBaseEmits);  // nothing changed and nothing racy: the manifest is left alone
  CHECK(mtime_ns(manifest) == kYear2001 * 1'000'000'000);

  // Entries as new as the manifest are not trusted ("racily clean"); an unchanged run
  // rewrites the manifest so that the next run can trust them and take the fast paths.
  set_mtime(manifest, kYear2000);
  {
    OutputWriter writer(WriterOptions{out});
    CHECK_FALSE(writer.keep_previous_outputs({"rss", "json-chapters", "sitemap"}));
  }
  run(out, kBaseEmits);
  CHECK(mtime_ns(manifest) > kYear2001 * 1'000'000'000);
  OutputWriter writer(WriterOptions{out});
  CHECK(writer.keep_previous_outputs({"rss", "json-chapters", "sitemap"}));
  CHECK(writer.finish().up_to_date());
}

TEST_CASE("keep_previous_outputs keeps an exporter's files and refuses them again", "[writer]") {
  TempDir tmp;
  const fs::path out = tmp.path() / "out";
  run(out, kBaseEmits);
  for (const Emit& emit : kBaseEmits) set_mtime(out / emit.path, kYear2000);
  run(out, kBaseEmits);  // records the year-2000 mtimes
  const auto manifest_before = testing::read_file(out / ".castmap-manifest");
  {
    OutputWriter writer(WriterOptions{out});
    REQUIRE(writer.keep_previous_outputs({"rss"}));
    CHECK_THROWS_AS(sink_for(writer, "rss").emit("feeds/all.xml", "again"), std::logic_error);
    sink_for(writer, "json-chapters").emit("chapters/a.json", "{\"a\":1}");
    // sitemap.xml is not emitted: pruned, while the kept feeds stay.
    const WriteSummary summary = writer.finish();
    const auto result = kinds(summary);
    CHECK(result.at("feeds/all.xml") == ChangeKind::unchanged);
    CHECK(result.at("feeds/show.xml") == ChangeKind::unchanged);
    CHECK(result.at("chapters/a.json") == ChangeKind::unchanged);
    CHECK(result.at("sitemap.xml") == ChangeKind::removed);
    CHECK(summary.per_exporter.at("rss").unchanged == 2);
  }
  CHECK(testing::read_file(out / "feeds/all.xml") == "<rss>all</rss>");
  CHECK_FALSE(fs::exists(out / "sitemap.xml"));
  const auto manifest_after = testing::read_file(out / ".castmap-manifest");
  CHECK(manifest_after.find("feeds/all.xml\trss") != std::string::npos);
  CHECK(manifest_after.find("sitemap.xml") == std::string::npos);
  CHECK(manifest_after != manifest_before);

  // Nothing changed at all: the manifest is left as it is.
  set_mtime(out / ".castmap-manifest", kYear2001);
  OutputWriter writer(WriterOptions{out});
  REQUIRE(writer.keep_previous_outputs({"rss", "json-chapters"}));
  CHECK(writer.finish().up_to_date());
  CHECK(mtime_ns(out / ".castmap-manifest") == kYear2001 * 1'000'000'000);
}

TEST_CASE("create_file_atomically links a complete file in, or leaves everything as it was",
          "[writer]") {
  // Both ways of naming the unnamed file: by its descriptor (needs CAP_DAC_READ_SEARCH) and
  // through /proc/self/fd (the fallback).
  const bool by_descriptor = GENERATE(true, false);
  allow_descriptor_links(by_descriptor);
  struct Restore {
    ~Restore() { allow_descriptor_links(true); }
  } restore;
  TempDir tmp;
  const fs::path dir = tmp.path() / "d";
  fs::create_directories(dir);
  const int folder = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  REQUIRE(folder >= 0);
  const auto created = create_file_atomically(folder, "new.json", "{\"a\":1}", false);
  if (!created) {
    WARN("skipped: this file system has no O_TMPFILE (the writer falls back to rename)");
    ::close(folder);
    return;
  }
  CHECK(created->size == 7);
  CHECK(created->mtime_ns == mtime_ns(dir / "new.json"));
  CHECK(testing::read_file(dir / "new.json") == "{\"a\":1}");
  CHECK((fs::status(dir / "new.json").permissions() & fs::perms::owner_write) != fs::perms::none);
  // The name exists now: nothing is created or changed, the caller falls back.
  CHECK_FALSE(create_file_atomically(folder, "new.json", "other", false).has_value());
  CHECK(testing::read_file(dir / "new.json") == "{\"a\":1}");
  // Durable mode takes the same path; no temporary names are ever left in the folder.
  CHECK(create_file_atomically(folder, "durable.json", "d", true).has_value());
  ::close(folder);
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename());
  std::sort(names.begin(), names.end());
  CHECK(names == std::vector<std::string>{"durable.json", "new.json"});
  // As root the capability is there: the cheaper link must have been taken.
  if (by_descriptor && ::geteuid() == 0) CHECK(descriptor_links_used());
}

TEST_CASE("changing one file rewrites only that file", "[writer]") {
  TempDir tmp;
  const fs::path out = tmp.path() / "out";
  run(out, kBaseEmits);
  for (const Emit& emit : kBaseEmits) set_mtime(out / emit.path, kYear2000);
  ::chmod((out / "feeds/show.xml").c_str(), 0640);

  std::vector<Emit> emits = kBaseEmits;
  emits[1].bytes = "<rss>show v2</rss>";
  WriteSummary summary = run(out, emits);
  const auto result = kinds(summary);
  CHECK(result.at("feeds/show.xml") == ChangeKind::changed);
  CHECK(result.at("feeds/all.xml") == ChangeKind::unchanged);
  CHECK(result.at("chapters/a.json") == ChangeKind::unchanged);
  CHECK(result.at("sitemap.xml") == ChangeKind::unchanged);
  CHECK(testing::read_file(out / "feeds/show.xml") == "<rss>show v2</rss>");
  CHECK(mtime_ns(out / "feeds/show.xml") != kYear2000 * 1'000'000'000);
  CHECK(mtime_ns(out / "feeds/all.xml") == kYear2000 * 1'000'000'000);
  CHECK((fs::status(out / "feeds/show.xml").permissions() & fs::perms::all) ==
        (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));

  // Summary: sorted by path, per-exporter counts exact.
  std::vector<std::string> paths;
  for (const FileChange& change : summary.changes) paths.push_back(change.path);
  CHECK(paths == std::vector<std::string>{"chapters/a.json", "feeds/all.xml", "feeds/show.xml",
                                          "sitemap.xml"});
  CHECK(summary.per_exporter.at("rss").changed == 1);
  CHECK(summary.per_exporter.at("rss").unchanged == 1);
  CHECK(summary.per_exporter.at("json-chapters").unchanged == 1);
  CHECK(summary.per_exporter.at("sitemap").created == 0);
}

/// One run that emits `path` with emit_unless_unchanged; returns whether `render` was called.
bool keyed_run(const fs::path& dir, const std::string& path, std::uint64_t inputs,
               const std::string& bytes, WriteMode mode = WriteMode::write) {
  OutputWriter writer(WriterOptions{dir, mode, false, false});
  bool rendered = false;
  sink_for(writer, "rss").emit_unless_unchanged(path, inputs, [&] {
    rendered = true;
    return bytes;
  });
  writer.finish();
  return rendered;
}

TEST_CASE("emit_unless_unchanged renders only when the inputs or the file changed", "[writer]") {
  TempDir tmp;
  const fs::path out = tmp.path() / "out";
  CHECK(keyed_run(out, "feeds/a.xml", 7, "v1"));  // nothing known yet
  // Written in the same clock tick as the manifest: "racily clean", so not trusted yet.
  set_mtime(out / "feeds/a.xml", kYear2000);
  CHECK(keyed_run(out, "feeds/a.xml", 7, "v1"));                 // records the year-2000 mtime
  CHECK_FALSE(keyed_run(out, "feeds/a.xml", 7, "would be v2"));  // same inputs: kept
  CHECK(testing::read_file(out / "feeds/a.xml") == "v1");
  CHECK_FALSE(keyed_run(out, "feeds/a.xml", 7, "v2", WriteMode::check));

  CHECK(keyed_run(out, "feeds/a.xml", 8, "v2"));  // other inputs: rendered and written
  CHECK(testing::read_file(out / "feeds/a.xml") == "v2");
  set_mtime(out / "feeds/a.xml", kYear2000);
  CHECK(keyed_run(out, "feeds/a.xml", 8, "v2"));
  CHECK_FALSE(keyed_run(out, "feeds/a.xml", 8, "v3"));

  // Touched by someone else (mtime), or missing: rendered again.
  set_mtime(out / "feeds/a.xml", kYear2001);
  CHECK(keyed_run(out, "feeds/a.xml", 8, "v2"));
  fs::remove(out / "feeds/a.xml");
  CHECK(keyed_run(out, "feeds/a.xml", 8, "v2"));
  CHECK(testing::read_file(out / "feeds/a.xml") == "v2");
  // Inputs 0 means unknown: always rendered.
  set_mtime(out / "feeds/a.xml", kYear2000);
  CHECK(keyed_run(out, "feeds/a.xml", 0, "v2"));
  CHECK(keyed_run(out, "feeds/a.xml", 0, "v2"));

  // A kept file is still tracked (not pruned) and counted as unchanged.
  set_mtime(out / "feeds/a.xml", kYear2000);
  CHECK(keyed_run(out, "feeds/a.xml", 9, "v2"));
  {
    OutputWriter writer(WriterOptions{out});
    sink_for(writer, "rss").emit_unless_unchanged("feeds/a.xml", 9, [] {
      return std::string("x");
    });
    CHECK_THROWS_AS(sink_for(writer, "rss").emit("feeds/a.xml", "again"), std::logic_error);
    const WriteSummary summary = writer.finish();
    CHECK(kinds(summary).at("feeds/a.xml") == ChangeKind::unchanged);
  }
  CHECK(testing::read_file(out / "feeds/a.xml") == "v2");
  CHECK_FALSE(keyed_run(out, "feeds/a.xml", 9, "x"));  // the next manifest still records it
}

TEST_CASE("a path is claimed once, whether kept or written", "[writer]") {
  TempDir tmp;
  const fs::path out = tmp.path() / "out";
  CHECK(keyed_run(out, "feeds/a.xml", 9, "v1"));
  set_mtime(out / "feeds/a.xml", kYear2000);
  CHECK(keyed_run(out, "feeds/a.xml", 9, "v1"));
  const auto keep = [](OutputWriter& writer, const std::string& exporter) {
    sink_for(writer, exporter).emit_unless_unchanged("feeds/a.xml", 9, [] {
      return std::string("x");
    });
  };
  const auto claimed_twice = [](const std::function<void()>& action, const std::string& first) {
    try {
      action();
      FAIL("claimed twice");
    } catch (const std::logic_error& error) {
      CHECK_THAT(error.what(), Catch::Contains("emitted twice"));
      CHECK_THAT(error.what(), Catch::Contains("'" + first + "'"));
    }
  };
  {
    INFO("written, then kept");
    OutputWriter writer(WriterOptions{out});
    sink_for(writer, "sitemap").emit("feeds/a.xml", "v2");
    claimed_twice([&] { keep(writer, "rss"); }, "sitemap");
    writer.finish();
  }
  CHECK(testing::read_file(out / "feeds/a.xml") == "v2");
  CHECK(keyed_run(out, "feeds/a.xml", 9, "v1"));  // written by another exporter: rendered
  set_mtime(out / "feeds/a.xml", kYear2000);
  CHECK(keyed_run(out, "feeds/a.xml", 9, "v1"));
  {
    INFO("kept twice");
    OutputWriter writer(WriterOptions{out});
    keep(writer, "rss");
    claimed_twice([&] { keep(writer, "rss"); }, "rss");
    const WriteSummary summary = writer.finish();
    CHECK(kinds(summary).at("feeds/a.xml") == ChangeKind::unchanged);
  }
  CHECK(testing::read_file(out / "feeds/a.xml") == "v1");
}

/// One run that emits `path` as the given pieces through emit_streamed_unless_unchanged;
/// returns the file's change kind, or nullopt when the producer was not called (kept).
std::optional<ChangeKind> streamed_run(const fs::path& dir, const std::string& path,
                                       const std::vector<std::string>& pieces,
                                       std::uint64_t inputs = 0,
                                       WriteMode mode = WriteMode::write) {
  OutputWriter writer(WriterOptions{dir, mode, false, false});
  bool produced = false;
  sink_for(writer, "rss")
      .emit_streamed_unless_unchanged(path, inputs, [&](const OutputTarget::PieceWriter& write) {
        produced = true;
        for (const std::string& piece : pieces) write(piece);
      });
  const WriteSummary summary = writer.finish();
  if (!produced) return std::nullopt;
  return kinds(summary).at(path);
}

TEST_CASE("a streamed file is written, compared and kept like an emitted one", "[writer]") {
  TempDir tmp;
  const fs::path out = tmp.path() / "out";
  const std::string path = "feeds/all.xml";
  CHECK(streamed_run(out, path, {"<rss>", "", "one", "</rss>"}) == ChangeKind::created);
  CHECK(testing::read_file(out / path) == "<rss>one</rss>");
  CHECK(temp_files(out).empty());

  // The same bytes, split differently: unchanged, and the file is not rewritten.
  set_mtime(out / path, kYear2000);
  CHECK(streamed_run(out, path, {"<rss>o", "ne</rss>"}) == ChangeKind::unchanged);
  CHECK(mtime_ns(out / path) == kYear2000 * 1'000'000'000);
  CHECK(temp_files(out).empty());

  // Differences early, at the very end, and in length are all noticed; the mode is kept.
  ::chmod((out / path).c_str(), 0640);
  for (const std::string& next :
       std::vector<std::string>{"<RSS>one</rss>", "<rss>one</rss ", "<rss>one</rss>\n",
                                "<rss>one</rs", "<rss>one</rss>"}) {
    CAPTURE(next);
    CHECK(streamed_run(out, path, {next.substr(0, 3), next.substr(3)}) == ChangeKind::changed);
    CHECK(testing::read_file(out / path) == next);
    CHECK((fs::status(out / path).permissions() & fs::perms::all) ==
          (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
  }
  CHECK(temp_files(out).empty());

  // The manifest records the same hash as for the whole bytes emitted at once, so an emit()
  // of the same bytes takes the fast path.
  set_mtime(out / path, kYear2000);
  CHECK(streamed_run(out, path, {"<rss>one</rss>"}, 5) == ChangeKind::unchanged);
  std::string manifest = testing::read_file(out / ".castmap-manifest");
  CHECK(manifest.find(path + "\trss\t14\t") != std::string::npos);
  char hash[17];
  std::snprintf(hash, sizeof hash, "%016llx",
                static_cast<unsigned long long>(content_hash("<rss>one</rss>")));
  CHECK(manifest.find(hash) != std::string::npos);

  // Same inputs and untouched on disk: not produced at all.
  CHECK(streamed_run(out, path, {"ignored"}, 5) == std::nullopt);
  CHECK(testing::read_file(out / path) == "<rss>one</rss>");

  // Check mode reports without writing, also where the folder does not exist yet.
  const auto before = listing(out);
  CHECK(streamed_run(out, path, {"<rss>two</rss>"}, 6, WriteMode::check) == ChangeKind::changed);
  CHECK(streamed_run(out, "new/x.xml", {"x"}, 0, WriteMode::check) == ChangeKind::created);
  CHECK(listing(out) == before);
  CHECK(streamed_run(tmp.path() / "none", path, {"x"}, 0, WriteMode::check) == ChangeKind::created);
  CHECK_FALSE(fs::exists(tmp.path() / "none"));
}

/// A streamed file of fragments: `head`, then each (key, bytes) item, then `tail`.
struct FragmentedFile {
  std::string head;
  std::vector<std::pair<std::uint64_t, std::string>> items;
  std::string tail;
  std::uint64_t inputs = 0;  ///< for emit_streamed_unless_unchanged
  std::string bytes() const {
    std::string all = head;
    for (const auto& item : items) all += item.second;
    return all + tail;
  }
};

/// One run: first recalls `keys` through `recalling_exporter`'s sink (each as "bytes|note", or
/// nullopt), then emits the files as rss through emit_streamed_unless_unchanged, remembering
/// each item under its key with the note "n<key>" when `remember`.
std::vector<std::optional<std::string>> fragment_run(
    const fs::path& dir, const std::map<std::string, FragmentedFile>& files,
    const std::vector<std::uint64_t>& keys, bool remember = true,
    std::size_t* recalled_count = nullptr, const std::string& recalling_exporter = "rss") {
  OutputWriter writer(WriterOptions{dir});
  RememberedFragments fragments(writer);
  TestSink sink = sink_for(writer, "rss", &fragments);
  std::vector<std::optional<std::string>> recalled;
  for (std::uint64_t key : keys) {
    const auto fragment = sink_for(writer, recalling_exporter, &fragments).recall_fragment(key);
    recalled.push_back(fragment ? std::optional<std::string>(std::string(fragment->bytes) + "|" +
                                                             std::string(fragment->note))
                                : std::nullopt);
  }
  for (const auto& entry : files) {
    // Named, not structured bindings: clang 14 cannot capture those in a lambda.
    const std::string& path = entry.first;
    const FragmentedFile& file = entry.second;
    sink.emit_streamed_unless_unchanged(
        path, file.inputs, [&](const OutputTarget::PieceWriter& write) {
          write(file.head);
          std::uint64_t offset = file.head.size();
          std::vector<FragmentPlacement> placed;
          for (const auto& [key, bytes] : file.items) {
            write(bytes);
            placed.push_back(
                {key, offset, static_cast<std::uint32_t>(bytes.size()), "n" + std::to_string(key)});
            offset += bytes.size();
          }
          write(file.tail);
          if (remember) sink.remember_fragments(path, std::move(placed));
        });
  }
  fragments.save();
  writer.finish();
  if (recalled_count) *recalled_count = fragments.recalled();
  return recalled;
}

TEST_CASE("fragments remembered in a file are recalled while the file is as written", "[writer]") {
  TempDir tmp;
  const fs::path out = tmp.path() / "out";
  const std::string all_path = "feeds/all.xml", show_path = "feeds/show.xml";
  const FragmentedFile all{"<rss>", {{11, "<a/>"}, {12, "<bb/>"}}, "</rss>"};
  const FragmentedFile show{"<rss>", {{21, "<s/>"}}, "</rss>"};
  const std::map<std::string, FragmentedFile> both{{all_path, all}, {show_path, show}};
  using Recalled = std::vector<std::optional<std::string>>;
  CHECK(fragment_run(out, both, {11}) == Recalled{std::nullopt});  // first run: nothing known
  CHECK(testing::read_file(out / all_path) == "<rss><a/><bb/></rss>");
  // Written in the manifest's clock tick: not trusted until a run records an older mtime.
  const auto age_both = [&] {
    set_mtime(out / all_path, kYear2000);
    set_mtime(out / show_path, kYear2000);
  };
  age_both();
  CHECK(fragment_run(out, both, {11}) == Recalled{std::nullopt});

  std::size_t recalled = 0;
  CHECK(fragment_run(out, both, {11, 12, 13, 0}, true, &recalled) ==
        Recalled{"<a/>|n11", "<bb/>|n12", std::nullopt, std::nullopt});
  CHECK(recalled == 2);
  // Only the exporter that wrote a file recalls from it.
  CHECK(fragment_run(out, both, {11}, true, nullptr, "sitemap") == Recalled{std::nullopt});

  // A file kept unrendered (same inputs) keeps its fragments for the run after, while the one
  // rendered again brings its own.
  FragmentedFile all_5 = all, show_5 = show, show_6 = show;
  all_5.inputs = show_5.inputs = 5;
  show_6.inputs = 6;
  age_both();
  fragment_run(out, {{all_path, all_5}, {show_path, show_5}}, {});  // records inputs 5
  CHECK(fragment_run(out, {{all_path, all_5}, {show_path, show_6}}, {}) == Recalled{});
  CHECK(fragment_run(out, {{all_path, all_5}, {show_path, show_6}}, {11, 21}) ==
        Recalled{"<a/>|n11", "<s/>|n21"});

  // Touched on disk since: its bytes are not trusted.
  age_both();
  fragment_run(out, both, {});
  set_mtime(out / all_path, kYear2001);
  CHECK(fragment_run(out, both, {11, 21}) == Recalled{std::nullopt, "<s/>|n21"});

  // Rewritten by runs that remembered nothing: the index still names the old file, whose hash
  // the manifest no longer has, so nothing is recalled from it (not the new file's bytes).
  const FragmentedFile changed{"<rss>", {{11, "<A/>"}, {12, "<bb/>"}}, "</rss>"};
  age_both();
  fragment_run(out, {{all_path, all}}, {});
  fragment_run(out, {{all_path, changed}}, {}, false);
  set_mtime(out / all_path, kYear2000);
  fragment_run(out, {{all_path, changed}}, {}, false);
  CHECK(testing::read_file(out / all_path) == "<rss><A/><bb/></rss>");
  CHECK(fragment_run(out, {{all_path, changed}}, {11, 12}, false) ==
        Recalled{std::nullopt, std::nullopt});

  // A damaged index is ignored (everything is rendered), never trusted.
  fragment_run(out, {{all_path, all}}, {});
  set_mtime(out / all_path, kYear2000);
  fragment_run(out, {{all_path, all}}, {});
  CHECK(fragment_run(out, {{all_path, all}}, {12}) == Recalled{"<bb/>|n12"});
  std::string index = testing::read_file(out / ".castmap-fragments");
  REQUIRE(index.size() > 20);
  index[index.size() / 2] ^= 0x20;
  testing::write_file(out / ".castmap-fragments", index);
  CHECK(fragment_run(out, {{all_path, all}}, {12}) == Recalled{std::nullopt});
}

TEST_CASE("a streamed file is only written from where it starts to differ", "[writer]") {
  TempDir tmp;
  const fs::path out = tmp.path() / "out";
  const std::string path = "sitemaps/part.xml";
  // Large enough that the old start is copied in several reads.
  std::string old_bytes;
  for (int i = 0; old_bytes.size() < (3u << 20); ++i)
    old_bytes += "<url>" + std::to_string(i) + "</url>\n";
  CHECK(streamed_run(out, path, {old_bytes}) == ChangeKind::created);
  const std::string head = old_bytes.substr(0, (5u << 20) / 2);

  // Found no different: no temporary file exists while the pieces arrive, nor after.
  const auto same_again = [&](const OutputTarget::PieceWriter& write) {
    write(head.substr(0, 1000));
    write(old_bytes.substr(1000, head.size() - 1000));
    CHECK(temp_files(out).empty());
    write(old_bytes.substr(head.size()));
    CHECK(temp_files(out).empty());
  };
  {
    OutputWriter writer(WriterOptions{out, WriteMode::write, false, false});
    sink_for(writer, "rss").emit_streamed_unless_unchanged(path, 0, same_again);
    CHECK(kinds(writer.finish()).at(path) == ChangeKind::unchanged);
  }

  // Different after 2.5 MB: the old start is copied, the rest written as it comes.
  const std::string changed = head + "<url>new</url>\n" + old_bytes.substr(head.size() + 7);
  {
    OutputWriter writer(WriterOptions{out, WriteMode::write, false, false});
    sink_for(writer, "rss")
        .emit_streamed_unless_unchanged(path, 0, [&](const OutputTarget::PieceWriter& write) {
          write(head.substr(0, 4096));
          write(head.substr(4096));
          CHECK(temp_files(out).empty());
          write(changed.substr(head.size(), 10));
          CHECK(temp_files(out).size() == 1);
          write(changed.substr(head.size() + 10));
        });
    CHECK(kinds(writer.finish()).at(path) == ChangeKind::changed);
  }
  const bool written_as_new = testing::read_file(out / path) == changed;
  CHECK(written_as_new);
  CHECK(temp_files(out).empty());

  // Shorter: every new byte repeats the old start, the difference is where the bytes end.
  CHECK(streamed_run(out, path, {changed.substr(0, 100), changed.substr(100, 2'000'000)}) ==
        ChangeKind::changed);
  const bool cut_short = testing::read_file(out / path) == changed.substr(0, 2'000'100);
  CHECK(cut_short);
}

TEST_CASE("a streamed file's old start is not copied once changed by someone else", "[writer]") {
  TempDir tmp;
  const fs::path out = tmp.path() / "out";
  const std::string path = "feeds/all.xml";
  CHECK(streamed_run(out, path, {"<rss>one two three</rss>"}) == ChangeKind::created);
  {
    OutputWriter writer(WriterOptions{out, WriteMode::write, false, false});
    sink_for(writer, "rss")
        .emit_streamed_unless_unchanged(path, 0, [&](const OutputTarget::PieceWriter& write) {
          write("<rss>one ");
          // Another program rewrites the start after it was compared.
          testing::write_file(out / path, "<RSS>ONE two three</rss>");
          write("2 three</rss>");
        });
    CHECK_THROWS_WITH(writer.finish(), Catch::Contains("changed on disk"));
  }
  CHECK(testing::read_file(out / path) == "<RSS>ONE two three</rss>");
  CHECK(temp_files(out).empty());
}

TEST_CASE("a mapped file cut short by another program stops the run with status 3", "[writer]") {
  TempDir tmp;
  const fs::path file = tmp.path() / "all.xml";
  testing::write_file(file, std::string(2u << 20, 'x'));
  int messages[2];
  REQUIRE(::pipe(messages) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {  // only async-signal-safe calls and _exit() from here
    ::dup2(messages[1], STDERR_FILENO);
    const int fd = ::open(file.c_str(), O_RDONLY);
    std::optional<FileBytes> bytes = FileBytes::map(fd, 2u << 20, "out/feeds/all.xml");
    if (!bytes || !bytes->is_mapped()) ::_exit(90);
    if (::truncate(file.c_str(), 4096) != 0) ::_exit(91);
    volatile char last = bytes->view().back();  // past the end of the file now
    (void)last;
    ::_exit(92);  // not reached: the guard exits
  }
  ::close(messages[1]);
  std::string message;
  char buffer[512];
  for (ssize_t got; (got = ::read(messages[0], buffer, sizeof buffer)) > 0;)
    message.append(buffer, static_cast<std::size_t>(got));
  ::close(messages[0]);
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 3);
  CHECK_THAT(message, Catch::StartsWith("castmap: error: 'out/feeds/all.xml' was cut short by "
                                        "another program while castmap was reading it"));
}

TEST_CASE("bytes recalled from an old file written to meanwhile never replace an output",
          "[writer]") {
  TempDir tmp;
  const fs::path out = tmp.path() / "out";
  const std::string path = "feeds/all.xml";
  // Over 1 MB, so the old file is mapped rather than copied.
  FragmentedFile all{
      "<rss>", {{11, std::string(700'000, 'a')}, {12, std::string(700'000, 'b')}}, "</rss>"};
  fragment_run(out, {{path, all}}, {});
  set_mtime(out / path, kYear2000);
  fragment_run(out, {{path, all}}, {});  // records the aged mtime
  std::string unchanged_file = testing::read_file(out / path);

  OutputWriter writer(WriterOptions{out});
  RememberedFragments fragments(writer);
  TestSink sink = sink_for(writer, "rss", &fragments);
  const auto recalled = sink.recall_fragment(11);
  REQUIRE(recalled);
  const bool as_written = recalled->bytes == all.items[0].second;
  CHECK(as_written);
  // Another program writes into the old file in place (same size, new mtime).
  {
    const int fd = ::open((out / path).c_str(), O_WRONLY);
    REQUIRE(fd >= 0);
    REQUIRE(::pwrite(fd, "Z", 1, 5) == 1);
    ::close(fd);
  }
  unchanged_file[5] = 'Z';
  sink.emit_streamed_unless_unchanged(path, 0, [&](const OutputTarget::PieceWriter& write) {
    write("<rss>");
    write(recalled->bytes);  // now shows the other program's byte
    write("<new/></rss>");
  });
  CHECK_THROWS_WITH(writer.finish(), Catch::Contains("was written to by another program"));
  const bool left_as_is = testing::read_file(out / path) == unchanged_file;
  CHECK(left_as_is);
  CHECK(temp_files(out).empty());
}

TEST_CASE("a streamed file never replaces a link", "[writer]") {
  TempDir tmp;
  const fs::path out = tmp.path() / "out";
  testing::write_file(tmp.path() / "victim.xml", "victim");
  fs::create_directories(out / "feeds");
  fs::create_symlink(tmp.path() / "victim.xml", out / "feeds/all.xml");
  {
    OutputWriter writer(WriterOptions{out});
    bool produced = false;
    sink_for(writer, "rss")
        .emit_streamed_unless_unchanged("feeds/all.xml", 0,
                                        [&](const OutputTarget::PieceWriter&) { produced = true; });
    CHECK_THROWS_WITH(writer.finish(), Catch::Contains("symbolic link"));
    CHECK_FALSE(produced);
  }
  CHECK(testing::read_file(tmp.path() / "victim.xml") == "victim");
}

TEST_CASE("files no longer emitted are pruned, foreign files never", "[writer]") {
  TempDir tmp;
  const fs::path out = tmp.path() / "out";
  std::vector<Emit> emits = kBaseEmits;
  emits.push_back({"vtt", "vtt/only/one.vtt", "WEBVTT\n"});
  run(out, emits);
  testing::write_file(out / "robots.txt", "User-agent: *\n");
  testing::write_file(out / "feeds/custom.xml", "mine");

  std::vector<Emit> fewer = kBaseEmits;
  fewer.erase(fewer.begin() + 1);  // drop feeds/show.xml
  WriteSummary summary = run(out, fewer);
  const auto result = kinds(summary);
  CHECK(result.at("feeds/show.xml") == ChangeKind::removed);
  CHECK(result.at("vtt/only/one.vtt") == ChangeKind::removed);
  CHECK(summary.per_exporter.at("rss").removed == 1);
  CHECK(summary.per_exporter.at("vtt").removed == 1);
  CHECK_FALSE(fs::exists(out / "feeds/show.xml"));
  CHECK_FALSE(fs::exists(out / "vtt"));  // emptied folders go, up to the root
  CHECK(fs::exists(out));
  CHECK(testing::read_file(out / "robots.txt") == "User-agent: *\n");
  CHECK(testing::read_file(out / "feeds/custom.xml") == "mine");
  CHECK(result.count("robots.txt") == 0);

  // Pruned files are gone from the manifest too: nothing more to remove next time.
  CHECK(run(out, fewer).up_to_date());
}

TEST_CASE("pruning is restricted to prune_exporters", "[writer]") {
  TempDir tmp;
  const fs::path out = tmp.path() / "out";
  run(out, kBaseEmits);

  // An --only rss run that drops feeds/show.xml must not delete the other formats' files.
  WriteSummary partial =
      run(out, {{"rss", "feeds/all.xml", "<rss>all</rss>"}}, WriteMode::write, {"rss"});
  const auto result = kinds(partial);
  CHECK(result.at("feeds/show.xml") == ChangeKind::removed);
  CHECK(result.count("chapters/a.json") == 0);
  CHECK(fs::exists(out / "chapters/a.json"));
  CHECK(fs::exists(out / "sitemap.xml"));

  // They are still tracked, so a full run without them prunes them.
  WriteSummary full = run(out, {{"rss", "feeds/all.xml", "<rss>all</rss>"}});
  CHECK(kinds(full).at("chapters/a.json") == ChangeKind::removed);
  CHECK(kinds(full).at("sitemap.xml") == ChangeKind::removed);
  CHECK_FALSE(fs::exists(out / "chapters"));
}

TEST_CASE("check mode computes everything and writes nothing", "[writer]") {
  TempDir tmp;
  const fs::path out = tmp.path() / "out";

  SECTION("missing output folder: everything is created, nothing appears") {
    WriteSummary summary = run(out, kBaseEmits, WriteMode::check);
    CHECK(summary.changes.size() == 4);
    for (const FileChange& change : summary.changes) CHECK(change.kind == ChangeKind::created);
    CHECK_FALSE(fs::exists(out));
    CHECK(listing(tmp.path()).empty());
  }

  SECTION("existing folder: created, changed, unchanged and removed are reported") {
    run(out, kBaseEmits);
    const auto before = listing(out);
    std::vector<Emit> emits = kBaseEmits;
    emits[0].bytes = "<rss>new</rss>";
    emits.erase(emits.begin() + 3);  // sitemap.xml would be removed
    emits.push_back({"vtt", "vtt/new/x.vtt", "WEBVTT\n"});
    WriteSummary summary = run(out, emits, WriteMode::check);
    const auto result = kinds(summary);
    CHECK(result.at("feeds/all.xml") == ChangeKind::changed);
    CHECK(result.at("feeds/show.xml") == ChangeKind::unchanged);
    CHECK(result.at("sitemap.xml") == ChangeKind::removed);
    CHECK(result.at("vtt/new/x.vtt") == ChangeKind::created);
    CHECK(listing(out) == before);
  }
}

TEST_CASE("one run per output folder", "[writer]") {
  TempDir tmp;
  const fs::path out = tmp.path() / "out";
  auto first = std::make_unique<OutputWriter>(WriterOptions{out});

  SECTION("a second writer fails with a message naming the folder") {
    try {
      OutputWriter second(WriterOptions{out});
      FAIL("second writer got the lock");
    } catch (const OutputLockedError& error) {
      CHECK_THAT(error.what(), Catch::Contains(out.string()));
      CHECK_THAT(error.what(), Catch::Contains("another castmap run"));
    }
    // Check mode takes a shared lock: it must not read a half-written folder either.
    CHECK_THROWS_AS(OutputWriter(WriterOptions{out, WriteMode::check}), OutputLockedError);
  }

  SECTION("with wait_lock the second writer proceeds once the first is gone") {
    sink_for(*first, "rss").emit("a.xml", "first");
    first->finish();
    std::atomic<bool> acquired{false};
    std::string seen;
    std::thread waiter([&] {
      OutputWriter second(WriterOptions{out, WriteMode::write, false, true});
      acquired = true;
      sink_for(second, "rss").emit("a.xml", "second");
      second.finish();
      seen = testing::read_file(out / "a.xml");
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK_FALSE(acquired.load());  // still blocked: the first writer holds the lock
    first.reset();
    waiter.join();
    CHECK(acquired.load());
    CHECK(seen == "second");
  }

  SECTION("checking runs share the lock with each other") {
    first.reset();
    OutputWriter check1(WriterOptions{out, WriteMode::check});
    OutputWriter check2(WriterOptions{out, WriteMode::check});
    CHECK_THROWS_AS(OutputWriter(WriterOptions{out}), OutputLockedError);
  }
}

TEST_CASE("a killed run's temporary files are removed by the next run", "[writer]") {
  TempDir tmp;
  const fs::path out = tmp.path() / "out";
  run(out, kBaseEmits);
  testing::write_file(out / ".castmap-tmp-1-deadbeef-0", "partial");
  testing::write_file(out / "feeds/.castmap-tmp-1-deadbeef-1", "partial");      // a manifest folder
  testing::write_file(out / "brand/new/.castmap-tmp-1-deadbeef-2", "partial");  // unknown folder
  testing::write_file(out / "feeds/notes.castmap-tmp-", "foreign");
  testing::write_file(out / std::string(kWritingMarkerName), "");  // what a killed run leaves

  {
    OutputWriter writer(WriterOptions{out});
    // The constructor sweeps the root and the manifest's folders.
    CHECK_FALSE(fs::exists(out / ".castmap-tmp-1-deadbeef-0"));
    CHECK_FALSE(fs::exists(out / "feeds/.castmap-tmp-1-deadbeef-1"));
    CHECK(fs::exists(out / "brand/new/.castmap-tmp-1-deadbeef-2"));
    // Any other folder is swept when the run first writes into it.
    sink_for(writer, "rss").emit("brand/new/feed.xml", "x");
    CHECK_FALSE(fs::exists(out / "brand/new/.castmap-tmp-1-deadbeef-2"));
    writer.finish();
  }
  CHECK(testing::read_file(out / "feeds/notes.castmap-tmp-") == "foreign");
  CHECK(temp_files(out).empty());
  CHECK_FALSE(fs::exists(out / std::string(kWritingMarkerName)));  // a clean end removes it
}

TEST_CASE("a run that ended cleanly leaves nothing to sweep, so folders are not listed",
          "[writer]") {
  TempDir tmp;
  const fs::path out = tmp.path() / "out";
  run(out, kBaseEmits);
  const fs::path marker = out / std::string(kWritingMarkerName);
  CHECK_FALSE(fs::exists(marker));
  // Not castmap's (no marker says a run was killed here): left alone, the folder not listed.
  testing::write_file(out / "feeds/.castmap-tmp-1-deadbeef-1", "someone else's");
  {
    OutputWriter writer(WriterOptions{out});
    CHECK(fs::exists(out / "feeds/.castmap-tmp-1-deadbeef-1"));
    // Replacing a file goes through a temporary file: the marker is there while it may exist.
    sink_for(writer, "rss").emit("feeds/show.xml", "<rss>changed</rss>");
    CHECK(fs::exists(marker));
    writer.finish();
  }
  CHECK_FALSE(fs::exists(marker));
  CHECK(testing::read_file(out / "feeds/show.xml") == "<rss>changed</rss>");
}

TEST_CASE("a writer that leaves its tables for process exit still unlocks and cleans up",
          "[writer]") {
  TempDir tmp;
  const fs::path out = tmp.path() / "out";
  run(out, kBaseEmits);
  {
    WriterOptions options{out};
    options.reclaim_memory = false;  // what the CLI does
    OutputWriter writer(options);
    sink_for(writer, "rss").emit("feeds/show.xml", "<rss>changed</rss>");
    writer.finish();
  }
  // The lock is gone at once (not at process exit), the marker removed and the manifest written.
  CHECK_FALSE(fs::exists(out / std::string(kWritingMarkerName)));
  OutputWriter next(WriterOptions{out});
  CHECK(testing::read_file(out / "feeds/show.xml") == "<rss>changed</rss>");
  CHECK(testing::read_file(out / ".castmap-manifest").find("feeds/show.xml\trss") !=
        std::string::npos);
}

TEST_CASE("emit rejects bad paths and duplicate files", "[writer]") {
  TempDir tmp;
  OutputWriter writer(WriterOptions{tmp.path() / "out"});
  TestSink sink = sink_for(writer, "rss");
  const std::vector<std::string> bad = {"",
                                        "/etc/passwd",
                                        "a//b",
                                        "a/",
                                        "../x",
                                        "a/../../b",
                                        "./a",
                                        "a/./b",
                                        "a\\b",
                                        std::string("a\0b", 3),
                                        "a\tb",
                                        "a\nb",
                                        ".castmap-manifest",
                                        "x/.castmap-tmp-1",
                                        ".castmap.lock"};
  for (const std::string& path : bad) {
    INFO("path: " << path);
    CHECK_THROWS_AS(sink.emit(path, "x"), std::invalid_argument);
  }
  CHECK_THROWS_AS(writer.register_exporter("bad name"), std::invalid_argument);
  CHECK_THROWS_AS(writer.register_exporter(""), std::invalid_argument);

  sink.emit(".well-known/podcast.json", "{}");
  sink.emit("sitemaps/episodes-1.xml.gz", "gz");
  try {
    sink_for(writer, "sitemap").emit("sitemaps/episodes-1.xml.gz", "again");
    FAIL("duplicate accepted");
  } catch (const std::logic_error& error) {
    CHECK_THAT(error.what(), Catch::Contains("emitted twice"));
    CHECK_THAT(error.what(), Catch::Contains("'rss'"));
  }
  const WriteSummary summary = writer.finish();
  CHECK(summary.changes.size() == 2);
  CHECK(testing::read_file(tmp.path() / "out/sitemaps/episodes-1.xml.gz") == "gz");
}

TEST_CASE("never writes or prunes through symbolic links", "[writer]") {
  TempDir tmp;
  const fs::path out = tmp.path() / "out";
  const fs::path elsewhere = tmp.path() / "elsewhere";
  fs::create_directories(elsewhere);
  testing::write_file(elsewhere / "target.xml", "precious");
  run(out, {{"rss", "feeds/old.xml", "old"}, {"rss", "keep.xml", "k"}});

  SECTION("a symlinked folder is refused") {
    fs::create_directory_symlink(elsewhere, out / "evil");
    OutputWriter writer(WriterOptions{out});
    sink_for(writer, "rss").emit("keep.xml", "k");
    sink_for(writer, "rss").emit("evil/x.xml", "payload");
    try {
      writer.finish();
      FAIL("write through a link accepted");
    } catch (const OutputIoError& error) {
      CHECK_THAT(error.what(), Catch::Contains("cannot write 'evil/x.xml'"));
      CHECK_THAT(error.what(), Catch::Contains("symbolic link"));
    }
    CHECK_FALSE(fs::exists(elsewhere / "x.xml"));
  }

  SECTION("a symlinked file is refused") {
    fs::create_symlink(elsewhere / "target.xml", out / "link.xml");
    OutputWriter writer(WriterOptions{out});
    sink_for(writer, "rss").emit("link.xml", "payload");
    CHECK_THROWS_AS(writer.finish(), OutputIoError);
    CHECK(testing::read_file(elsewhere / "target.xml") == "precious");
    CHECK(fs::is_symlink(out / "link.xml"));
  }

  SECTION("a folder replaced by a link is not pruned through") {
    fs::remove_all(out / "feeds");
    testing::write_file(elsewhere / "old.xml", "not castmap's");
    fs::create_directory_symlink(elsewhere, out / "feeds");
    WriteSummary summary = run(out, {{"rss", "keep.xml", "k"}});
    CHECK(summary.up_to_date());
    CHECK(testing::read_file(elsewhere / "old.xml") == "not castmap's");
  }
  CHECK(testing::read_file(elsewhere / "target.xml") == "precious");
}

TEST_CASE("a damaged or tampered manifest is set aside, and the run prunes nothing", "[writer]") {
  TempDir tmp;
  const fs::path out = tmp.path() / "out";
  fs::create_directories(out);
  testing::write_file(tmp.path() / "victim.txt", "keep me");
  testing::write_file(out / "feeds/old.xml", "published");
  const std::string tampered =
      "castmap-manifest 1\nfeeds/old.xml\trss\t9\t0\t0000000000000000\n"
      "../victim.txt\trss\t7\t0\t0000000000000000\n";
  testing::write_file(out / ".castmap-manifest", tampered);
  {
    // Check mode reports it and touches nothing.
    OutputWriter checking(WriterOptions{out, WriteMode::check});
    const std::vector<Diagnostic> notices = checking.take_notices();
    REQUIRE(notices.size() == 1);
    CHECK_THAT(notices[0].message, Catch::Contains("a run would set it aside"));
    checking.finish();
  }
  CHECK(testing::read_file(out / ".castmap-manifest") == tampered);
  {
    OutputWriter writer(WriterOptions{out});
    const std::vector<Diagnostic> notices = writer.take_notices();
    REQUIRE(notices.size() == 1);
    CHECK(notices[0].code == "manifest-damaged");
    CHECK(notices[0].severity == Severity::warning);
    CHECK_THAT(notices[0].message, Catch::Contains("line 3"));
    CHECK_THAT(notices[0].message, Catch::Contains(".castmap-manifest.damaged"));
    writer.write("rss", "feeds/new.xml", "new", {});
    const WriteSummary summary = writer.finish();
    CHECK(kinds(summary) ==
          std::map<std::string, ChangeKind>{{"feeds/new.xml", ChangeKind::created}});
  }
  CHECK(testing::read_file(tmp.path() / "victim.txt") == "keep me");
  CHECK(testing::read_file(out / "feeds/old.xml") == "published");           // nothing pruned
  CHECK(testing::read_file(out / ".castmap-manifest.damaged") == tampered);  // kept for inspection
  // The next run starts from this run's manifest.
  OutputWriter next(WriterOptions{out});
  CHECK(next.take_notices().empty());
  CHECK(next.previous_manifest().count("feeds/new.xml") == 1);
  next.finish();
}

TEST_CASE("a FIFO, socket, device or folder in place of castmap's own files never blocks",
          "[writer]") {
  for (const char* name : {".castmap-manifest", ".castmap.lock", ".castmap-run",
                           ".castmap-fragments", ".castmap-writing"}) {
    for (const char* kind : {"fifo", "folder", "socket"}) {
      CAPTURE(name, kind);
      TempDir tmp;
      const fs::path out = tmp.path() / "out";
      fs::create_directories(out);
      const fs::path at = out / name;
      if (std::string_view(kind) == "fifo") {
        REQUIRE(::mkfifo(at.c_str(), 0644) == 0);
      } else if (std::string_view(kind) == "folder") {
        fs::create_directories(at);
      } else {
        const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        const std::string text = at.string();
        if (text.size() >= sizeof address.sun_path) continue;  // a temp path too long: skip
        std::memcpy(address.sun_path, text.c_str(), text.size() + 1);
        REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
        ::close(fd);
      }
      // Each would block a plain open or read; here each is an I/O error naming the path.
      try {
        OutputWriter writer(WriterOptions{out});
        writer.read_state_file(".castmap-run");
        writer.read_state_file(".castmap-fragments");
        writer.write("rss", "feeds/a.xml", "a", {});
        writer.finish();
        FAIL("no error");
      } catch (const OutputIoError& error) {
        CHECK_THAT(error.what(), Catch::Contains(name));
      }
    }
  }
}

TEST_CASE("manifest line format round-trips", "[writer]") {
  Manifest manifest;
  manifest["feeds/all.xml"] = {"rss", 123, 1700000000123456789, 0x0123456789abcdefULL, 0x2a, {}};
  manifest["a b/c.json"] = {"json-chapters", 0, -5, 7, 0, "w\x1fnote"};
  const std::string text = serialize_manifest(manifest);
  CHECK(text ==
        "castmap-manifest 3\n"
        "a b/c.json\tjson-chapters\t0\t-5\t0000000000000007\t0000000000000000\tw\x1fnote\n"
        "feeds/all.xml\trss\t123\t1700000000123456789\t0123456789abcdef\t000000000000002a\t\n");
  CHECK(parse_manifest(text) == manifest);
  CHECK_THROWS_AS(parse_manifest("castmap-manifest 4\n"), ManifestFormatError);
  CHECK_THROWS_AS(parse_manifest("castmap-manifest 3\nx\trss\t1\t2\t0000000000000007\n"),
                  ManifestFormatError);
  CHECK_THROWS_AS(
      parse_manifest("castmap-manifest 3\nx\trss\t1\t2\t0000000000000007\t00000000000000zz\n"),
      ManifestFormatError);
  CHECK_THROWS_AS(parse_manifest("castmap-manifest 1\nx\trss\t1\t2\n"), ManifestFormatError);
  CHECK_THROWS_AS(parse_manifest("castmap-manifest 1\nx\trss\t1\t2\t00000000000000zz\n"),
                  ManifestFormatError);
  CHECK(content_hash("abc") == content_hash(std::string("abc")));
  CHECK(content_hash("abc") != content_hash("abd"));
  CHECK(content_hash("") != content_hash(std::string(1, '\0')));
  // Hashed piece by piece, any split of the same bytes gives the one-call value.
  const std::string sample = "The quick brown fox jumps over the lazy dog, twice over.";
  for (std::size_t first = 0; first <= sample.size(); ++first) {
    for (std::size_t second = first; second <= sample.size(); second += 3) {
      ContentHasher hasher;
      hasher.update(std::string_view(sample).substr(0, first));
      hasher.update(std::string_view(sample).substr(first, second - first));
      hasher.update(std::string_view(sample).substr(second));
      CHECK(hasher.value() == content_hash(sample));
    }
  }
  CHECK(content_hash(sample) != content_hash(sample.substr(0, sample.size() - 1)));
}

TEST_CASE("a re-run's summary and manifest come out sorted, new paths merged in", "[writer]") {
  TempDir tmp;
  const fs::path out = tmp.path() / "out";
  run(out, {{"rss", "b.xml", "b"}, {"rss", "d.xml", "d"}, {"rss", "f.xml", "f"}});
  // a, c and e are new and fall between the previous paths; d changes, f stays, b goes.
  const WriteSummary summary = run(out, {{"rss", "e.xml", "e"},
                                         {"rss", "f.xml", "f"},
                                         {"rss", "a.xml", "a"},
                                         {"rss", "d.xml", "d2"},
                                         {"rss", "c.xml", "c"}});
  std::vector<std::pair<std::string, ChangeKind>> seen;
  for (const FileChange& change : summary.changes) seen.emplace_back(change.path, change.kind);
  CHECK(seen == std::vector<std::pair<std::string, ChangeKind>>{{"a.xml", ChangeKind::created},
                                                                {"b.xml", ChangeKind::removed},
                                                                {"c.xml", ChangeKind::created},
                                                                {"d.xml", ChangeKind::changed},
                                                                {"e.xml", ChangeKind::created},
                                                                {"f.xml", ChangeKind::unchanged}});
  std::vector<std::string> listed;
  std::istringstream manifest(testing::read_file(out / ".castmap-manifest"));
  for (std::string line; std::getline(manifest, line);) listed.push_back(line.substr(0, 5));
  CHECK(listed == std::vector<std::string>{"castm", "a.xml", "c.xml", "d.xml", "e.xml", "f.xml"});
  // The previous entries come back sorted even from a manifest edited out of order by hand.
  std::vector<const Manifest::value_type*> by_path;
  const Manifest parsed = parse_manifest(
      "castmap-manifest 3\n"
      "z\trss\t1\t2\t0000000000000007\t0000000000000000\t\n"
      "a\trss\t1\t2\t0000000000000007\t0000000000000000\t\n"
      "m\trss\t1\t2\t0000000000000007\t0000000000000000\t\n",
      &by_path);
  REQUIRE(by_path.size() == 3);
  CHECK(by_path[0]->first == "a");
  CHECK(by_path[1]->first == "m");
  CHECK(by_path[2]->first == "z");
  CHECK(by_path[2] == &*parsed.find("z"));
}

TEST_CASE("version 1 and 2 manifests are still read, their digests as unknown", "[writer]") {
  // Version 1 had no inputs digest; both hashed with the content hash before XXH3, so a digest
  // of theirs must not be compared with one of today's.
  const Manifest version1 =
      parse_manifest("castmap-manifest 1\nfeeds/all.xml\trss\t123\t17\t0123456789abcdef\n");
  REQUIRE(version1.size() == 1);
  CHECK(version1.at("feeds/all.xml") == ManifestEntry{"rss", 123, 17, 0, 0, {}});
  const Manifest version2 = parse_manifest(
      "castmap-manifest 2\nfeeds/all.xml\trss\t123\t17\t0123456789abcdef\t000000000000002a\n");
  REQUIRE(version2.size() == 1);
  CHECK(version2.at("feeds/all.xml") == ManifestEntry{"rss", 123, 17, 0, 0, {}});
  CHECK_THROWS_AS(parse_manifest("castmap-manifest 2\nx\trss\t1\t2\t0000000000000007\n"),
                  ManifestFormatError);
}

TEST_CASE("files of an aborted run are still tracked for pruning", "[writer]") {
  TempDir tmp;
  const fs::path out = tmp.path() / "out";
  {
    OutputWriter writer(WriterOptions{out});
    sink_for(writer, "rss").emit("feeds/partial.xml", "p");
    // An exporter throws here: finish() is never called.
  }
  CHECK(testing::read_file(out / "feeds/partial.xml") == "p");
  WriteSummary summary = run(out, {{"rss", "other.xml", "o"}});
  CHECK(kinds(summary).at("feeds/partial.xml") == ChangeKind::removed);
  CHECK_FALSE(fs::exists(out / "feeds"));
}

TEST_CASE("read-only output folder", "[writer]") {
  TempDir tmp;
  const fs::path mount_point = tmp.path() / "ro";
  TmpfsMount tmpfs(mount_point, MS_RDONLY, "size=64k");
  if (!tmpfs.mounted()) {
    WARN("skipped: needs root and permission to mount a tmpfs");
    return;
  }
  SECTION("an output folder that cannot be created") {
    try {
      OutputWriter writer(WriterOptions{mount_point / "out"});
      FAIL("writer opened on a read-only file system");
    } catch (const OutputIoError& error) {
      CHECK_THAT(error.what(), Catch::Contains("Read-only file system"));
      CHECK_THAT(error.what(), Catch::Contains((mount_point / "out").string()));
    }
  }
  SECTION("the output folder itself") {
    CHECK_THROWS_WITH(OutputWriter(WriterOptions{mount_point}),
                      Catch::Contains("Read-only file system"));
  }
  SECTION("a folder that became read-only after a run") {
    REQUIRE(tmpfs.remount(0, "size=64k"));
    run(mount_point, {{"rss", "a.xml", "old"}, {"rss", "b.xml", "b"}});
    REQUIRE(tmpfs.remount(MS_RDONLY, "size=64k"));
    OutputWriter writer(WriterOptions{mount_point});
    sink_for(writer, "rss").emit("b.xml", "b");  // unchanged: needs no write
    sink_for(writer, "rss").emit("a.xml", "new");
    CHECK_THROWS_WITH(writer.finish(), "cannot write 'a.xml': Read-only file system");
    CHECK(testing::read_file(mount_point / "a.xml") == "old");
  }
}

TEST_CASE("a full disk fails cleanly and keeps the old file", "[writer]") {
  TempDir tmp;
  const fs::path mount_point = tmp.path() / "small";
  TmpfsMount tmpfs(mount_point, 0, "size=200k");
  if (!tmpfs.mounted()) {
    WARN("skipped: needs root and permission to mount a tmpfs");
    return;
  }
  const std::string old_big(10000, 'o');
  run(mount_point, {{"rss", "feeds/big.xml", old_big}, {"rss", "small.xml", "s"}});

  {
    OutputWriter writer(WriterOptions{mount_point});
    TestSink sink = sink_for(writer, "rss");
    sink.emit("small.xml", "s");
    sink.emit("extra.xml", "finished before the error");
    sink.emit("feeds/big.xml", std::string(300 * 1024, 'n'));  // does not fit
    sink.emit("after.xml", "ignored after the error");
    try {
      writer.finish();
      FAIL("no error on a full disk");
    } catch (const OutputIoError& error) {
      CHECK(std::string(error.what()) == "cannot write 'feeds/big.xml': No space left on device");
    }
  }
  CHECK(testing::read_file(mount_point / "feeds/big.xml") == old_big);
  CHECK(testing::read_file(mount_point / "extra.xml") == "finished before the error");
  CHECK_FALSE(fs::exists(mount_point / "after.xml"));
  CHECK(temp_files(mount_point).empty());

  // The finished file was recorded, so a later run prunes it.
  WriteSummary summary =
      run(mount_point, {{"rss", "feeds/big.xml", "v3"}, {"rss", "small.xml", "s"}});
  CHECK(kinds(summary).at("extra.xml") == ChangeKind::removed);
  CHECK(testing::read_file(mount_point / "feeds/big.xml") == "v3");

  // The same for a file streamed in pieces.
  CHECK(streamed_run(mount_point, "big.xml", {old_big}) == ChangeKind::created);
  {
    OutputWriter writer(WriterOptions{mount_point});
    std::size_t pieces_given = 0;
    sink_for(writer, "rss")
        .emit_streamed_unless_unchanged("big.xml", 0, [&](const OutputTarget::PieceWriter& write) {
          for (int i = 0; i < 30; ++i, ++pieces_given) write(std::string(10 * 1024, 'n'));
        });
    CHECK(pieces_given == 30);  // the producer is not interrupted by the error
    CHECK_THROWS_WITH(writer.finish(), "cannot write 'big.xml': No space left on device");
    CHECK(testing::read_file(mount_point / "big.xml") == old_big);
    CHECK(temp_files(mount_point).empty());
  }
}

TEST_CASE("durable mode writes, keeps and prunes the same way", "[writer]") {
  TempDir tmp;
  const fs::path out = tmp.path() / "out";
  run(out, kBaseEmits, WriteMode::write, {}, true);
  CHECK(testing::read_file(out / "feeds/show.xml") == "<rss>show</rss>");
  CHECK(run(out, kBaseEmits, WriteMode::write, {}, true).up_to_date());
  std::vector<Emit> fewer(kBaseEmits.begin(), kBaseEmits.begin() + 2);
  fewer[0].bytes = "<rss>v2</rss>";
  const auto result = kinds(run(out, fewer, WriteMode::write, {}, true));
  CHECK(result.at("feeds/all.xml") == ChangeKind::changed);
  CHECK(result.at("chapters/a.json") == ChangeKind::removed);
  CHECK(testing::read_file(out / "feeds/all.xml") == "<rss>v2</rss>");
  CHECK_FALSE(fs::exists(out / "chapters"));
  CHECK(temp_files(out).empty());
}

TEST_CASE("concurrent emits from parallel_for", "[writer]") {
  TempDir tmp;
  const fs::path out = tmp.path() / "out";
  constexpr std::size_t kFiles = 500;
  const auto path_of = [](std::size_t i) {
    return "folder-" + std::to_string(i % 7) + "/file-" + std::to_string(i) + ".json";
  };
  const auto bytes_of = [](std::size_t i) {
    return std::string(i % 97, 'x') + "#" + std::to_string(i * 7919);
  };
  for (int round = 0; round < 2; ++round) {
    OutputWriter writer(WriterOptions{out});
    TestSink sink = sink_for(writer, "json-chapters");
    parallel_for(kFiles, [&](std::size_t i) { sink.emit(path_of(i), bytes_of(i)); });
    const WriteSummary summary = writer.finish();
    REQUIRE(summary.changes.size() == kFiles);
    const ChangeCounts& counts = summary.per_exporter.at("json-chapters");
    CHECK(counts.created == (round == 0 ? kFiles : 0));
    CHECK(counts.unchanged == (round == 0 ? 0 : kFiles));
  }
  for (std::size_t i = 0; i < kFiles; ++i) {
    if (testing::read_file(out / path_of(i)) != bytes_of(i)) FAIL("wrong bytes in " << path_of(i));
  }
  CHECK(temp_files(out).empty());
}
