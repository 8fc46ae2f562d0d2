// The public API's catalog half, used as a library user would (only <castmap/...>): loading,
// diagnostics as values, exports into memory and into a folder, against the golden cases.
#include <catch2/catch.hpp>

#include <castmap/castmap.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/support/golden_support.hpp"

namespace fs = std::filesystem;
using castmap::testing::compare_trees;
using castmap::testing::read_tree;
using castmap::testing::TempDir;

namespace {

const fs::path kGolden = fs::path(CASTMAP_SOURCE_DIR) / "golden";

/// The golden case's diagnostics.txt without its last line (the exit status), as a list.
std::vector<std::string> golden_diagnostics(const std::string& name) {
  std::vector<std::string> lines;
  std::istringstream in(castmap::testing::read_file(kGolden / name / "diagnostics.txt"));
  for (std::string line; std::getline(in, line);)
    if (!line.starts_with("exit status: ")) lines.push_back(line);
  return lines;
}

/// The lines the CLI prints; the configuration file's path made relative to the case as the
/// golden test does.
std::vector<std::string> formatted(const std::vector<castmap::DiagnosticMessage>& messages,
                                   const std::string& strip_prefix = {}) {
  std::vector<std::string> lines;
  for (const castmap::DiagnosticMessage& m : messages) {
    std::string line = m.formatted();
    if (!strip_prefix.empty() && line.starts_with(strip_prefix)) line.erase(0, strip_prefix.size());
    lines.push_back(line);
  }
  return lines;
}

castmap::LoadedCatalog load_golden(const std::string& name) {
  const castmap::LoadResult loaded = castmap::load_from_config(kGolden / name / "castmap.yaml");
  INFO(name);
  REQUIRE(loaded.catalog);
  return *loaded.catalog;
}

/// A sink that refuses its second file.
class FailingSink final : public castmap::FileSink {
 public:
  void write(const std::string& path, std::string) override {
    if (++calls_ == 2) throw std::runtime_error("bucket full at " + path);
  }

 private:
  int calls_ = 0;
};

}  // namespace

TEST_CASE("api: the examples catalog exported into memory is the golden output", "[api]") {
  const castmap::LoadResult loaded =
      castmap::load_from_config(kGolden / "examples" / "castmap.yaml");
  REQUIRE(loaded.catalog);
  CHECK(loaded.ok());
  CHECK(loaded.error_count() == 0);
  CHECK(loaded.catalog->episode_count() == 4);
  CHECK(loaded.catalog->episode_file_count() == 6);  // a draft and a future episode held back
  CHECK(loaded.catalog->show_count() == 1);
  CHECK(loaded.catalog->content_folder() == fs::path(CASTMAP_SOURCE_DIR) / "examples");
  CHECK(loaded.catalog->diagnostics() == loaded.diagnostics);

  castmap::MemorySink sink;
  const castmap::ExportReport report = castmap::export_into(*loaded.catalog, sink);
  CHECK(report.status == castmap::ExportStatus::ok);
  CHECK(report.failure.empty());
  CHECK(report.episodes_exported == 4);
  const auto expected = read_tree(kGolden / "examples" / "expected");
  const std::string difference = compare_trees(expected, sink.files());
  INFO(difference);
  CHECK(difference.empty());
  std::vector<std::string> paths;
  for (const auto& [path, bytes] : expected) paths.push_back(path);
  CHECK(report.written == paths);
  // What `castmap export` prints for the case, the exporters' findings included.
  CHECK(formatted(report.diagnostics) == golden_diagnostics("examples"));
  CHECK(report.diagnostics.front().severity == castmap::DiagnosticSeverity::warning);
  CHECK(report.diagnostics.front().code == "enclosure-length-missing");

  // Only some formats.
  castmap::MemorySink chapters;
  castmap::OutputOptions only;
  only.formats = {"json-chapters"};
  CHECK(castmap::export_into(*loaded.catalog, chapters, only).ok());
  CHECK(chapters.files().size() == 3);
  for (const auto& [path, bytes] : chapters.files()) {
    CHECK(path.starts_with("chapters/"));
    CHECK(bytes == expected.at(path));
  }
}

