// The writers of src/chapters give exactly the bytes the chapter exporters write for the same
// episodes (json-chapters and webvtt, and the on-request formats a golden case lists):
// compared over every golden case's expected files, the real corpus and random catalogs
// exported by the castmap binary.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <string>

#include "src/chapters/chapter_files.hpp"
#include "src/chapters/chapter_list.hpp"
#include "src/chapters/json_chapters.hpp"
#include "src/chapters/webvtt.hpp"
#include "src/config/config.hpp"
#include "src/load/loader.hpp"
#include "src/normalize/catalog_loading.hpp"
#include "src/normalize/normalizer.hpp"
#include "tests/chapters/chapter_test_support.hpp"
#include "tests/support/golden_support.hpp"

namespace fs = std::filesystem;
using namespace castmap;
using namespace castmap::testing;

namespace {

/// The catalog `castmap export` would render with `config`.
Catalog normalized_catalog(const Config& config) {
  DiagnosticSink diagnostics;
  Catalog catalog = load_catalog(config, diagnostics);
  normalize(catalog, config, diagnostics);
  return catalog;
}

/// What the writers give for every episode, as the exporters name the files.
std::map<std::string, std::string> written_by_writers(const Catalog& catalog,
                                                      const Config& config) {
  std::map<std::string, std::string> files;
  std::vector<ChapterView> storage;
  for (const Episode& episode : catalog.episodes) {
    if (episode.chapters.empty()) continue;
    ChapterListView view = view_of(episode, storage);
    const Show* show = episode.show_id.empty() ? nullptr : catalog.find_show(episode.show_id);
    view.podcast_name = show ? std::string_view(show->name) : std::string_view(config.site.title);
    files["chapters/" + episode.slug + ".json"] = write_json_chapters(view).bytes;
    if (plan_webvtt_track(view).cues > 0)
      files["chapters/" + episode.slug + ".vtt"] = write_webvtt_chapters(view).bytes;
    // The formats written on request, when the configuration lists them: the writer's bytes,
    // no file for an all-hidden list in a format without hidden chapters.
    const bool any_visible = std::any_of(view.chapters.begin(), view.chapters.end(),
                                         [](const ChapterView& c) { return c.toc; });
    for (ChapterFormat format : kChapterFormats) {
      const std::string_view name = format_name(format);
      if (std::find(config.exporters.begin(), config.exporters.end(), name) ==
              config.exporters.end() ||
          name == "json-chapters" || name == "webvtt")
        continue;
      if (any_visible || capabilities_of(format).hidden_chapters)
        files["chapters/" + episode.slug + std::string(file_extension(format))] =
            write_chapter_file(view, format).bytes;
    }
  }
  return files;
}

/// The chapter files of an exported tree.
std::map<std::string, std::string> chapter_files(const std::map<std::string, std::string>& tree) {
  std::map<std::string, std::string> files;
  for (const auto& [path, bytes] : tree)
    if (path.starts_with("chapters/")) files[path] = bytes;
  return files;
}

/// Runs the castmap binary's export of json-chapters and webvtt into `out`.
void export_chapters(const std::vector<std::string>& arguments, const fs::path& out) {
  std::vector<std::string> argv = {CASTMAP_BINARY,         "export", "--quiet",   "--only",
                                   "json-chapters,webvtt", "--out",  out.string()};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  std::string err;
  const int status = run_program(argv, nullptr, &err);
  INFO(err);
  REQUIRE((status == 0 || status == 1));
}

/// A YAML double-quoted scalar (JSON strings are YAML).
std::string yaml_string(const std::string& text) {
  return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

TEST_CASE("chapter writers match the exporters on every golden case", "[chapters][parity]") {
  const fs::path golden = fs::path(CASTMAP_SOURCE_DIR) / "golden";
  std::size_t compared = 0;
  for (const auto& entry : fs::directory_iterator(golden)) {
    if (!fs::is_regular_file(entry.path() / "castmap.yaml")) continue;
    CAPTURE(entry.path().filename().string());
    DiagnosticSink diagnostics;
    std::optional<Config> config = load_config(entry.path() / "castmap.yaml", diagnostics);
    REQUIRE(config);
    const Catalog catalog = normalized_catalog(*config);
    const auto expected = chapter_files(read_tree(entry.path() / "expected"));
    const auto actual = written_by_writers(catalog, *config);
    const std::string differences = compare_trees(expected, actual);
    INFO(differences);
    CHECK(differences.empty());
    compared += expected.size();
  }
  CHECK(compared >= 10);
}

TEST_CASE("chapter writers match the exporters on the real corpus", "[chapters][parity][corpus]") {
  const fs::path corpus = shared_dir() / "corpus/rawkode-academy";
  if (shared_dir().empty() || !fs::is_directory(corpus)) {
    WARN("../shared/corpus/rawkode-academy not found; corpus parity test skipped");
    return;
  }
  const fs::path config_file = fs::path(CASTMAP_SOURCE_DIR) / "tests/corpus/castmap.yaml";
  TempDir out("castmap-chapter-parity");
  export_chapters({"--config", config_file.string(), "--content", corpus.string()}, out.path());
  DiagnosticSink diagnostics;
  std::optional<Config> config = load_config(config_file, diagnostics);
  REQUIRE(config);
  config->content = fs::canonical(corpus);
  const auto expected = chapter_files(read_tree(out.path()));
  const auto actual = written_by_writers(normalized_catalog(*config), *config);
  CHECK(expected.size() > 400);
  const std::string differences = compare_trees(expected, actual);
  INFO(differences);
  CHECK(differences.empty());
}

TEST_CASE("chapter writers match the exporters on random catalogs", "[chapters][parity]") {
  std::mt19937 random(20260211);
  TempDir content("castmap-chapter-parity-input");
  const fs::path videos = content.path() / "videos";
  // Starts that round to the same millisecond, sub-millisecond fractions, hidden chapters,
  // titles with every escaping pitfall, with and without a duration.
  const std::vector<std::string> starts = {"0",      "10.0004",   "10.0001", "95.5",
                                           "1:35.5", "3000",      "3100",    "3725",
                                           "0.0005", "3724.9996", "62:03"};
  for (int n = 0; n < 40; ++n) {
    std::string text = "---\nid: random-" + std::to_string(n) + "\nslug: random-" +
                       std::to_string(n) +
                       "\ntitle: " + yaml_string(random_title(random, true, false)) +
                       "\npublishedAt: 2026-01-01\n";
    if (n % 3 != 0) text += "duration: " + std::string(n % 2 ? "3725" : "3725.0004") + "\n";
    text += "chapters:\n";
    const int chapters = 1 + static_cast<int>(random() % 8);
    for (int c = 0; c < chapters; ++c) {
      text += "  - startTime: \"" + starts[random() % starts.size()] + "\"\n";
      text += "    title: " + yaml_string(random_title(random, true, false)) + "\n";
      if (random() % 4 == 0) text += "    toc: false\n";
      if (random() % 4 == 0) text += "    url: \"https://example.com/?a=1&b=2\"\n";
    }
    text += "---\n";
    write_file(videos / ("random-" + std::to_string(n) + ".md"), text);
  }
  TempDir out("castmap-chapter-parity-output");
  export_chapters({"--content", content.path().string(), "--base-url", "https://x.example"},
                  out.path());
  Config config = default_config(content.path());
  config.site.base_url = "https://x.example";
  config.content = content.path();
  const auto expected = chapter_files(read_tree(out.path()));
  const auto actual = written_by_writers(normalized_catalog(config), config);
  CHECK(expected.size() > 40);
  const std::string differences = compare_trees(expected, actual);
  INFO(differences);
  CHECK(differences.empty());
}
