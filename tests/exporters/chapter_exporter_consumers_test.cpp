// The chapter exporters' files, checked by their real consumers: the castmap binary exports a
// catalog with every chapter format; ffmpeg applies each .ffmeta to a silent recording and
// ffprobe gives the JSON chapters' starts and titles back; mkvmerge accepts each .mkv.xml and
// mkvextract gives the chapters back; each .psc.xml and each feed item's psc:chapters validates
// against the PSC schema (xmllint); mp4chaps and YouTube lists read back to the JSON chapters.
// The bundled examples run always; the real corpus ("[.exporter-corpus-consumers]", CTest label
// `slow`) when ../shared is there. Tools that are missing skip their part with a warning.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "src/chapters/chapter_files.hpp"
#include "src/chapters/ffmetadata.hpp"
#include "src/chapters/json_chapters.hpp"
#include "src/chapters/matroska.hpp"
#include "src/chapters/mp4chaps.hpp"
#include "src/chapters/psc.hpp"
#include "src/chapters/youtube.hpp"
#include "tests/chapters/chapter_test_support.hpp"
#include "tests/chapters/consumer_support.hpp"
#include "tests/support/golden_support.hpp"

namespace fs = std::filesystem;
using namespace castmap;
using namespace castmap::testing;

namespace {

const fs::path kSource = fs::path(CASTMAP_SOURCE_DIR);
const fs::path kPscSchema = kSource / "tests" / "chapters" / "schemas" / "psc-1.2.xsd";

/// Exports with the castmap binary, as a user would.
void export_catalog(const std::vector<std::string>& arguments, const fs::path& out) {
  std::vector<std::string> argv = {CASTMAP_BINARY, "export", "--quiet", "--out", out.string()};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  std::string err;
  const int status = run_program(argv, nullptr, &err);
  INFO(err);
  REQUIRE((status == 0 || status == 1));  // 1: content errors in some episodes, not a failure
}

template <typename Reader>
ChapterList read_as(const fs::path& path, Reader read) {
  DiagnosticSink diagnostics;
  auto list = read(read_bytes(path), path.string(), diagnostics);
  INFO(path.string());
  REQUIRE(list);
  return *list;
}

/// Validates every file against the PSC schema in one xmllint run (a process per file would
/// cost seconds over the corpus).
void check_psc_schema(const std::vector<fs::path>& files) {
  if (files.empty()) return;
  std::vector<std::string> argv = {"xmllint", "--noout", "--schema", kPscSchema.string()};
  for (const fs::path& file : files) argv.push_back(file.string());
  std::string err;
  const int status = run_program(argv, nullptr, &err);
  INFO(err);
  CHECK(status == 0);
}

/// Every item's psc:chapters of `feed`, each as a standalone PSC document in `dir`.
std::vector<fs::path> feed_psc_documents(const fs::path& feed, const fs::path& dir) {
  pugi::xml_document document;
  REQUIRE(document.load_file(feed.c_str()));
  std::vector<fs::path> files;
  for (pugi::xml_node item : document.child("rss").child("channel").children("item")) {
    pugi::xml_node chapters = item.child("psc:chapters");
    if (!chapters) continue;
    pugi::xml_document standalone;
    pugi::xml_node copy = standalone.append_copy(chapters);
    copy.append_attribute("xmlns:psc") = std::string(kPscNamespace).c_str();
    files.push_back(dir /
                    (feed.stem().string() + "-item-" + std::to_string(files.size()) + ".psc.xml"));
    REQUIRE(standalone.save_file(files.back().c_str()));
  }
  return files;
}

/// Checks every episode's chapter files in `exported` against its JSON chapters file; returns
/// how many episodes it checked.
std::size_t check_exported_chapters(const fs::path& exported, const fs::path& dir) {
  const bool ffmpeg = have_tools({"ffmpeg", "ffprobe"});
  const bool mkvtoolnix = have_tools({"ffmpeg", "mkvmerge", "mkvextract"});
  const bool xmllint = have_tools({"xmllint"});
  const fs::path silent = ffmpeg || mkvtoolnix ? silent_recording(dir) : fs::path();
  std::size_t episodes = 0;
  std::vector<fs::path> psc_files;
  for (const auto& file : fs::directory_iterator(exported / "chapters")) {
    const fs::path json = file.path();
    if (json.extension() != ".json") continue;
    const std::string stem = json.stem().string();
    CAPTURE(stem);
    const ChapterList chapters = read_as(json, read_json_chapters);
    const auto sibling = [&](const char* extension) {
      return exported / "chapters" / (stem + extension);
    };
    const bool any_visible = std::any_of(chapters.chapters.begin(), chapters.chapters.end(),
                                         [](const ChapterEntry& e) { return e.toc; });
    // Formats without hidden chapters write no file when every chapter is hidden.
    for (const char* extension : {".psc.xml", ".ffmeta", ".chapters.txt", ".youtube.txt"}) {
      CAPTURE(extension);
      CHECK(fs::exists(sibling(extension)) == any_visible);
    }
    REQUIRE(fs::exists(sibling(".mkv.xml")));

    const ChapterList mkv = read_as(sibling(".mkv.xml"), read_matroska_chapters);
    REQUIRE(mkv.chapters.size() == chapters.chapters.size());
    for (std::size_t i = 0; i < chapters.chapters.size(); ++i) {
      CAPTURE(i);
      CHECK(mkv.chapters[i].start_ms == chapters.chapters[i].start_ms);
      CHECK(mkv.chapters[i].end_ms == chapters.chapters[i].end_ms);
      CHECK(mkv.chapters[i].title == chapters.chapters[i].title);
      CHECK(mkv.chapters[i].toc == chapters.chapters[i].toc);
    }
    if (mkvtoolnix) check_with_mkvtoolnix(dir, silent, sibling(".mkv.xml"), mkv);
    ++episodes;
    if (!any_visible) continue;

    const ChapterList ffmeta = read_as(sibling(".ffmeta"), read_ffmetadata);
    check_visible_chapters(ffmeta, chapters);
    if (ffmpeg) check_with_ffmpeg(dir, silent, sibling(".ffmeta"), ffmeta);

    check_visible_chapters(read_as(sibling(".psc.xml"), read_psc), chapters);
    psc_files.push_back(sibling(".psc.xml"));

    check_visible_chapters(read_as(sibling(".chapters.txt"), read_mp4chaps), chapters);
    // YouTube lists keep whole seconds and leave chapters under 10 s out: every line read back
    // is one of the JSON chapters (the first at 0:00), in order.
    const ChapterList youtube = read_as(sibling(".youtube.txt"), read_youtube_chapters);
    std::size_t at = 0;
    for (std::size_t i = 0; i < youtube.chapters.size(); ++i) {
      CAPTURE(i);
      CHECK(youtube.chapters[i].start_ms % 1000 == 0);
      if (i == 0) {
        CHECK(youtube.chapters[i].start_ms == 0);
        continue;
      }
      while (at < chapters.chapters.size() &&
             chapters.chapters[at].start_ms / 1000 * 1000 != youtube.chapters[i].start_ms)
        ++at;
      CHECK(at < chapters.chapters.size());
    }
  }
  // And every feed item's psc:chapters, as a document of its own.
  std::size_t in_feeds = 0;
  for (const auto& feed : fs::directory_iterator(exported / "feeds")) {
    const auto documents = feed_psc_documents(feed.path(), dir);
    in_feeds += documents.size();
    // Each item's chapters are one episode's standalone PSC file's.
    for (const fs::path& psc : documents) {
      const auto same = [](const ChapterEntry& a, const ChapterEntry& b) {
        return a.start_ms == b.start_ms && a.title == b.title && a.url == b.url &&
               a.image == b.image;
      };
      const auto chapters = read_as(psc, read_psc).chapters;
      CHECK(std::any_of(psc_files.begin(), psc_files.end(), [&](const fs::path& standalone) {
        const auto other = read_as(standalone, read_psc).chapters;
        return std::equal(chapters.begin(), chapters.end(), other.begin(), other.end(), same);
      }));
    }
    psc_files.insert(psc_files.end(), documents.begin(), documents.end());
  }
  CHECK(in_feeds > 0);
  if (xmllint) check_psc_schema(psc_files);
  return episodes;
}

const std::vector<std::string> kExportChapterFormats = {
    "--only", "rss,json-chapters,psc,ffmetadata,matroska,mp4chaps,youtube"};

}  // namespace