TEST_CASE("api: a folder export writes what `castmap export` writes, incrementally", "[api]") {
  const castmap::LoadedCatalog catalog = load_golden("examples");
  TempDir out("castmap-api-folder");
  const castmap::ExportReport first = castmap::export_to_folder(catalog, out.path());
  CHECK(first.status == castmap::ExportStatus::ok);
  CHECK(formatted(first.diagnostics) == golden_diagnostics("examples"));
  const auto expected = read_tree(kGolden / "examples" / "expected");
  const std::string difference = compare_trees(expected, read_tree(out.path()));
  INFO(difference);
  CHECK(difference.empty());
  CHECK(first.written.size() == expected.size());
  CHECK(first.unchanged == 0);

  // Nothing changed: nothing written, and a check finds the folder up to date.
  const castmap::ExportReport again = castmap::export_to_folder(catalog, out.path());
  CHECK(again.ok());
  CHECK(again.written.empty());
  CHECK(again.unchanged == expected.size());
  castmap::OutputOptions check;
  check.check_only = true;
  CHECK(castmap::export_to_folder(catalog, out.path(), check).status == castmap::ExportStatus::ok);

  // A published file edited by hand: a check reports the folder stale and writes nothing.
  castmap::testing::write_file(out.path() / "feeds" / "all.xml", "edited");
  const castmap::ExportReport stale = castmap::export_to_folder(catalog, out.path(), check);
  CHECK(stale.status == castmap::ExportStatus::stale);
  CHECK(stale.written == std::vector<std::string>{"feeds/all.xml"});
  CHECK(castmap::testing::read_file(out.path() / "feeds" / "all.xml") == "edited");
}

TEST_CASE("api: the configuration's diagnostics are the load's, never an export's", "[api]") {
  // The examples configuration with a key castmap does not know (a warning).
  TempDir dir("castmap-api-config");
  std::string yaml = castmap::testing::read_file(kGolden / "examples" / "castmap.yaml");
  const std::string content = "content: ../../examples";
  REQUIRE(yaml.find(content) != std::string::npos);
  yaml.replace(
      yaml.find(content), content.size(),
      "content: " + (fs::path(CASTMAP_SOURCE_DIR) / "examples").string() + "\nunknown_setting: 1");
  castmap::testing::write_file(dir.path() / "castmap.yaml", yaml);
  const castmap::LoadResult loaded = castmap::load_from_config(dir.path() / "castmap.yaml");
  REQUIRE(loaded.catalog);
  // The configuration's warning, and the notes about the held-back draft and future episode.
  REQUIRE(loaded.diagnostics.size() == 3);
  CHECK(std::count_if(loaded.diagnostics.begin(), loaded.diagnostics.end(),
                      [](const auto& d) { return d.code == "config-unknown-key"; }) == 1);

  castmap::MemorySink sink;
  CHECK(formatted(castmap::export_into(*loaded.catalog, sink).diagnostics) ==
        golden_diagnostics("examples"));
  // A folder export reports the same, and so does the re-run that finds nothing changed (it
  // replays what the first run recorded).
  const castmap::ExportReport first =
      castmap::export_to_folder(*loaded.catalog, dir.path() / "out");
  CHECK(formatted(first.diagnostics) == golden_diagnostics("examples"));
  const castmap::ExportReport again =
      castmap::export_to_folder(*loaded.catalog, dir.path() / "out");
  CHECK(again.written.empty());
  CHECK(formatted(again.diagnostics) == golden_diagnostics("examples"));
}

TEST_CASE("api: a bad catalog's problems are values, and the good episodes still export", "[api]") {
  const fs::path case_dir = kGolden / "bad-input";
  const castmap::LoadResult loaded = castmap::load_from_config(case_dir / "castmap.yaml");
  REQUIRE(loaded.catalog);  // the configuration is fine; some episodes are not
  CHECK_FALSE(loaded.ok());
  CHECK(loaded.error_count() > 0);
  const std::vector<std::string> golden = golden_diagnostics("bad-input");
  // Every load diagnostic is one the CLI prints for the case.
  for (const std::string& line : formatted(loaded.diagnostics, case_dir.generic_string() + "/"))
    CHECK(std::find(golden.begin(), golden.end(), line) != golden.end());

  const castmap::DiagnosticMessage* missing_title = nullptr;
  for (const castmap::DiagnosticMessage& m : loaded.diagnostics)
    if (m.code == "missing-field") missing_title = &m;
  REQUIRE(missing_title);
  CHECK(missing_title->path == "videos/missing-title.md");
  CHECK(missing_title->line == 1);
  CHECK(missing_title->column == 1);
  CHECK(missing_title->is_error());
  CHECK(castmap::to_string(missing_title->severity) == "error");
  CHECK(missing_title->message == "missing required field \"title\"");
  CHECK(missing_title->formatted() ==
        "videos/missing-title.md:1:1: error: missing required field \"title\" [missing-field]");
  CHECK(missing_title->formatted_json() ==
        R"({"path":"videos/missing-title.md","line":1,"column":1,"severity":"error",)"
        R"("message":"missing required field \"title\"","code":"missing-field"})");

  castmap::MemorySink sink;
  const castmap::ExportReport report = castmap::export_into(*loaded.catalog, sink);
  CHECK(report.status == castmap::ExportStatus::content_errors);
  CHECK(report.error_count() == loaded.error_count());
  CHECK(formatted(report.diagnostics, case_dir.generic_string() + "/") == golden);
  const std::string difference = compare_trees(read_tree(case_dir / "expected"), sink.files());
  INFO(difference);
  CHECK(difference.empty());
}

