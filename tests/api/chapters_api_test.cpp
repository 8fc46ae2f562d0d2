// The public API's chapter conversion, used as a library user would (only <castmap/...>): the
// same bytes and diagnostics as `castmap chapters convert` (tests/chapters/expected/).
#include <catch2/catch.hpp>

#include <castmap/chapters.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include "tests/support/golden_support.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path kChapterTests = fs::path(CASTMAP_SOURCE_DIR) / "tests" / "chapters";

std::string lines_of(const castmap::ChapterResult& result) {
  std::string text;
  for (const castmap::DiagnosticMessage& d : result.diagnostics) text += d.formatted() + "\n";
  return text;
}

}  // namespace

TEST_CASE("api: a chapter list converts to every format as the CLI converts it", "[api]") {
  const std::string sample = castmap::testing::read_file(kChapterTests / "data" / "sample.json");
  const struct {
    castmap::ChapterFileFormat format;
    const char* expected;
  } cases[] = {
      {castmap::ChapterFileFormat::json, "sample.json"},
      {castmap::ChapterFileFormat::webvtt, "sample.vtt"},
      {castmap::ChapterFileFormat::psc, "sample.psc.xml"},
      {castmap::ChapterFileFormat::ffmetadata, "sample.ffmeta"},
      {castmap::ChapterFileFormat::matroska, "sample.mkv.xml"},
      {castmap::ChapterFileFormat::mp4chaps, "sample.chapters.txt"},
      {castmap::ChapterFileFormat::youtube, "sample.youtube.txt"},
  };
  for (const auto& c : cases) {
    INFO(c.expected);
    castmap::ChapterOptions options;
    options.source_name = "sample.json";
    options.duration_ms = 4'000'000;
    const castmap::ChapterResult result = castmap::convert_chapter_file(sample, c.format, options);
    REQUIRE(result.ok());
    CHECK(result.from == castmap::ChapterFileFormat::json);
    CHECK(*result.bytes == castmap::testing::read_file(kChapterTests / "expected" / c.expected));
    CHECK(lines_of(result) ==
          castmap::testing::read_file(kChapterTests / "expected" /
                                      (std::string(c.expected) + ".diagnostics.txt")));
  }

  // Every check at once, as `--check youtube,apple,webvtt,json`.
  castmap::ChapterOptions checked;
  checked.source_name = "sample.json";
  checked.duration_ms = 4'000'000;
  checked.check_youtube = checked.check_apple = checked.check_webvtt = true;
  const castmap::ChapterResult result =
      castmap::convert_chapter_file(sample, castmap::ChapterFileFormat::json, checked);
  REQUIRE(result.ok());
  CHECK(lines_of(result) == castmap::testing::read_file(kChapterTests / "expected" /
                                                        "sample-checked.json.diagnostics.txt"));
}

TEST_CASE("api: chapter format names, and inputs a conversion refuses", "[api]") {
  CHECK(castmap::chapter_format_name(castmap::ChapterFileFormat::json) == "json-chapters");
  CHECK(castmap::chapter_format_name(castmap::ChapterFileFormat::youtube) == "youtube");
  CHECK(castmap::chapter_format_named("vtt") == castmap::ChapterFileFormat::webvtt);
  CHECK(castmap::chapter_format_named("mkv-xml") == castmap::ChapterFileFormat::matroska);
  CHECK_FALSE(castmap::chapter_format_named("srt"));

  SECTION("not a chapter file") {
    const castmap::ChapterResult result =
        castmap::convert_chapter_file("hello", castmap::ChapterFileFormat::webvtt);
    CHECK_FALSE(result.ok());
    CHECK_FALSE(result.from);
    REQUIRE(result.diagnostics.size() == 1);
    CHECK(result.diagnostics[0].code == "chapter-file-unknown-format");
    CHECK(result.diagnostics[0].path == "<chapters>");
  }
  SECTION("the format given, and the content another") {
    castmap::ChapterOptions options;
    options.from = castmap::ChapterFileFormat::ffmetadata;
    const castmap::ChapterResult result = castmap::convert_chapter_file(
        "WEBVTT\n\n00:00.000 --> 00:05.000\nIntro\n", castmap::ChapterFileFormat::json, options);
    CHECK_FALSE(result.ok());
    REQUIRE_FALSE(result.diagnostics.empty());
    CHECK(result.diagnostics.back().is_error());
  }
  SECTION("strict: a warning is an error, and nothing is written") {
    // Two chapters at 0 s: the second is dropped, with a warning.
    const std::string mp4chaps = "00:00:00.000 Intro\n00:00:00.000 Again\n00:01:00.000 Next\n";
    castmap::ChapterOptions options;
    options.from = castmap::ChapterFileFormat::mp4chaps;
    const castmap::ChapterResult lenient =
        castmap::convert_chapter_file(mp4chaps, castmap::ChapterFileFormat::json, options);
    REQUIRE(lenient.ok());
    REQUIRE_FALSE(lenient.diagnostics.empty());
    options.strict = true;
    const castmap::ChapterResult strict =
        castmap::convert_chapter_file(mp4chaps, castmap::ChapterFileFormat::json, options);
    CHECK_FALSE(strict.ok());
    CHECK(strict.diagnostics.size() == lenient.diagnostics.size());
    for (const castmap::DiagnosticMessage& d : strict.diagnostics)
      CHECK(d.severity != castmap::DiagnosticSeverity::warning);
  }
}
