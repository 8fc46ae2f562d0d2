// Golden files for every chapter writer: tests/chapters/data/sample.json converted to each
// format (as `castmap chapters convert` does, repair and notes included) must give
// tests/chapters/expected/ byte for byte, diagnostics too. CASTMAP_UPDATE_GOLDEN=1 rewrites the
// expected files; review them with `git diff tests/chapters/expected`.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <string>

#include "src/app/chapter_conversion.hpp"
#include "tests/chapters/chapter_test_support.hpp"
#include "tests/support/golden_support.hpp"

namespace fs = std::filesystem;
using namespace castmap;
using namespace castmap::testing;

namespace {

const fs::path kChapterTests = fs::path(CASTMAP_SOURCE_DIR) / "tests" / "chapters";

/// Converts the sample; files `<name><extension>` and `<name><extension>.diagnostics.txt`.
void convert_sample(std::map<std::string, std::string>& files, const std::string& name,
                    ChapterConversion conversion) {
  const std::string bytes = read_bytes(kChapterTests / "data" / "sample.json");
  DiagnosticSink diagnostics;
  const ConvertedChapters converted =
      convert_chapters(bytes, "sample.json", conversion, diagnostics);
  REQUIRE(converted.bytes);
  CHECK(converted.from == ChapterFormat::json);
  const std::string file = name + std::string(file_extension(conversion.to));
  files[file] = *converted.bytes;
  std::string text;
  for (const Diagnostic& d : diagnostics.sorted()) text += format_text(d) + "\n";
  files[file + ".diagnostics.txt"] = text;
}

}  // namespace

TEST_CASE("every chapter writer matches its golden file", "[chapters][golden]") {
  std::map<std::string, std::string> actual;
  for (const ChapterFormat format : kChapterFormats) {
    ChapterConversion conversion;
    conversion.to = format;
    conversion.duration_ms = 4'000'000;
    convert_sample(actual, "sample", conversion);
  }
  // Without a duration, the formats that need the last chapter's end estimate it.
  for (const ChapterFormat format : {ChapterFormat::webvtt, ChapterFormat::ffmetadata}) {
    ChapterConversion conversion;
    conversion.to = format;
    convert_sample(actual, "sample-no-duration", conversion);
  }
  ChapterConversion checked;
  checked.to = ChapterFormat::json;
  checked.duration_ms = 4'000'000;
  checked.checks = {"youtube", "apple", "webvtt", "json"};
  convert_sample(actual, "sample-checked", checked);

  const fs::path expected_dir = kChapterTests / "expected";
  if (updating_golden()) {
    write_tree(expected_dir, actual);
    WARN("rewrote " << expected_dir.string());
    return;
  }
  const std::string differences = compare_trees(read_tree(expected_dir), actual);
  INFO(differences);
  CHECK(differences.empty());
}
