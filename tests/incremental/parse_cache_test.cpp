// Tests for incremental re-runs: the binary codec, the parse cache and run state files (round
// trips, damage detection, invalidation), and the pipeline's replay and partial re-parse.
#include <fcntl.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>

#include "src/app/export_pipeline.hpp"
#include "src/config/config.hpp"
#include "src/incremental/binary_codec.hpp"
#include "src/incremental/build_identity.hpp"
#include "src/incremental/parse_cache.hpp"
#include "tests/support/golden_support.hpp"

namespace fs = std::filesystem;
using namespace castmap;

namespace {

Episode sample_episode() {
  Episode e;
  e.id = "ep-1";
  e.slug = "episode-one";
  e.title = "Rust \xF0\x9F\xA6\x80 & C++";
  e.description = "line one\nline two";
  e.subtitle = "sub";
  e.published = TimePoint{std::chrono::seconds{-86400}};  // before 1970 must survive too
  e.duration_seconds = 3725.5;
  e.show_id = "show";
  e.media_id = "media";
  e.technologies = {"rust", "cpp"};
  e.audio_file_size = 123456789012ull;
  e.guests = {"ada"};
  Chapter c;
  c.start_seconds = 95.5;
  c.title = "Chapter";
  c.set_links("https://x.example/a", std::nullopt);
  c.toc = false;
  c.position = {12, 5};
  e.chapters = {c};
  e.episode_number = -3;
  e.season_number = 2;
  e.explicit_content = false;
  e.episode_type = "bonus";
  e.draft = true;
  e.body = "body";
  e.source_path = "videos/a.md";
  e.positions["title"] = {4, 8};
  return e;
}

void check_same(const Episode& a, const Episode& b) {
  CHECK(a.id == b.id);
  CHECK(a.slug == b.slug);
  CHECK(a.title == b.title);
  CHECK(a.description == b.description);
  CHECK(a.subtitle == b.subtitle);
  CHECK(a.published == b.published);
  CHECK(a.duration_seconds == b.duration_seconds);
  CHECK(a.show_id == b.show_id);
  CHECK(a.media_id == b.media_id);
  CHECK(a.technologies == b.technologies);
  CHECK(a.audio_file_size == b.audio_file_size);
  CHECK(a.guests == b.guests);
  REQUIRE(a.chapters.size() == b.chapters.size());
  CHECK(a.chapters[0].start_seconds == b.chapters[0].start_seconds);
  CHECK(a.chapters[0].title == b.chapters[0].title);
  CHECK(a.chapters[0].url() == b.chapters[0].url());
  CHECK(a.chapters[0].image() == b.chapters[0].image());
  CHECK(a.chapters[0].toc == b.chapters[0].toc);
  CHECK(a.chapters[0].position.line == b.chapters[0].position.line);
  CHECK(a.episode_number == b.episode_number);
  CHECK(a.season_number == b.season_number);
  CHECK(a.explicit_content == b.explicit_content);
  CHECK(a.episode_type == b.episode_type);
  CHECK(a.draft == b.draft);
  CHECK(a.body == b.body);
  CHECK(a.source_path == b.source_path);
  CHECK(a.location_of("title").line == b.location_of("title").line);
}

/// One fresh parse of videos/a.md, as the loader hands it to the cache writer.
std::vector<CacheEntrySource> one_fresh_source(const Episode& episode) {
  std::vector<CacheEntrySource> sources(1);
  sources[0].path = "videos/a.md";
  sources[0].stamp = {100, 5};
  sources[0].hash = 42;
  sources[0].episode = &episode;
  sources[0].diagnostics = {{Severity::warning, {"videos/a.md", 3, 1}, "msg", "code"}};
  return sources;
}

std::string cache_bytes(const std::vector<CacheEntrySource>& sources, std::uint64_t fingerprint) {
  std::string bytes;
  write_parse_cache(sources, fingerprint, [&](std::string_view chunk) { bytes.append(chunk); });
  return bytes;
}

std::string cache_bytes(const Episode& episode, std::uint64_t fingerprint) {
  return cache_bytes(one_fresh_source(episode), fingerprint);
}

/// The bundled examples/ catalog copied into `work` (runs may edit it), with its configuration
/// exporting into `work`/`output`.
Config example_config(const testing::TempDir& work, const char* output) {
  fs::copy(fs::path(CASTMAP_SOURCE_DIR) / "examples", work.path() / "content",
           fs::copy_options::recursive);
  DiagnosticSink config_diagnostics;
  auto config = load_config(work.path() / "content" / "castmap.yaml", config_diagnostics);
  REQUIRE(config);
  config->output = work.path() / output;
  return *config;
}
}  // namespace