TEST_CASE("exported chapter files are accepted by their consumers (examples)",
          "[exporters][consumers]") {
  TempDir dir("castmap-exported-chapters");
  const fs::path exported = dir.path() / "out";
  std::vector<std::string> arguments = {
      "--config", (kSource / "golden" / "chapter-formats" / "castmap.yaml").string()};
  arguments.insert(arguments.end(), kExportChapterFormats.begin(), kExportChapterFormats.end());
  export_catalog(arguments, exported);
  // The feeds carry psc:chapters (chapters.psc_in_feeds in that configuration).
  CHECK(read_bytes(exported / "feeds" / "all.xml").find("<psc:chapters") != std::string::npos);
  CHECK(check_exported_chapters(exported, dir.path()) == 3);
}

TEST_CASE("exported chapter files of the real corpus are accepted by their consumers",
          "[.exporter-corpus-consumers]") {
  if (shared_dir().empty()) {
    WARN("../shared not found; corpus test skipped");
    return;
  }
  TempDir dir("castmap-exported-corpus-chapters");
  const fs::path exported = dir.path() / "out";
  const fs::path config = dir.path() / "castmap.yaml";
  // The corpus configuration, with PSC in the feeds.
  write_file(config, read_bytes(kSource / "tests" / "corpus" / "castmap.yaml") +
                         "\nchapters:\n  psc_in_feeds: true\n");
  std::vector<std::string> arguments = {"--config", config.string(), "--content",
                                        (shared_dir() / "corpus" / "rawkode-academy").string()};
  arguments.insert(arguments.end(), kExportChapterFormats.begin(), kExportChapterFormats.end());
  export_catalog(arguments, exported);
  CHECK(check_exported_chapters(exported, dir.path()) > 200);
}
