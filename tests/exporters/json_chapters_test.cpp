// Tests for the json-chapters exporter: exact file bytes (the reference output), number
// formatting, endTime rules, optional keys and which episodes get a file.
// With CASTMAP_DUMP_DIR set, the files are also written there for the external validators.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <string>

#include "exporters/registry.hpp"
#include "src/base/parallel.hpp"
#include "src/base/time_format.hpp"
#include "tests/support/catalog_fixtures.hpp"
#include "tests/support/exporter_harness.hpp"

using namespace castmap;

namespace {

std::map<std::string, std::string> run_json_chapters(const Catalog& catalog, const Config& config,
                                                     DiagnosticSink& diagnostics) {
  const Exporter* exporter = find_exporter("json-chapters");
  REQUIRE(exporter != nullptr);
  MemoryTarget sink;
  for (Diagnostic& d : testing::render_into(sink, *exporter, catalog, config))
    diagnostics.report(std::move(d));
  testing::dump_for_validators("json-chapters", sink.files());
  return sink.take();
}

Chapter chapter(double start, std::string title) {
  return testing::sample_chapter(start, std::move(title));
}

Catalog chapters_catalog() {
  Catalog catalog;
  Show show;
  show.id = "klustered";
  show.name = "Klustered & Friends";
  catalog.shows.push_back(show);

  Episode full;
  full.id = "ep-2";
  full.slug = "fix-bugs";
  full.title = "Fix <bugs> & \"quotes\" \xF0\x9F\x8D\xBF";
  full.show_id = "klustered";
  full.duration_seconds = 3368;
  full.published = *parse_timestamp("2023-11-08T17:00:00Z");
  Chapter linked = chapter(57.25, "Rust & <C++> ]]>");
  linked.set_links("https://example.com/notes?a=1&b=2", "https://example.com/ch.png");
  Chapter silent = chapter(94.1234, "Sponsor");
  silent.toc = false;
  full.chapters = {chapter(0, "Intro"), linked, silent, chapter(600.0004, "Wrap-up")};

  Episode standalone;
  standalone.id = "solo";
  standalone.slug = "solo";
  standalone.title = "Solo";
  standalone.duration_seconds = 0;  // unknown: the last chapter gets no endTime
  standalone.published = *parse_timestamp("2023-10-01T00:00:00Z");
  standalone.chapters = {chapter(12.5, "Only")};

  Episode bare;
  bare.id = "bare";
  bare.slug = "bare";
  bare.title = "No chapters";
  bare.show_id = "klustered";
  bare.published = *parse_timestamp("2023-09-01T00:00:00Z");

  catalog.episodes = {full, standalone, bare};
  catalog.index();
  return catalog;
}

Config chapters_config() {
  Config config;
  config.site.title = "Example Academy";
  config.site.base_url = "https://example.com";
  return config;
}

const char* const kFixBugsJson = R"({
  "version": "1.2.0",
  "title": "Fix <bugs> & \"quotes\" 🍿",
  "podcastName": "Klustered & Friends",
  "chapters": [
    {
      "startTime": 0,
      "title": "Intro",
      "endTime": 57.25
    },
    {
      "startTime": 57.25,
      "title": "Rust & <C++> ]]>",
      "endTime": 94.123,
      "url": "https://example.com/notes?a=1&b=2",
      "img": "https://example.com/ch.png"
    },
    {
      "startTime": 94.123,
      "title": "Sponsor",
      "endTime": 600,
      "toc": false
    },
    {
      "startTime": 600,
      "title": "Wrap-up",
      "endTime": 3368
    }
  ]
}
)";

}  // namespace

TEST_CASE("json-chapters: a file byte for byte", "[json-chapters]") {
  DiagnosticSink diagnostics;
  auto files = run_json_chapters(chapters_catalog(), chapters_config(), diagnostics);
  REQUIRE(files.count("chapters/fix-bugs.json") == 1);
  CHECK(files.at("chapters/fix-bugs.json") == kFixBugsJson);
  CHECK(diagnostics.sorted().empty());
}

TEST_CASE("json-chapters: only episodes with chapters get a file", "[json-chapters]") {
  DiagnosticSink diagnostics;
  auto files = run_json_chapters(chapters_catalog(), chapters_config(), diagnostics);
  CHECK(files.size() == 2);
  CHECK(files.count("chapters/bare.json") == 0);
}

TEST_CASE("json-chapters: standalone episodes, unknown duration", "[json-chapters]") {
  DiagnosticSink diagnostics;
  auto files = run_json_chapters(chapters_catalog(), chapters_config(), diagnostics);
  // site.title names the podcast; duration 0 leaves the last chapter open-ended.
  CHECK(files.at("chapters/solo.json") == R"({
  "version": "1.2.0",
  "title": "Solo",
  "podcastName": "Example Academy",
  "chapters": [
    {
      "startTime": 12.5,
      "title": "Only"
    }
  ]
}
)");
}

TEST_CASE("json-chapters: starts that round together get no endTime", "[json-chapters]") {
  Catalog catalog = chapters_catalog();
  catalog.episodes[1].chapters = {chapter(1.0001, "A"), chapter(1.0003, "B")};
  catalog.episodes[1].duration_seconds = 2.5;
  DiagnosticSink diagnostics;
  auto files = run_json_chapters(catalog, chapters_config(), diagnostics);
  // endTime must be after startTime: an endTime equal to it would be invalid, so it is omitted.
  CHECK(files.at("chapters/solo.json").find(R"("startTime": 1,
      "title": "A"
    },)") != std::string::npos);
  CHECK(files.at("chapters/solo.json").find(R"("title": "B",
      "endTime": 2.5)") != std::string::npos);
}