TEST_CASE("binary codec round-trips an episode", "[cache]") {
  BinaryWriter writer;
  writer.episode(sample_episode());
  BinaryReader reader(writer.bytes());
  Episode back = reader.episode();
  CHECK(reader.ok());
  CHECK(reader.at_end());
  check_same(sample_episode(), back);
}

TEST_CASE("binary codec flags truncated input instead of reading past it", "[cache]") {
  BinaryWriter writer;
  writer.episode(sample_episode());
  for (std::size_t cut :
       {std::size_t{0}, std::size_t{1}, writer.bytes().size() / 2, writer.bytes().size() - 1}) {
    BinaryReader reader(std::string_view(writer.bytes()).substr(0, cut));
    reader.episode();
    CHECK_FALSE(reader.ok());
  }
}

TEST_CASE("parse cache round-trips and rejects damage and other configurations", "[cache]") {
  const Episode episode = sample_episode();
  const std::string bytes = cache_bytes(episode, 7);

  ParseCache cache = ParseCache::decode(bytes, 7, 1000);
  REQUIRE(cache.size() == 1);
  const ParseCache::IndexEntry* entry = cache.find("videos/a.md");
  REQUIRE(entry);
  CHECK(entry->stamp == FileStamp{100, 5});
  CHECK(entry->hash == 42);
  CHECK(cache.stamp_trusted(*entry));  // mtime 5 < written 1000
  auto loaded = cache.load(*entry);
  REQUIRE(loaded);
  REQUIRE(loaded->episode);
  check_same(episode, *loaded->episode);
  REQUIRE(loaded->diagnostics.size() == 1);
  CHECK(format_text(loaded->diagnostics[0]) == "videos/a.md:3:1: warning: msg [code]");

  // Written in the same clock tick as the file's mtime: racy, not trusted without a hash.
  ParseCache racy = ParseCache::decode(bytes, 7, 5);
  REQUIRE(racy.find("videos/a.md"));
  CHECK_FALSE(racy.stamp_trusted(*racy.find("videos/a.md")));
  CHECK(ParseCache::decode(bytes, 8, 1000).empty());  // another configuration
  CHECK(ParseCache::decode(bytes.substr(0, bytes.size() - 1), 7, 1000).empty());
  CHECK(ParseCache::decode("", 7, 1000).empty());
  for (std::size_t at : {std::size_t{3}, bytes.size() / 2, bytes.size() - 12}) {
    std::string damaged = bytes;
    damaged[at] = static_cast<char>(damaged[at] ^ 0x55);
    CHECK(ParseCache::decode(damaged, 7, 1000).empty());
  }
}

TEST_CASE("a mapped parse cache written to in place is no longer trusted", "[cache]") {
  const std::string bytes = cache_bytes(sample_episode(), 7);
  testing::TempDir tmp("castmap-mapped-cache");
  const std::filesystem::path file = tmp.path() / ".castmap-cache";
  std::ofstream(file, std::ios::binary) << bytes;
  // Older than any write now: a write within the same clock tick would keep the mtime.
  std::filesystem::last_write_time(
      file, std::filesystem::file_time_type::clock::now() - std::chrono::hours(24));
  const int fd = ::open(file.c_str(), O_RDWR);
  REQUIRE(fd >= 0);
  std::optional<FileBytes> mapped = FileBytes::map(fd, bytes.size(), file.string());
  REQUIRE(mapped);
  ParseCache cache = ParseCache::decode(std::move(*mapped), 7, 1000);
  REQUIRE(cache.size() == 1);
  CHECK(cache.unchanged_since_read());
  // Same size, new bytes and mtime: what is decoded from it now is not what was checked.
  REQUIRE(::pwrite(fd, "x", 1, static_cast<off_t>(bytes.size() / 2)) == 1);
  ::close(fd);
  CHECK_FALSE(cache.unchanged_since_read());
  CHECK(ParseCache::decode(bytes, 7, 1000).unchanged_since_read());  // a copy never changes
}

