// Golden tests: each golden/<case>/ holds a castmap.yaml, an input catalog, the expected output
// tree (expected/) and the expected diagnostics (diagnostics.txt). The export must reproduce
// them byte for byte, and a second run over the same folder must change nothing.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "src/app/export_pipeline.hpp"
#include "src/config/config.hpp"
#include "tests/support/golden_support.hpp"

namespace fs = std::filesystem;
using namespace castmap;
using namespace castmap::testing;

namespace {

const fs::path kGoldenRoot = fs::path(CASTMAP_SOURCE_DIR) / "golden";

// Every case folder must be listed here; a test below fails when one is forgotten.
const std::set<std::string> kCases = {
    "examples",         "escaping",       "chapters-past-duration",
    "no-chapters",      "sitemap-split",  "sitemap-gzip",
    "shows-and-people", "bad-input",      "hostile-input",
    "hostile-links",    "feed-tags",      "feed-formats",
    "companions",       "chapter-formats"};

std::string diagnostics_text(const DiagnosticSink& diagnostics, const ExportResult& result,
                             const std::string& strip_prefix) {
  std::string text;
  for (const auto& d : diagnostics.sorted()) {
    std::string line = format_text(d);
    if (line.starts_with(strip_prefix)) line.erase(0, strip_prefix.size());
    text += line + "\n";
  }
  text += "exit status: " + std::to_string(result.exit_status) + "\n";
  return text;
}

void check_golden_case(const std::string& name) {
  const fs::path case_dir = kGoldenRoot / name;
  DiagnosticSink diagnostics;
  auto config = load_config(case_dir / "castmap.yaml", diagnostics);
  REQUIRE(config);
  TempDir out("castmap-golden-" + name);
  config->output = out.path();
  diagnostics.set_strict(config->strict);

  ExportResult result = run_export(*config, {}, diagnostics);
  REQUIRE(result.fatal_message.empty());
  const std::string diagnostics_actual =
      diagnostics_text(diagnostics, result, case_dir.generic_string() + "/");
  const auto actual = read_tree(out.path());

  if (updating_golden()) {
    write_tree(case_dir / "expected", actual);
    std::ofstream(case_dir / "diagnostics.txt", std::ios::binary) << diagnostics_actual;
    WARN("rewrote golden/" << name << " (review with git diff)");
    return;
  }
  const std::string difference = compare_trees(read_tree(case_dir / "expected"), actual);
  INFO(difference);
  CHECK(difference.empty());
  CHECK(testing::read_file(case_dir / "diagnostics.txt") == diagnostics_actual);

  // Same input, same folder: the second run must find everything up to date.
  DiagnosticSink again;
  again.set_strict(config->strict);
  ExportResult second = run_export(*config, {}, again);
  for (const auto& change : second.writes.changes) {
    INFO(change.path);
    CHECK(change.kind == ChangeKind::unchanged);
  }
}

}  // namespace

TEST_CASE("every golden folder is registered as a case", "[golden]") {
  std::set<std::string> on_disk;
  for (const auto& entry : fs::directory_iterator(kGoldenRoot))
    if (entry.is_directory()) on_disk.insert(entry.path().filename().string());
  CHECK(on_disk == kCases);
}

TEST_CASE("golden: examples", "[golden]") { check_golden_case("examples"); }
TEST_CASE("golden: escaping", "[golden]") { check_golden_case("escaping"); }
TEST_CASE("golden: chapters-past-duration", "[golden]") {
  check_golden_case("chapters-past-duration");
}
TEST_CASE("golden: no-chapters", "[golden]") { check_golden_case("no-chapters"); }
TEST_CASE("golden: sitemap-split", "[golden]") { check_golden_case("sitemap-split"); }
TEST_CASE("golden: sitemap-gzip", "[golden]") { check_golden_case("sitemap-gzip"); }
TEST_CASE("golden: shows-and-people", "[golden]") { check_golden_case("shows-and-people"); }
TEST_CASE("golden: bad-input", "[golden]") { check_golden_case("bad-input"); }
TEST_CASE("golden: hostile-input", "[golden]") { check_golden_case("hostile-input"); }
TEST_CASE("golden: feed-tags", "[golden]") { check_golden_case("feed-tags"); }
TEST_CASE("golden: hostile-links", "[golden]") { check_golden_case("hostile-links"); }
TEST_CASE("golden: feed-formats", "[golden]") { check_golden_case("feed-formats"); }
TEST_CASE("golden: companions", "[golden]") { check_golden_case("companions"); }
TEST_CASE("golden: chapter-formats", "[golden]") { check_golden_case("chapter-formats"); }
