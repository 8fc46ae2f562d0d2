// Tests for the on-request chapter exporters (psc, ffmetadata, matroska, mp4chaps, youtube):
// which formats a run writes by default, the files' bytes (the src/chapters writers'), the
// platform-rule warnings each reports at the chapters concerned, the run-wide summary of the
// other notes, and Podlove Simple Chapters inside RSS items (chapters.psc_in_feeds).
#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "exporters/registry.hpp"
#include "src/app/export_pipeline.hpp"
#include "src/chapters/chapter_list.hpp"
#include "src/chapters/psc.hpp"
#include "tests/support/catalog_fixtures.hpp"
#include "tests/support/exporter_harness.hpp"

using namespace castmap;
using castmap::testing::ExportRun;

namespace {

Chapter chapter(double start, std::string title, int line, bool toc = true) {
  Chapter c = testing::sample_chapter(start, std::move(title), toc);
  c.position = {line, 7};
  return c;
}

Episode episode(std::string slug, double duration, std::vector<Chapter> chapters) {
  Episode e = testing::sample_episode(slug);
  e.duration_seconds = duration;
  e.chapters = std::move(chapters);
  e.positions["chapters"] = {9, 1};
  return e;
}

ExportRun run(const char* exporter_name, std::vector<Episode> episodes, Config config = {}) {
  Catalog catalog;
  catalog.episodes = std::move(episodes);
  const Exporter* exporter = find_exporter(exporter_name);
  REQUIRE(exporter != nullptr);
  return testing::run_exporter(*exporter, std::move(catalog), config);
}

Config feed_config(bool psc_in_feeds) {
  Config config;
  config.site.base_url = "https://example.com";
  config.site.title = "Example";
  config.urls.enclosure = "https://cdn.example.com/{media_id}.mp3";
  config.chapters.psc_in_feeds = psc_in_feeds;
  return config;
}

const std::vector<std::string> kOnRequest = {"psc", "ffmetadata", "matroska", "mp4chaps",
                                             "youtube"};

}  // namespace

TEST_CASE("the new chapter formats are written only when asked for", "[exporters][chapters]") {
  Config config;
  auto selected = select_exporters(config, {});
  REQUIRE(std::holds_alternative<std::vector<std::string>>(selected));
  CHECK(std::get<std::vector<std::string>>(selected) ==
        std::vector<std::string>{"rss", "json-chapters", "webvtt", "sitemap", "transcripts"});
  for (const std::string& name : kOnRequest) {
    CAPTURE(name);
    REQUIRE(find_exporter(name) != nullptr);
    CHECK_FALSE(find_exporter(name)->info().on_by_default);
    // Listed (by --only or `exporters:`), each is selected, in registry order.
    auto only = select_exporters(config, {name, "rss"});
    REQUIRE(std::holds_alternative<std::vector<std::string>>(only));
    CHECK(std::get<std::vector<std::string>>(only) == std::vector<std::string>{"rss", name});
  }
  // The formats a site publishes (for links between formats) follow the same default.
  const FormatSet defaults = published_formats({});
  CHECK(defaults.with_media_type("application/json+chapters") != nullptr);
  CHECK(defaults.with_media_type("application/psc+xml") == nullptr);
  CHECK(published_formats({"psc"}).with_media_type("application/psc+xml") != nullptr);
}

TEST_CASE("chapter exporters write the writers' files at their paths", "[exporters][chapters]") {
  const std::vector<Episode> episodes = {
      episode("ep", 125.5, {chapter(0, "Intro", 10), chapter(60.25, "a=b; #c", 12)}),
      episode("none", 100, {})};
  const ExportRun ffmeta = run("ffmetadata", episodes);
  REQUIRE(ffmeta.files.size() == 1);  // no chapters, no file
  CHECK(ffmeta.files.at("chapters/ep.ffmeta") ==
        ";FFMETADATA1\ntitle=Episode ep\n"
        "[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=60250\ntitle=Intro\n"
        "[CHAPTER]\nTIMEBASE=1/1000\nSTART=60250\nEND=125500\ntitle=a\\=b\\; \\#c\n");
  CHECK(run("mp4chaps", episodes).files.at("chapters/ep.chapters.txt") ==
        "00:00:00.000 Intro\n00:01:00.250 a=b; #c\n");
  CHECK(run("youtube", episodes).files.at("chapters/ep.youtube.txt") ==
        "0:00 Intro\n1:00 a=b; #c\n");
  CHECK(run("psc", episodes).files.count("chapters/ep.psc.xml") == 1);
  CHECK(run("matroska", episodes).files.count("chapters/ep.mkv.xml") == 1);
}