namespace {
/// `count` episodes videos/e<i>.md, each parsed fresh, as a cold run hands them to the writer.
struct FreshCatalog {
  std::vector<Episode> episodes;
  std::vector<std::string> paths;
  std::vector<CacheEntrySource> sources;
  explicit FreshCatalog(std::size_t count) : episodes(count), paths(count), sources(count) {
    for (std::size_t i = 0; i < count; ++i) {
      episodes[i] = sample_episode();
      episodes[i].title = "Episode " + std::to_string(i);
      paths[i] = "videos/e" + std::to_string(i) + ".md";
      sources[i].path = paths[i];
      sources[i].stamp = {100 + i, 5};
      sources[i].hash = 1000 + i;
      sources[i].episode = &episodes[i];
    }
  }
};

/// The next run's sources: every entry reused from `cache` as recorded, except `fresh` ones
/// (edited files, parsed again with their new title and stamp).
std::vector<CacheEntrySource> rerun_sources(const FreshCatalog& catalog, const ParseCache& cache,
                                            const std::vector<std::size_t>& fresh,
                                            const std::vector<Episode>& edited) {
  std::vector<CacheEntrySource> sources;
  for (std::size_t i = 0; i < catalog.paths.size(); ++i) {
    CacheEntrySource s;
    s.path = catalog.paths[i];
    auto edit = std::find(fresh.begin(), fresh.end(), i);
    if (edit != fresh.end()) {
      s.stamp = {999, 7};
      s.hash = 77;
      s.episode = &edited[static_cast<std::size_t>(edit - fresh.begin())];
    } else {
      const ParseCache::IndexEntry* entry = cache.find(catalog.paths[i]);
      REQUIRE(entry);
      s.stamp = entry->stamp;
      s.hash = entry->hash;
      s.reused_blob = cache.blob(*entry);
      s.as_in_base = !entry->in_delta;
    }
    sources.push_back(std::move(s));
  }
  return sources;
}

std::string delta_bytes(const std::vector<CacheEntrySource>& sources, const ParseCache& base,
                        std::uint64_t fingerprint) {
  std::string bytes;
  write_parse_cache_delta(sources, base, fingerprint,
                          [&](std::string_view chunk) { bytes.append(chunk); });
  return bytes;
}
}  // namespace

TEST_CASE("a delta overlays its base and is ignored when it names another base", "[cache]") {
  const FreshCatalog catalog(16);
  const std::string base_bytes = cache_bytes(catalog.sources, 7);
  const ParseCache base = ParseCache::decode(base_bytes, 7, 1000);
  REQUIRE(base.base_size() == 16);

  std::vector<Episode> edited{sample_episode()};
  edited[0].title = "Edited";
  const auto sources = rerun_sources(catalog, base, {3}, edited);
  REQUIRE(choose_cache_write(base, sources) == CacheWrite::delta);
  const std::string delta = delta_bytes(sources, base, 7);
  CHECK(delta.size() < base_bytes.size() / 8);  // one entry, not sixteen

  ParseCache layered = ParseCache::decode(base_bytes, 7, 1000);
  REQUIRE(layered.add_delta(delta, 7, 5000));
  CHECK(layered.size() == 16);
  const ParseCache::IndexEntry* replaced = layered.find("videos/e3.md");
  REQUIRE(replaced);
  CHECK(replaced->in_delta);
  CHECK(replaced->stamp == FileStamp{999, 7});
  CHECK(layered.stamp_trusted(*replaced));
  auto loaded = layered.load(*replaced);
  REQUIRE(loaded);
  REQUIRE(loaded->episode);
  CHECK(loaded->episode->title == "Edited");
  const ParseCache::IndexEntry* kept = layered.find("videos/e4.md");
  REQUIRE(kept);
  CHECK_FALSE(kept->in_delta);
  CHECK(layered.load(*kept)->episode->title == "Episode 4");

  // The delta's own mtime decides whether its entries are racy.
  ParseCache racy = ParseCache::decode(base_bytes, 7, 1000);
  REQUIRE(racy.add_delta(delta, 7, 7));
  CHECK_FALSE(racy.stamp_trusted(*racy.find("videos/e3.md")));
  CHECK(racy.stamp_trusted(*racy.find("videos/e4.md")));

  // The next delta carries the first one's entry forward (it is not in the base).
  std::vector<Episode> edited_again{sample_episode()};
  const auto next_sources = rerun_sources(catalog, layered, {5}, edited_again);
  REQUIRE(choose_cache_write(layered, next_sources) == CacheWrite::delta);
  ParseCache next = ParseCache::decode(base_bytes, 7, 1000);
  REQUIRE(next.add_delta(delta_bytes(next_sources, layered, 7), 7, 9000));
  CHECK(next.find("videos/e3.md")->in_delta);
  CHECK(next.find("videos/e5.md")->in_delta);
  CHECK(next.load(*next.find("videos/e3.md"))->episode->title == "Edited");

  // Never applied to another base, another configuration, or when damaged; nothing changes.
  FreshCatalog other(16);
  other.episodes[0].title = "Another base";
  ParseCache other_base = ParseCache::decode(cache_bytes(other.sources, 7), 7, 1000);
  CHECK_FALSE(other_base.add_delta(delta, 7, 5000));
  CHECK_FALSE(other_base.find("videos/e3.md")->in_delta);
  ParseCache fresh_base = ParseCache::decode(base_bytes, 7, 1000);
  CHECK_FALSE(fresh_base.add_delta(delta, 8, 5000));
  std::string damaged = delta;
  damaged[damaged.size() / 2] = static_cast<char>(damaged[damaged.size() / 2] ^ 0x55);
  CHECK_FALSE(fresh_base.add_delta(damaged, 7, 5000));
  CHECK_FALSE(fresh_base.add_delta(base_bytes, 7, 5000));  // a base is not a delta
  CHECK_FALSE(fresh_base.find("videos/e3.md")->in_delta);
  CHECK_FALSE(ParseCache{}.add_delta(delta, 7, 5000));  // no base to overlay
}

