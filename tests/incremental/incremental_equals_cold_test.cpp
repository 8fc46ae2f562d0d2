// The invariant that makes incremental runs trustworthy, as a property: after ANY edit (a config
// key, a show, a person, a technology, an episode's chapters or title, an episode deleted or
// added, a chapter file an episode names, a transcript beside an episode added, edited or
// removed), a re-run into the folder the last run wrote produces exactly the bytes, and reports
// exactly the diagnostics, of a cold export into an empty folder. The edits are applied one
// after another, in a seeded random order, with outputs aged between runs so that the re-runs
// take every shortcut (kept files, recalled fragments, the parse cache, the unchanged replay).
#include <date/date.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "src/app/export_pipeline.hpp"
#include "src/config/config.hpp"
#include "tests/support/golden_support.hpp"

using namespace castmap;
namespace fs = std::filesystem;

namespace {

void write_text(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
}

/// Replaces the first `from` in `file` with `to`; the edit must apply.
void replace_in(const fs::path& file, const std::string& from, const std::string& to) {
  std::string text = testing::read_file(file);
  const std::size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  write_text(file, text);
}

/// The run's reference time (drafts and future episodes are judged against it): after every
/// example episode, before the bundled one dated 2099, until an edit lets time pass.
TimePoint reference_time = date::sys_days(date::year{2030} / 1 / 1);

/// Diagnostics that compare a run with the last one (the published-items guard): a cold export
/// has no last run, so they are left out of the comparison.
bool compares_runs(const Diagnostic& d) { return d.code.starts_with("feed-item-"); }

struct Outcome {
  std::map<std::string, std::string> files;
  std::vector<std::string> diagnostics;
  int exit_status = 0;
};

/// One export of the content's castmap.yaml into `output`.
Outcome export_into(const fs::path& content, const fs::path& output) {
  DiagnosticSink config_diagnostics;
  std::optional<Config> config = load_config(content / "castmap.yaml", config_diagnostics);
  REQUIRE(config);
  config->output = output;
  DiagnosticSink diagnostics;
  ExportOptions options;
  options.as_of = reference_time;
  const ExportResult result = run_export(*config, options, diagnostics);
  INFO(result.fatal_message);
  REQUIRE(result.exit_status <= 1);
  Outcome outcome{testing::read_tree(output), {}, result.exit_status};
  for (const Diagnostic& d : diagnostics.sorted())
    if (!compares_runs(d)) outcome.diagnostics.push_back(format_text(d));
  return outcome;
}

/// Moves every output's mtime an hour back and lets a run record that, so that the next run
/// trusts every file (one written in the manifest's clock tick is compared, never kept).
void age(const fs::path& content, const fs::path& output) {
  const auto an_hour_ago = fs::file_time_type::clock::now() - std::chrono::hours(1);
  for (const auto& entry : fs::recursive_directory_iterator(output))
    if (entry.is_regular_file() && !entry.path().filename().string().starts_with(".castmap"))
      fs::last_write_time(entry.path(), an_hour_ago);
  export_into(content, output);
}

struct Edit {
  const char* what;
  std::function<void(const fs::path& content)> apply;
};

std::vector<Edit> edits() {
  return {
      {"a config key",
       [](const fs::path& c) {
         replace_in(c / "castmap.yaml", "title: Byte Sized Builds Network",
                    "title: Byte Sized Builds (renamed)");
       }},
      {"a config key of one show",
       [](const fs::path& c) { replace_in(c / "castmap.yaml", "type: episodic", "type: serial"); }},
      {"a sitemap setting",
       [](const fs::path& c) {
         replace_in(c / "castmap.yaml", "gzip: false", "gzip: false\n  max_urls: 2");
       }},
      {"a show's name",
       [](const fs::path& c) {
         std::string text = testing::read_file(c / "shows/byte-sized.md");
         const std::size_t at = text.find("name:");
         REQUIRE(at != std::string::npos);
         text.insert(text.find('\n', at), " (edited)");
         write_text(c / "shows/byte-sized.md", text);
       }},
      {"a person's name",
       [](const fs::path& c) {
         std::string text = testing::read_file(c / "people/ada.json");
         const std::size_t at = text.find("\"name\"");
         REQUIRE(at != std::string::npos);
         const std::size_t value = text.find('"', text.find(':', at)) + 1;
         text.insert(value, "Dr. ");
         write_text(c / "people/ada.json", text);
       }},
      {"a technology's name",
       [](const fs::path& c) {
         std::string text = testing::read_file(c / "technologies/rust.md");
         const std::size_t at = text.find("name:");
         REQUIRE(at != std::string::npos);
         text.insert(text.find('\n', at), " Lang");
         write_text(c / "technologies/rust.md", text);
       }},
      {"an episode's chapters",
       [](const fs::path& c) {
         const fs::path file = c / "videos/byte-sized/2026/rust-ffi.md";
         std::string text = testing::read_file(file);
         const std::size_t at = text.find("title:", text.find("chapters:"));
         REQUIRE(at != std::string::npos);
         text.insert(text.find('\n', at), " (and more)");
         write_text(file, text);
       }},
      {"an episode's title",
       [](const fs::path& c) {
         const fs::path file = c / "videos/byte-sized/2025/linkers-explained.md";
         std::string text = testing::read_file(file);
         const std::size_t at = text.find("\ntitle:");
         REQUIRE(at != std::string::npos);
         text.insert(text.find('\n', at + 1), " - revisited");
         write_text(file, text);
       }},
      {"an episode deleted",
       [](const fs::path& c) {
         REQUIRE(fs::remove(c / "videos/standalone/2026/year-in-review.md"));
       }},
      {"an episode added",
       [](const fs::path& c) {
         write_text(c / "videos/byte-sized/2026/new-episode.md",
                    "---\nid: new-episode\nslug: new-episode\ntitle: A new episode\n"
                    "publishedAt: 2026-06-01T10:00:00Z\nduration: \"00:12:00\"\n"
                    "show: byte-sized\ndescription: Freshly added.\nchapters:\n"
                    "  - startTime: 0\n    title: Start\n  - startTime: 300\n    title: Middle\n"
                    "---\nBody.\n");
       }},
      {"an episode's show notes",
       [](const fs::path& c) {
         const fs::path file = c / "videos/byte-sized/2026/rust-ffi.md";
         write_text(file,
                    testing::read_file(file) + "\nMore in [the follow-up](../build-caches/).\n");
       }},
      {"the episode page URL (show notes' relative links)",
       [](const fs::path& c) {
         replace_in(c / "castmap.yaml", "episode_page: \"{base_url}/episodes/{slug}/\"",
                    "episode_page: \"{base_url}/e/{slug}/\"");
       }},
      {"an episode's Podcasting 2.0 extras",
       [](const fs::path& c) {
         replace_in(c / "videos/byte-sized/2025/linkers-explained.md", "\ntitle:",
                    "\nseason: 1\nseasonName: Basics\nsoundbites:\n  - {startTime: 10, "
                    "duration: 30}\nalternates:\n  - {url: \"https://m.example/l.ogg\", "
                    "type: audio/ogg}\nlicense: CC0-1.0\nlocation: Oslo\ntitle:");
       }},
      {"channel tags and feed limits",
       [](const fs::path& c) {
         replace_in(c / "castmap.yaml", "    medium: podcast",
                    "    medium: podcast\n    funding: [{url: \"https://x.example/give\"}]\n"
                    "    block: true");
         replace_in(c / "castmap.yaml", "sitemap:", "feeds:\n  all_max_items: 2\nsitemap:");
       }},
      {"the newest episode deleted",  // every feed's first item changes
       [](const fs::path& c) {
         if (!fs::remove(c / "videos/byte-sized/2026/new-episode.md"))
           REQUIRE(fs::remove(c / "videos/byte-sized/2026/build-caches.md"));
       }},
      {"a draft published",
       [](const fs::path& c) {
         replace_in(c / "videos/byte-sized/2026/incremental-builds.md", "draft: true",
                    "draft: false");
       }},
      // No file changes: only the reference time moves past the 2099 episode's date, which
      // must then be published (the unchanged-run replay must not keep the old outputs).
      {"time passes an embargo",
       [](const fs::path&) { reference_time = date::sys_days(date::year{2100} / 1 / 1); }},
      {"a referenced chapter file",
       [](const fs::path& c) {
         replace_in(c / "chapter-files/build-caches.chapters.txt", "Cold builds", "Cold starts");
       }},
      {"a transcript added beside an episode",
       [](const fs::path& c) {
         write_text(c / "videos/standalone/2026/year-in-review.vtt",
                    "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nA year in review.\n");
       }},
      {"a transcript beside an episode edited",
       [](const fs::path& c) {
         replace_in(c / "videos/byte-sized/2025/linkers-explained.srt", "Linkers", "Loaders");
       }},
      {"a transcript beside an episode removed",
       [](const fs::path& c) { REQUIRE(fs::remove(c / "videos/byte-sized/2026/rust-ffi.json")); }},
      {"the on-request chapter formats and PSC in feeds switched on",
       [](const fs::path& c) {
         // Their files and their platform-rule warnings (year-in-review has two chapters) must
         // come back the same from kept files in every later re-run.
         replace_in(c / "castmap.yaml", "transcripts]",
                    "transcripts, psc, ffmetadata, matroska, mp4chaps, youtube]");
         write_text(c / "castmap.yaml",
                    testing::read_file(c / "castmap.yaml") + "\nchapters:\n  psc_in_feeds: true\n");
       }},
      {"nothing", [](const fs::path&) {}},
  };
}

/// What the examples lack for the edits above: a chapter file one episode names (outside the
/// videos folder, so only the run state's referenced files cover it) and transcripts beside
/// two others.
void add_companions(const fs::path& c) {
  replace_in(c / "videos/byte-sized/2026/build-caches.md", "\n---",
             "\nchapters: ../../../chapter-files/build-caches.chapters.txt\n---");
  write_text(c / "chapter-files/build-caches.chapters.txt",
             "00:00:00.000 Cold builds\n00:01:00.000 Warm builds\n");
  write_text(c / "videos/byte-sized/2025/linkers-explained.srt",
             "1\n00:00:00,000 --> 00:00:02,000\nLinkers, explained.\n");
  write_text(c / "videos/byte-sized/2026/rust-ffi.json",
             "{\"version\": \"1.0.0\", \"segments\": [{\"startTime\": 0, \"endTime\": 1, "
             "\"body\": \"Hi\"}]}\n");
}

}  // namespace