TEST_CASE("api: what stops a load or an export comes back as a value", "[api]") {
  SECTION("a configuration file that is not there") {
    const castmap::LoadResult loaded = castmap::load_from_config("/nonexistent/castmap.yaml");
    CHECK_FALSE(loaded.catalog);
    REQUIRE(loaded.diagnostics.size() == 1);
    CHECK(loaded.diagnostics[0].code == "config-unreadable");
    CHECK(loaded.error_count() == 1);
  }
  SECTION("a content folder that is not there") {
    const castmap::LoadResult loaded = castmap::load_from_content("/nonexistent/content");
    CHECK_FALSE(loaded.catalog);
    REQUIRE(loaded.diagnostics.size() == 1);
    CHECK(loaded.diagnostics[0].code == "content-root-missing");
    CHECK(loaded.diagnostics[0].path == "/nonexistent/content");
  }
  SECTION("a base URL that is no URL") {
    castmap::LoadOptions options;
    options.base_url = "ftp://bytesized.example";
    const castmap::LoadResult loaded =
        castmap::load_from_content(fs::path(CASTMAP_SOURCE_DIR) / "examples", options);
    CHECK_FALSE(loaded.catalog);
    REQUIRE(loaded.diagnostics.size() == 1);
    CHECK(loaded.diagnostics[0].code == "config-invalid");
    CHECK(loaded.diagnostics[0].formatted().starts_with(
        "castmap:0:0: error: LoadOptions::base_url: \"ftp://"));
  }
  SECTION("a content folder without a configuration, then without a base URL") {
    const fs::path examples = fs::path(CASTMAP_SOURCE_DIR) / "examples";
    const castmap::LoadResult loaded = castmap::load_from_content(examples);
    REQUIRE(loaded.catalog);
    CHECK(loaded.catalog->episode_count() == 4);
    CHECK(loaded.catalog->config_file().empty());
    castmap::MemorySink sink;
    const castmap::ExportReport report = castmap::export_into(*loaded.catalog, sink);
    CHECK(report.status == castmap::ExportStatus::usage);
    CHECK(report.failure.starts_with("site.base_url is not set"));
    CHECK(sink.files().empty());

    castmap::LoadOptions options;
    options.base_url = "https://bytesized.example/";
    const castmap::LoadResult with_url = castmap::load_from_content(examples, options);
    REQUIRE(with_url.catalog);
    // Exported, with what the defaults lack reported (no enclosure URL template).
    const castmap::ExportReport exported = castmap::export_into(*with_url.catalog, sink);
    CHECK(exported.status == castmap::ExportStatus::content_errors);
    CHECK(std::any_of(
        exported.diagnostics.begin(), exported.diagnostics.end(),
        [](const castmap::DiagnosticMessage& m) { return m.code == "enclosure-missing"; }));
    CHECK(sink.files().count("feeds/all.xml") == 1);
  }
  SECTION("an unknown format") {
    castmap::MemorySink sink;
    castmap::OutputOptions options;
    options.formats = {"rss", "no-such-format"};
    const castmap::ExportReport report =
        castmap::export_into(load_golden("examples"), sink, options);
    CHECK(report.status == castmap::ExportStatus::usage);
    CHECK(report.failure.find("unknown exporter 'no-such-format'") != std::string::npos);
    CHECK(sink.files().empty());
  }
  SECTION("a sink that throws") {
    FailingSink sink;
    const castmap::ExportReport report = castmap::export_into(load_golden("examples"), sink);
    CHECK(report.status == castmap::ExportStatus::io);
    CHECK(report.failure.find("bucket full at ") != std::string::npos);
    CHECK(report.written.size() == 1);
  }
  SECTION("strict: warnings count as errors") {
    castmap::LoadOptions options;
    options.strict = true;
    const castmap::LoadResult loaded =
        castmap::load_from_config(kGolden / "examples" / "castmap.yaml", options);
    REQUIRE(loaded.catalog);
    castmap::MemorySink sink;
    const castmap::ExportReport report = castmap::export_into(*loaded.catalog, sink);
    CHECK(report.status == castmap::ExportStatus::content_errors);
    // The one warning of the examples, now an error; the held-back notes stay notes.
    CHECK(std::count_if(report.diagnostics.begin(), report.diagnostics.end(),
                        [](const auto& d) { return d.is_error(); }) == 1);
    CHECK(report.error_count() == 1);
  }
}

TEST_CASE("api: a diagnostic's one-line form escapes what the input held", "[api]") {
  castmap::DiagnosticMessage message;
  message.path = "videos/a\nb.md";
  message.line = 3;
  message.column = 7;
  message.severity = castmap::DiagnosticSeverity::warning;
  message.code = "some-code";
  message.message = "title \"x\x1b[31my\" repaired";
  CHECK(message.formatted() ==
        "videos/a\\nb.md:3:7: warning: title \"x\\x1b[31my\" repaired [some-code]");
  message.path.clear();
  CHECK(message.formatted().starts_with("castmap:3:7: warning: "));
}