TEST_CASE("caches of more entries than one encoding batch keep every entry in its place",
          "[cache]") {
  // Fresh parses are encoded a batch (512) at a time while the batch before is written.
  const FreshCatalog catalog(1300);
  const std::string base_bytes = cache_bytes(catalog.sources, 7);
  const ParseCache base = ParseCache::decode(base_bytes, 7, 1000);
  REQUIRE(base.size() == 1300);
  bool all_in_place = true;
  for (std::size_t i = 0; i < 1300; ++i) {
    const ParseCache::IndexEntry* entry = base.find(catalog.paths[i]);
    auto loaded = entry ? base.load(*entry) : std::nullopt;
    all_in_place = all_in_place && loaded && loaded->episode &&
                   loaded->episode->title == "Episode " + std::to_string(i) &&
                   entry->hash == 1000 + i;
  }
  CHECK(all_in_place);

  // Re-run, whole: reused blobs, fresh parses on both sides of a batch boundary, and a parse
  // encoded up front, in one file.
  std::vector<Episode> edited(3, sample_episode());
  edited[0].title = "Edited 511";
  edited[1].title = "Edited 512";
  edited[2].title = "Edited 1299";
  auto sources = rerun_sources(catalog, base, {511, 512, 1299}, edited);
  sources[700].reused_blob = {};
  sources[700].encoded = ParseCache::encode_parse(&edited[0], {});
  const ParseCache whole = ParseCache::decode(cache_bytes(sources, 7), 7, 1000);
  REQUIRE(whole.size() == 1300);
  const auto title_of = [](const ParseCache& cache, std::size_t i) {
    auto loaded = cache.load(*cache.find("videos/e" + std::to_string(i) + ".md"));
    return loaded && loaded->episode ? loaded->episode->title : std::string("(none)");
  };
  CHECK(title_of(whole, 510) == "Episode 510");
  CHECK(title_of(whole, 511) == "Edited 511");
  CHECK(title_of(whole, 512) == "Edited 512");
  CHECK(title_of(whole, 513) == "Episode 513");
  CHECK(title_of(whole, 700) == "Edited 511");
  CHECK(title_of(whole, 1024) == "Episode 1024");
  CHECK(title_of(whole, 1299) == "Edited 1299");

  // A delta keeps only the fresh ones, wherever they fall.
  const auto delta_sources = rerun_sources(catalog, base, {511, 512, 1299}, edited);
  ParseCache layered = ParseCache::decode(base_bytes, 7, 1000);
  REQUIRE(layered.add_delta(delta_bytes(delta_sources, base, 7), 7, 5000));
  CHECK(title_of(layered, 511) == "Edited 511");
  CHECK(title_of(layered, 512) == "Edited 512");
  CHECK(title_of(layered, 1299) == "Edited 1299");
  CHECK(title_of(layered, 1298) == "Episode 1298");
}

TEST_CASE("the cache is rewritten whole when a delta would grow or the base go stale", "[cache]") {
  const FreshCatalog catalog(16);
  const ParseCache base = ParseCache::decode(cache_bytes(catalog.sources, 7), 7, 1000);
  std::vector<Episode> edited(3, sample_episode());
  CHECK(choose_cache_write(base, rerun_sources(catalog, base, {1, 2}, edited)) ==
        CacheWrite::delta);
  // 3 of 16 new or replaced: more than 1/8.
  CHECK(choose_cache_write(base, rerun_sources(catalog, base, {1, 2, 3}, edited)) ==
        CacheWrite::whole);
  // 3 of 16 base entries no longer used (their files were deleted).
  auto sources = rerun_sources(catalog, base, {}, edited);
  sources.resize(13);
  CHECK(choose_cache_write(base, sources) == CacheWrite::whole);
  sources = rerun_sources(catalog, base, {}, edited);
  sources.resize(14);  // 2 of 16
  CHECK(choose_cache_write(base, sources) == CacheWrite::delta);
  // No base (a cold run, or a damaged cache): whole.
  CHECK(choose_cache_write(ParseCache{}, catalog.sources) == CacheWrite::whole);
}