TEST_CASE("after any edit an incremental re-run equals a cold export, byte for byte",
          "[incremental][property]") {
  const auto seed = GENERATE(1u, 2u, 3u);
  CAPTURE(seed);
  reference_time = date::sys_days(date::year{2030} / 1 / 1);
  testing::TempDir work("castmap-incremental-property");
  const fs::path content = work.path() / "content";
  fs::copy(fs::path(CASTMAP_SOURCE_DIR) / "examples", content, fs::copy_options::recursive);
  // Every format, those off by default included (the JSON Feed's items are joined by commas).
  std::ofstream(content / "castmap.yaml", std::ios::app)
      << "\nexporters: [rss, json-chapters, webvtt, sitemap, atom, json-feed, transcripts]\n";
  add_companions(content);
  const fs::path incremental = work.path() / "incremental";

  std::vector<Edit> order = edits();
  std::mt19937 random(seed);
  std::shuffle(order.begin(), order.end(), random);
  export_into(content, incremental);
  age(content, incremental);
  for (const Edit& edit : order) {
    INFO("after editing " << edit.what);
    edit.apply(content);
    const Outcome rerun = export_into(content, incremental);
    const fs::path cold_folder = work.path() / ("cold-" + std::string(edit.what));
    const Outcome cold = export_into(content, cold_folder);
    CHECK(testing::compare_trees(cold.files, rerun.files) == "");
    CHECK(rerun.diagnostics == cold.diagnostics);
    CHECK(rerun.exit_status == cold.exit_status);
    fs::remove_all(cold_folder);
    age(content, incremental);
  }
}
