// The real consumers of castmap's chapter files: ffmpeg applies every FFMETADATA file to a
// silent recording and ffprobe reads the same chapters back; mkvmerge accepts every Matroska
// chapters file and mkvextract gives the chapters back; every PSC file validates against a
// schema of the spec's rules (xmllint). Each test skips with a warning when its tool is
// missing. The corpus run ("[.chapters-corpus-consumers]", CTest label `slow`) does the same
// for every episode of ../shared/corpus, exported and converted by the castmap binary.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>

#include "src/chapters/chapter_files.hpp"
#include "src/chapters/ffmetadata.hpp"
#include "src/chapters/json_chapters.hpp"
#include "src/chapters/matroska.hpp"
#include "src/chapters/psc.hpp"
#include "tests/chapters/chapter_test_support.hpp"
#include "tests/chapters/consumer_support.hpp"
#include "tests/support/golden_support.hpp"

namespace fs = std::filesystem;
using namespace castmap;
using namespace castmap::testing;

namespace {

const fs::path kChapterTests = fs::path(CASTMAP_SOURCE_DIR) / "tests" / "chapters";

/// The lists every consumer test sends: the shared sample, edge cases and random lists.
std::vector<ChapterList> test_lists() {
  std::vector<ChapterList> lists;
  DiagnosticSink diagnostics;
  auto sample = read_json_chapters(read_bytes(kChapterTests / "data" / "sample.json"),
                                   "sample.json", diagnostics);
  REQUIRE(sample);
  sample->duration_ms = 4'000'000;
  lists.push_back(*sample);
  ChapterList edges = list_of({entry(0, "  lead and trail  "), entry(1, "a=b;c#d\\e \"q\" <x>"),
                               entry(2, "[CHAPTER]"), entry(3, "title=x"),
                               entry(36'000'000'123, "ten thousand hours")});
  lists.push_back(edges);  // no duration: the last end is estimated
  std::mt19937 random(7);
  for (int i = 0; i < 4; ++i) lists.push_back(random_list(random, false));
  return lists;
}

/// Writes `list` as `format` into `path`, and returns what castmap itself reads back.
ChapterList write_and_read(const ChapterList& list, ChapterFormat format, const fs::path& path) {
  std::vector<ChapterView> storage;
  write_file(path, write_chapter_file(view_of(list, storage), format).bytes);
  DiagnosticSink diagnostics;
  auto back = read_chapter_file(read_bytes(path), path.string(), diagnostics, format);
  REQUIRE(back);
  return *back;
}

}  // namespace

TEST_CASE("consumers: ffmpeg applies FFMETADATA files and ffprobe reads the same chapters",
          "[chapters][consumers]") {
  if (!have_tools({"ffmpeg", "ffprobe"})) return;
  TempDir dir("castmap-ffmeta");
  const fs::path silent = silent_recording(dir.path());
  for (const ChapterList& list : test_lists()) {
    const ChapterList expected =
        write_and_read(list, ChapterFormat::ffmetadata, dir.path() / "x.ffmeta");
    check_visible_chapters(expected, list);
    check_with_ffmpeg(dir.path(), silent, dir.path() / "x.ffmeta", expected);
  }
}

TEST_CASE("consumers: mkvmerge accepts Matroska chapters and mkvextract gives them back",
          "[chapters][consumers]") {
  if (!have_tools({"ffmpeg", "mkvmerge", "mkvextract"})) return;
  TempDir dir("castmap-mkv");
  const fs::path silent = silent_recording(dir.path());
  for (const ChapterList& list : test_lists()) {
    const ChapterList expected =
        write_and_read(list, ChapterFormat::matroska, dir.path() / "x.xml");
    REQUIRE(expected.chapters.size() == list.chapters.size());
    check_with_mkvtoolnix(dir.path(), silent, dir.path() / "x.xml", expected);
  }
}

TEST_CASE("consumers: PSC files follow the spec's structure", "[chapters][consumers]") {
  const fs::path schema = kChapterTests / "schemas" / "psc-1.2.xsd";
  TempDir dir("castmap-psc");
  std::vector<fs::path> files;
  // The spec's own example first: the schema must accept it.
  write_file(
      dir.path() / "spec.psc.xml",
      "<psc:chapters version=\"1.2\" xmlns:psc=\"http://podlove.org/simple-chapters\">"
      "<psc:chapter start=\"0\" title=\"Welcome\" />"
      "<psc:chapter start=\"3:07\" title=\"Introducing Podlove\" href=\"http://podlove.org/\" />"
      "<psc:chapter start=\"8:26.250\" title=\"Podlove WordPress Plugin\" "
      "href=\"http://podlove.org/podlove-podcast-publisher\" />"
      "<psc:chapter start=\"12:42\" title=\"Resumée\" /></psc:chapters>");
  files.push_back(dir.path() / "spec.psc.xml");
  int n = 0;
  for (const ChapterList& list : test_lists()) {
    const fs::path path = dir.path() / ("list-" + std::to_string(n++) + ".psc.xml");
    const ChapterList back = write_and_read(list, ChapterFormat::psc, path);
    check_visible_chapters(back, list);
    // The rules the schema cannot say: chapters in time order.
    for (std::size_t i = 1; i < back.chapters.size(); ++i)
      CHECK(back.chapters[i - 1].start_ms <= back.chapters[i].start_ms);
    files.push_back(path);
  }
  if (!have_tools({"xmllint"})) return;
  for (const fs::path& file : files) {
    std::string err;
    CAPTURE(file.string());
    CHECK(run_program({"xmllint", "--noout", "--schema", schema.string(), file.string()}, nullptr,
                      &err) == 0);
    INFO(err);
  }
  // And the schema is not a rubber stamp.
  write_file(dir.path() / "bad.psc.xml",
             "<psc:chapters xmlns:psc=\"http://podlove.org/simple-chapters\">"
             "<psc:chapter start=\"1:2\" title=\"one-digit seconds\" /></psc:chapters>");
  CHECK(run_program({"xmllint", "--noout", "--schema", schema.string(),
                     (dir.path() / "bad.psc.xml").string()}) != 0);
}

TEST_CASE("consumers: every corpus episode through ffmpeg and mkvmerge",
          "[.chapters-corpus-consumers]") {
  const fs::path corpus = shared_dir() / "corpus/rawkode-academy";
  if (shared_dir().empty()) {
    WARN("../shared not found; corpus consumer test skipped");
    return;
  }
  if (!have_tools({"ffmpeg", "ffprobe", "mkvmerge", "mkvextract"})) return;
  TempDir dir("castmap-corpus-consumers");
  const fs::path exported = dir.path() / "export";
  std::string err;
  REQUIRE(run_program({CASTMAP_BINARY, "export", "--quiet", "--only", "json-chapters", "--config",
                       (fs::path(CASTMAP_SOURCE_DIR) / "tests/corpus/castmap.yaml").string(),
                       "--content", corpus.string(), "--out", exported.string()},
                      nullptr, &err) == 0);
  const fs::path silent = silent_recording(dir.path());
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(exported / "chapters")) {
    const fs::path json = entry.path();
    CAPTURE(json.filename().string());
    DiagnosticSink diagnostics;
    const auto chapters = read_json_chapters(read_bytes(json), json.string(), diagnostics);
    REQUIRE(chapters);
    // The binary converts, as a user would.
    const fs::path ffmeta = dir.path() / "x.ffmeta", xml = dir.path() / "x.mkv.xml";
    REQUIRE(run_program({CASTMAP_BINARY, "chapters", "convert", json.string(), "-o",
                         ffmeta.string()}) == 0);
    REQUIRE(run_program(
                {CASTMAP_BINARY, "chapters", "convert", json.string(), "-o", xml.string()}) == 0);
    DiagnosticSink reread;
    const auto in_ffmeta = read_ffmetadata(read_bytes(ffmeta), "x.ffmeta", reread);
    const auto in_xml = read_matroska_chapters(read_bytes(xml), "x.mkv.xml", reread);
    REQUIRE((in_ffmeta && in_xml));
    check_visible_chapters(*in_ffmeta, *chapters);
    REQUIRE(in_xml->chapters.size() == chapters->chapters.size());
    for (std::size_t i = 0; i < chapters->chapters.size(); ++i) {
      CHECK(in_xml->chapters[i].start_ms == chapters->chapters[i].start_ms);
      CHECK(in_xml->chapters[i].title == chapters->chapters[i].title);
      CHECK(in_xml->chapters[i].end_ms == chapters->chapters[i].end_ms);
    }
    check_with_ffmpeg(dir.path(), silent, ffmeta, *in_ffmeta);
    check_with_mkvtoolnix(dir.path(), silent, xml, *in_xml);
    ++files;
  }
  CHECK(files > 200);
}