TEST_CASE("a cache larger than one checksum slice is verified whole", "[cache]") {
  // 80 MB of blob: the CRC-32 is computed in 32 MB slices on all cores and combined.
  const std::string blob = ParseCache::encode_parse(nullptr, {}) + std::string(80u << 20, 'x');
  std::vector<CacheEntrySource> sources(2);
  sources[0].path = "videos/big.md";
  sources[0].reused_blob = blob;
  sources[1].path = "videos/small.md";
  sources[1].encoded = ParseCache::encode_parse(nullptr, {});
  const std::string bytes = cache_bytes(sources, 7);
  CHECK(ParseCache::decode(bytes, 7, 1000).size() == 2);
  for (std::size_t at : {std::size_t{40} << 20, std::size_t{70} << 20}) {
    std::string damaged = bytes;
    damaged[at] = 'y';
    CHECK(ParseCache::decode(damaged, 7, 1000).empty());
  }
}

// A re-run writes its cache while the normalizer edits the catalog, so the fresh parses are
// encoded first; a cold run (too many fresh parses) keeps streaming them.
TEST_CASE("fresh cache entries are encoded up front only when few", "[cache]") {
  Episode episode = sample_episode();
  const std::string streamed = cache_bytes(episode, 7);
  std::vector<CacheEntrySource> sources = one_fresh_source(episode);

  CHECK_FALSE(encode_fresh_entries(sources, 0));
  CHECK(sources[0].episode == &episode);
  CHECK(sources[0].encoded.empty());

  REQUIRE(encode_fresh_entries(sources, 1));
  CHECK(sources[0].episode == nullptr);
  CHECK(sources[0].diagnostics.empty());
  episode.title = "edited by the normalizer afterwards";
  CHECK(cache_bytes(sources, 7) == streamed);
}

TEST_CASE("run state round-trips and rejects damage", "[cache]") {
  RunState state;
  state.exporters = {"rss", "sitemap"};
  state.episode_files = 3;
  state.episodes_exported = 2;
  state.diagnostics = {{Severity::error, {"videos/b.md", 1, 1}, "broken", "yaml-syntax"}};
  state.inputs = {{"videos/a.md", {10, 20}}, {"videos/b.md", {30, 40}}};
  const std::string bytes = state.encode(9);
  auto back = RunState::decode(bytes, 9);
  REQUIRE(back);
  CHECK(back->exporters == state.exporters);
  CHECK(back->episode_files == 3);
  CHECK(back->episodes_exported == 2);
  CHECK(back->inputs == state.inputs);
  REQUIRE(back->diagnostics.size() == 1);
  CHECK(back->diagnostics[0].code == "yaml-syntax");
  CHECK_FALSE(RunState::decode(bytes, 10));
  std::string damaged = bytes;
  damaged[bytes.size() / 2] = static_cast<char>(damaged[bytes.size() / 2] ^ 1);
  CHECK_FALSE(RunState::decode(damaged, 9));
}

TEST_CASE("a large run state streams in pieces and still round-trips", "[cache]") {
  RunState state;
  state.exporters = {"rss"};
  for (int i = 0; i < 40000; ++i)
    state.inputs.emplace_back(
        "videos/show-" + std::to_string(i % 97) + "/2024/episode-" + std::to_string(i) + ".md",
        FileStamp{static_cast<std::uint64_t>(i), i * 1000LL});
  std::vector<std::string> pieces;
  state.encode(3, [&](std::string_view piece) { pieces.emplace_back(piece); });
  CHECK(pieces.size() > 2);  // more than one body piece, then the hash
  std::string bytes;
  for (const auto& piece : pieces) {
    CHECK(piece.size() <= (1u << 20) + 4096);
    bytes += piece;
  }
  CHECK(bytes == state.encode(3));
  auto back = RunState::decode(bytes, 3);
  REQUIRE(back);
  CHECK(back->inputs == state.inputs);
}