TEST_CASE("youtube reports YouTube's rules at the chapters that break them",
          "[exporters][chapters]") {
  const ExportRun result = run(
      "youtube",
      {episode("late", 600,
               {chapter(5, "Late start", 10), chapter(8, "Blink", 12), chapter(300, "Main", 14)})});
  const auto first = result.with_code("youtube-first-not-zero");
  REQUIRE(first.size() == 1);
  CHECK(first[0].severity == Severity::warning);
  CHECK(first[0].where.path == "videos/late.md");
  CHECK(first[0].where.line == 10);
  const auto short_one = result.with_code("youtube-chapter-too-short");
  REQUIRE(short_one.size() == 1);
  CHECK(short_one[0].where.line == 12);
  const auto few = result.with_code("youtube-too-few-chapters");
  REQUIRE(few.size() == 1);
  CHECK(few[0].where.line == 9);  // the list as a whole: the episode's `chapters` field
  // Reported per episode: two episodes breaking a rule give two warnings.
  const ExportRun two = run("youtube", {episode("a", 600, {chapter(0, "Only", 10)}),
                                        episode("b", 600, {chapter(0, "Only", 10)})});
  CHECK(two.with_code("youtube-too-few-chapters").size() == 2);
  // mp4chaps does not report YouTube's rules.
  CHECK(run("mp4chaps", {episode("late", 600, {chapter(5, "Late", 10)})})
            .with_code("youtube-too-few-chapters")
            .empty());
}

TEST_CASE("mp4chaps reports Apple's chapter rules", "[exporters][chapters]") {
  const ExportRun result =
      run("mp4chaps", {episode("late", 600, {chapter(5, "Late start", 10), chapter(8, "B", 12)})});
  const auto first = result.with_code("apple-first-not-zero");
  REQUIRE(first.size() == 1);
  CHECK(first[0].where.line == 10);
  CHECK(result.with_code("apple-too-few-chapters").size() == 1);
  CHECK(run("youtube", {episode("late", 600, {chapter(5, "Late", 10)})})
            .with_code("apple-too-few-chapters")
            .empty());
}

TEST_CASE("formats without hidden chapters write nothing for all-hidden lists",
          "[exporters][chapters]") {
  const std::vector<Episode> episodes = {
      episode("hidden", 600, {chapter(0, "Silent", 10, false), chapter(30, "Also", 11, false)})};
  for (const char* name : {"psc", "ffmetadata", "mp4chaps", "youtube"}) {
    CAPTURE(name);
    const ExportRun result = run(name, episodes);
    CHECK(result.files.empty());
    REQUIRE(result.with_code("chapters-all-hidden").size() == 1);
    CHECK(result.with_code("chapters-all-hidden")[0].severity == Severity::note);
    CHECK(result.with_code("youtube-too-few-chapters").empty());
  }
  // Matroska keeps hidden chapters (ChapterFlagHidden).
  const ExportRun mkv = run("matroska", episodes);
  REQUIRE(mkv.files.size() == 1);
  CHECK(mkv.files.begin()->second.find("<ChapterFlagHidden>1</ChapterFlagHidden>") !=
        std::string::npos);
}

TEST_CASE("notes that are not platform rules are summed up once per run", "[exporters][chapters]") {
  // Unknown durations: the last END is estimated in every episode.
  const ExportRun result = run("ffmetadata", {episode("a", 0, {chapter(0, "One", 10)}),
                                              episode("b", 0, {chapter(0, "One", 10)}),
                                              episode("c", 0, {chapter(0, "One", 10)})});
  const auto estimated = result.with_code("ffmetadata-last-end-estimated");
  REQUIRE(estimated.size() == 1);
  CHECK(estimated[0].where.path == "videos/a.md");
  CHECK(estimated[0].message.find("3 episodes in all") != std::string::npos);
}

TEST_CASE("rss items carry psc:chapters when chapters.psc_in_feeds is on", "[exporters][rss]") {
  const std::vector<Episode> episodes = {
      episode("with", 600,
              {chapter(0, "Intro & <more>", 10), chapter(95.5, "Hidden", 11, false),
               chapter(120, "Main", 12)}),
      episode("without", 600, {})};
  const ExportRun off = run("rss", episodes, feed_config(false));
  const std::string& plain = off.files.at("feeds/all.xml");
  CHECK(plain.find("psc") == std::string::npos);

  const ExportRun on = run("rss", episodes, feed_config(true));
  const std::string& feed = on.files.at("feeds/all.xml");
  CHECK(feed.find("xmlns:psc=\"http://podlove.org/simple-chapters\"") != std::string::npos);
  CHECK(feed.find("<psc:chapters version=\"1.2\">\n"
                  "        <psc:chapter start=\"00:00:00.000\" title=\"Intro &amp; &lt;more>\" />\n"
                  "        <psc:chapter start=\"00:02:00.000\" title=\"Main\" />\n"
                  "      </psc:chapters>") != std::string::npos);
  // Declared once, on the root, and not again in the item.
  CHECK(feed.find("xmlns:psc") == feed.rfind("xmlns:psc"));
  CHECK(feed.find("Hidden") == std::string::npos);

  // A feed whose items have no visible chapter does not declare the namespace.
  const ExportRun none =
      run("rss", {episode("hidden", 600, {chapter(0, "Silent", 10, false)})}, feed_config(true));
  CHECK(none.files.at("feeds/all.xml").find("psc") == std::string::npos);
}