TEST_CASE("re-runs replay when nothing changed and re-parse only what changed", "[cache]") {
  testing::TempDir work("castmap-cache-test");
  Config config = example_config(work, "out");

  auto run = [&](std::vector<std::string>* lines) {
    DiagnosticSink sink;
    ExportResult result = run_export(config, {}, sink);
    if (lines)
      for (const auto& d : sink.sorted()) lines->push_back(format_text(d));
    return result;
  };
  std::vector<std::string> first_lines, replay_lines;
  ExportResult first = run(&first_lines);
  REQUIRE(first.exit_status == 0);
  CHECK_FALSE(first.replayed);
  CHECK(first.episodes_from_cache == 0);
  const auto first_tree = testing::read_tree(config.output);
  auto cache_file = [&] {
    std::ifstream in(config.output / ".castmap-cache", std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  const std::string first_cache = cache_file();

  ExportResult second = run(&replay_lines);
  CHECK(second.replayed);
  CHECK(second.episodes_exported == first.episodes_exported);
  CHECK(replay_lines == first_lines);  // the same warnings, every scheduled run
  for (const auto& change : second.writes.changes) CHECK(change.kind == ChangeKind::unchanged);

  // An output deleted by hand: no replay, the file comes back, nothing is re-parsed.
  fs::remove(config.output / "chapters" / "linkers-explained.vtt");
  ExportResult repaired = run(nullptr);
  CHECK_FALSE(repaired.replayed);
  CHECK(repaired.episodes_from_cache == 6);  // the draft and the 2099 episode included
  CHECK(testing::read_tree(config.output) == first_tree);
  // Nothing parsed: the exporters rendered side by side (a "render" phase over all of them),
  // where the first run rendered them one at a time.
  auto has_phase = [](const ExportResult& result, const std::string& name) {
    return std::any_of(result.phases.begin(), result.phases.end(),
                       [&](const auto& phase) { return phase.first == name; });
  };
  CHECK(has_phase(repaired, "render"));
  CHECK(has_phase(repaired, "render:webvtt"));
  CHECK_FALSE(has_phase(first, "render"));
  CHECK(has_phase(first, "render:webvtt"));
  // Nothing was parsed, so the cache was written on its own thread: complete when the run ended.
  CHECK(cache_file() == first_cache);

  // One episode edited: only it is parsed again.
  const fs::path edited = work.path() / "content/videos/byte-sized/2026/build-caches.md";
  std::string text;
  {
    std::ifstream in(edited);
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  text.replace(text.find("Build caches without tears"), 5, "Fast");
  std::ofstream(edited, std::ios::trunc) << text;
  ExportResult third = run(nullptr);
  CHECK_FALSE(third.replayed);
  CHECK(third.episodes_from_cache == 5);
  std::size_t changed = 0;
  for (const auto& change : third.writes.changes) changed += change.kind == ChangeKind::changed;
  CHECK(changed == 3);  // feeds/all.xml, feeds/byte-sized.xml and the sitemap part carry the title

  // A damaged cache is rebuilt, never trusted: the outputs stay exactly right.
  std::ofstream(config.output / ".castmap-cache", std::ios::trunc) << "garbage";
  std::ofstream(config.output / ".castmap-run", std::ios::trunc) << "garbage";
  const auto before = testing::read_tree(config.output);
  ExportResult fourth = run(nullptr);
  CHECK_FALSE(fourth.replayed);
  CHECK(fourth.episodes_from_cache == 0);
  CHECK(testing::read_tree(config.output) == before);
}

TEST_CASE("a small change writes a cache delta and leaves the base as it was", "[cache]") {
  testing::TempDir work("castmap-delta-test");
  Config config = example_config(work, "out");
  // 16 more episodes (20 in all), so that one or two edits stay within a delta's 1/8.
  const fs::path extra = work.path() / "content/videos/byte-sized/2024";
  fs::create_directories(extra);
  auto episode_path = [&](int i) { return extra / ("extra-" + std::to_string(i) + ".md"); };
  auto write_episode = [&](int i, const std::string& title) {
    std::ofstream(episode_path(i), std::ios::trunc)
        << "---\nid: extra-" << i << "\nslug: extra-" << i << "\ntitle: " << title
        << "\npublishedAt: 2024-03-" << (10 + i) << " 10:00:00 +00:00\nduration: \"00:10:00\"\n"
        << "show: byte-sized\nvideoId: vid-extra-" << i << "\n---\nBody.\n";
  };
  for (int i = 0; i < 16; ++i) write_episode(i, "Extra episode " + std::to_string(i));
  // Every file an hour old, and each edit stamped a minute apart, all well before the runs: no
  // stamp is racy (as new as the cache that records it), whatever the clock's granularity.
  const auto an_hour_ago = fs::file_time_type::clock::now() - std::chrono::hours(1);
  for (const auto& entry : fs::recursive_directory_iterator(work.path() / "content"))
    if (entry.is_regular_file()) fs::last_write_time(entry.path(), an_hour_ago);
  int edits = 0;
  auto edit = [&](int i) {
    write_episode(i, "Edited extra episode " + std::to_string(i));
    fs::last_write_time(episode_path(i), an_hour_ago + std::chrono::minutes(++edits));
  };
  auto run = [&] {
    DiagnosticSink sink;
    ExportResult result = run_export(config, {}, sink);
    REQUIRE(result.exit_status == 0);
    return result;
  };
  const fs::path base_file = config.output / ".castmap-cache";
  const fs::path delta_file = config.output / ".castmap-cache-delta";
  auto contents = [](const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  // The same content exported from scratch, for comparison.
  auto cold_tree = [&] {
    Config fresh = config;
    fresh.output = work.path() / ("cold-" + std::to_string(edits));
    DiagnosticSink sink;
    REQUIRE(run_export(fresh, {}, sink).exit_status == 0);
    return testing::read_tree(fresh.output);
  };

  REQUIRE(run().episodes_exported == 20);
  CHECK_FALSE(fs::exists(delta_file));
  const std::string base = contents(base_file);
  const auto base_written = fs::last_write_time(base_file);

  edit(1);
  CHECK(run().episodes_from_cache == 21);
  CHECK(fs::exists(delta_file));
  CHECK(contents(delta_file).size() < base.size() / 4);
  CHECK(contents(base_file) == base);
  CHECK(fs::last_write_time(base_file) == base_written);  // not even rewritten

  // The first edit comes from the delta now, and is carried into the next one.
  edit(2);
  CHECK(run().episodes_from_cache == 21);
  CHECK(fs::last_write_time(base_file) == base_written);
  CHECK(testing::read_tree(config.output) == cold_tree());

  // A damaged delta is ignored: the files it recorded are parsed again, the outputs stay right.
  std::ofstream(delta_file, std::ios::trunc) << "garbage";
  fs::remove(config.output / "chapters" / "linkers-explained.vtt");  // no replay
  CHECK(run().episodes_from_cache == 20);
  CHECK(testing::read_tree(config.output) == cold_tree());

  // More than 1/8 of the base replaced: the base is rewritten whole and the delta dropped.
  for (int i = 3; i < 6; ++i) edit(i);
  CHECK(run().episodes_from_cache == 19);
  CHECK(contents(base_file) != base);
  CHECK_FALSE(fs::exists(delta_file));
  CHECK(testing::read_tree(config.output) == cold_tree());
  edit(6);
  CHECK(run().episodes_from_cache == 21);
  CHECK(fs::exists(delta_file));
}

TEST_CASE("a re-run takes unchanged feed items and sitemap URLs from the last run's files",
          "[cache]") {
  testing::TempDir work("castmap-fragments-test");
  Config config = example_config(work, "out");
  const fs::path extra = work.path() / "content/videos/byte-sized/2024";
  fs::create_directories(extra);
  for (int i = 0; i < 12; ++i)
    std::ofstream(extra / ("extra-" + std::to_string(i) + ".md"))
        << "---\nid: extra-" << i << "\nslug: extra-" << i << "\ntitle: Extra episode " << i
        << "\npublishedAt: 2024-03-" << (10 + i) << " 10:00:00 +00:00\nduration: \"00:10:00\"\n"
        << "show: byte-sized\nvideoId: vid-extra-" << i << "\n---\nBody.\n";
  auto run = [&](const Config& c, std::vector<std::string>* lines = nullptr) {
    DiagnosticSink sink;
    ExportResult result = run_export(c, {}, sink);
    REQUIRE(result.exit_status == 0);
    if (lines)
      for (const auto& d : sink.sorted()) lines->push_back(format_text(d));
    return result;
  };
  CHECK(run(config).fragments_recalled == 0);  // nothing to recall from
  // Outputs written in the manifest's clock tick are not trusted: age them, and let a run
  // record the old stamps (it renders everything, compares, and writes nothing).
  const auto an_hour_ago = fs::file_time_type::clock::now() - std::chrono::hours(1);
  for (const auto& entry : fs::recursive_directory_iterator(config.output))
    if (entry.is_regular_file() && !entry.path().filename().string().starts_with(".castmap"))
      fs::last_write_time(entry.path(), an_hour_ago);
  run(config);

  // One title edited: every other item and URL comes from the old files.
  const fs::path edited = extra / "extra-3.md";
  std::string text;
  {
    std::ifstream in(edited);
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  text.replace(text.find("Extra episode 3"), 5, "Edited");
  std::ofstream(edited, std::ios::trunc) << text;
  std::vector<std::string> rerun_lines, cold_lines;
  const ExportResult rerun = run(config, &rerun_lines);
  const auto items_in = [&](const std::string& feed) {
    std::ifstream in(config.output / "feeds" / feed, std::ios::binary);
    const std::string xml(std::istreambuf_iterator<char>(in), {});
    std::size_t count = 0;
    for (auto at = xml.find("<item>"); at != std::string::npos; at = xml.find("<item>", at + 1))
      ++count;
    return count;
  };
  const std::size_t episodes = rerun.episodes_exported;
  REQUIRE(episodes == 16);
  // all.xml and the edited episode's show feed (the other show's feed is kept unrendered), and
  // the sitemap's URLs: all but the edited episode's.
  CHECK(rerun.fragments_recalled ==
        (episodes - 1) + (items_in("byte-sized.xml") - 1) + (episodes - 1));

  // Byte for byte what a cold export of the same content writes, with the same diagnostics
  // (the sitemap's findings come back with its URLs).
  Config cold = config;
  cold.output = work.path() / "cold";
  run(cold, &cold_lines);
  CHECK(testing::read_tree(config.output) == testing::read_tree(cold.output));
  CHECK(rerun_lines == cold_lines);
  CHECK_FALSE(cold_lines.empty());
}

TEST_CASE("a strict re-run from the cache reports what a strict cold run reports", "[cache]") {
  testing::TempDir work("castmap-strict-cache-test");
  Config config = example_config(work, "out");
  config.strict = true;
  // Cleaning warns about the id and the title (errors in strict mode, so the episode is
  // rejected). Cleaning runs in the loader, per file, and must see the file's own diagnostics
  // as strict as the run does: an error at the id's line means its emptiness is not reported.
  const fs::path quirky = work.path() / "content/videos/byte-sized/2024/quirky.md";
  fs::create_directories(quirky.parent_path());
  std::ofstream(quirky) << "---\nid: \"\\x01\"\nslug: quirky\ntitle: Two  spaces\n"
                        << "publishedAt: 2024-03-10 10:00:00 +00:00\nshow: byte-sized\n---\n";
  auto run = [](const Config& c) {
    DiagnosticSink sink;
    sink.set_strict(c.strict);
    const ExportResult result = run_export(c, {}, sink);
    std::vector<std::string> lines;
    for (const auto& d : sink.sorted()) lines.push_back(format_text(d));
    return std::make_pair(result, lines);
  };
  const auto [first, first_lines] = run(config);
  CHECK(first.exit_status == 1);
  fs::remove(config.output / "sitemap.xml");  // no replay: the run goes through the cache
  const auto [again, again_lines] = run(config);
  CHECK(again.episodes_from_cache == first.load.episode_files);
  CHECK(again_lines == first_lines);
  std::vector<std::string> quirky_lines;
  for (const std::string& line : first_lines)
    if (line.find("quirky.md") != std::string::npos) quirky_lines.push_back(line);
  // The empty id is not reported missing as well: there is an error at its line already.
  CHECK(quirky_lines ==
        std::vector<std::string>{
            "videos/byte-sized/2024/quirky.md:2:5: error: removed control characters from id \"\" "
            "[control-character]",
            "videos/byte-sized/2024/quirky.md:4:8: error: collapsed extra whitespace in title "
            "\"Two spaces\" [title-whitespace]"});
}

TEST_CASE("a run that leaves its memory for process exit unlocks at once and writes the same",
          "[cache]") {
  testing::TempDir work("castmap-exit-test");
  Config config = example_config(work, "freed");
  DiagnosticSink freed_sink;
  REQUIRE(run_export(config, {}, freed_sink).exit_status == 0);

  ExportOptions like_the_cli;
  like_the_cli.reclaim_memory = false;
  config.output = work.path() / "left";
  for (int run = 0; run < 2; ++run) {  // cold, then replayed: neither may keep the folder locked
    DiagnosticSink sink;
    ExportResult result = run_export(config, like_the_cli, sink);
    CHECK(result.exit_status == 0);
    CHECK(result.replayed == (run == 1));
  }
  like_the_cli.only = {"webvtt"};
  fs::remove(config.output / "chapters" / "linkers-explained.vtt");
  DiagnosticSink sink;
  CHECK(run_export(config, like_the_cli, sink).exit_status == 0);  // a rendering run
  CHECK(testing::read_tree(config.output) == testing::read_tree(work.path() / "freed"));
}

TEST_CASE("the fingerprint includes the running build", "[cache]") {
  // Another build (even with the same version) must not trust this build's caches: the
  // identity is derived from the executable, so it exists and is stable within a process.
  CHECK(build_identity() != 0);
  CHECK(build_identity() == build_identity());
}
