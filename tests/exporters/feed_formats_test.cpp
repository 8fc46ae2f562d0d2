// Tests for the atom and json-feed exporters: off unless listed, the same feeds as rss, every
// file a valid document for one and many items (read back with pugixml and nlohmann-json), dates
// from the episodes (never the clock), media as enclosures/attachments, chapters linked through
// the published formats. Python's feedparser reads the golden feeds too (feed_readers.py).
#include <pugixml.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "exporters/registry.hpp"
#include "src/app/export_pipeline.hpp"
#include "tests/support/catalog_fixtures.hpp"
#include "tests/support/exporter_harness.hpp"

using namespace castmap;

namespace {

Config feed_config() {
  Config config;
  config.source_path = "castmap.yaml";
  config.site.base_url = "https://example.com";
  config.site.title = "Example Network";
  config.site.author = "Example Author";
  config.urls.enclosure = "https://media.example.com/{id}.mp3";
  config.urls.video = "https://media.example.com/{id}.mp4";
  config.urls.show_page = "{base_url}/shows/{show}/";
  return config;
}

/// Show "solo" with one episode, show "many" with two, and one episode without a show.
Catalog feed_catalog() {
  Catalog catalog;
  catalog.shows = {testing::sample_show("solo", "Solo & Co"), testing::sample_show("many", "Many")};
  Episode newest = testing::sample_episode("c", "2024-03-01T10:00:00Z");
  newest.show_id = "many";
  newest.title = "C & <friends>";
  newest.audio_file_size = 1234;
  newest.chapters = {testing::sample_chapter(0, "Intro"), testing::sample_chapter(60, "Main")};
  Episode middle = testing::sample_episode("b", "2024-02-01T10:00:00+02:00");
  middle.show_id = "solo";
  middle.description = "Line one.\nLine \"two\".";
  Episode oldest = testing::sample_episode("a", "2024-01-01T00:00:00Z");
  oldest.show_id = "many";
  Episode loose = testing::sample_episode("z", "2023-12-01T00:00:00Z");
  catalog.episodes = {newest, middle, oldest, loose};
  return catalog;
}

testing::ExportRun run(std::string_view name, const Config& config,
                       const Catalog& catalog = feed_catalog()) {
  const Exporter* exporter = find_exporter(name);
  REQUIRE(exporter != nullptr);
  return testing::run_exporter(*exporter, catalog, config);
}

std::vector<std::string> json_ids(const std::string& bytes) {
  std::vector<std::string> ids;
  const nlohmann::json feed = nlohmann::json::parse(bytes);
  for (const auto& item : feed.at("items")) ids.push_back(item.at("id").get<std::string>());
  return ids;
}

}  // namespace

TEST_CASE("atom and json-feed run and are published only when listed", "[atom][json-feed]") {
  Config config = feed_config();
  const auto names = std::get<std::vector<std::string>>(select_exporters(config, {}));
  CHECK(names ==
        std::vector<std::string>{"rss", "json-chapters", "webvtt", "sitemap", "transcripts"});
  CHECK(published_formats({}).with_media_type("application/atom+xml") == nullptr);
  CHECK(published_formats({}).with_media_type("application/feed+json") == nullptr);

  config.exporters = {"rss", "ATOM", "json-feed"};
  CHECK(std::get<std::vector<std::string>>(select_exporters(config, {})) ==
        std::vector<std::string>{"rss", "atom", "json-feed"});
  CHECK(published_formats(config.exporters).with_media_type("application/atom+xml") != nullptr);
}

TEST_CASE("json-feed writes rss's feeds, each valid JSON Feed 1.1 for one and many items",
          "[json-feed]") {
  const auto out = run("json-feed", feed_config());
  CHECK(out.diagnostics.empty());
  REQUIRE(out.files.size() == 3);
  CHECK(json_ids(out.files.at("feeds/all.json")) == std::vector<std::string>{"c", "b", "a", "z"});
  CHECK(json_ids(out.files.at("feeds/many.json")) == std::vector<std::string>{"c", "a"});
  CHECK(json_ids(out.files.at("feeds/solo.json")) == std::vector<std::string>{"b"});

  const auto solo = nlohmann::json::parse(out.files.at("feeds/solo.json"));
  CHECK(solo.at("version") == "https://jsonfeed.org/version/1.1");
  CHECK(solo.at("title") == "Solo & Co");
  CHECK(solo.at("home_page_url") == "https://example.com/shows/solo/");
  CHECK(solo.at("feed_url") == "https://example.com/feeds/solo.json");
  CHECK(solo.at("authors") == nlohmann::json::parse(R"([{"name": "Example Author"}])"));
  const auto& item = solo.at("items").at(0);
  CHECK(item.at("content_text") == "Line one.\nLine \"two\".");
  CHECK(item.at("date_published") == "2024-02-01T08:00:00+00:00");
  CHECK(item.at("url") == "https://example.com/watch/b/");
  CHECK(item.at("attachments") == nlohmann::json::parse(R"([
    {"url": "https://media.example.com/b.mp3", "mime_type": "audio/mpeg", "duration_in_seconds": 600},
    {"url": "https://media.example.com/b.mp4", "mime_type": "video/mp4", "duration_in_seconds": 600}])"));
  const auto newest = nlohmann::json::parse(out.files.at("feeds/many.json")).at("items").at(0);
  CHECK(newest.at("attachments").at(0).at("size_in_bytes") == 1234);
  CHECK(newest.at("title") == "C & <friends>");
  CHECK_FALSE(out.files.at("feeds/all.json").find("_podcast") != std::string::npos);
  CHECK(out.files.at("feeds/all.json").ends_with("\n  ]\n}\n"));

  SECTION("no episodes, no feeds") {
    Catalog empty = feed_catalog();
    empty.episodes.clear();
    CHECK(run("json-feed", feed_config(), empty).files.empty());
  }
  SECTION("a shard writes no all.json") {
    Config config = feed_config();
    config.shard = Shard{1, 2};
    const auto sharded = run("json-feed", config);
    CHECK_FALSE(sharded.files.contains("feeds/all.json"));
  }
}

TEST_CASE("atom writes rss's feeds as RFC 4287 documents dated by their newest episode", "[atom]") {
  Config config = feed_config();
  config.exporters = {"atom"};
  const auto out = run("atom", config);
  CHECK(out.diagnostics.empty());
  REQUIRE(out.files.size() == 3);
  pugi::xml_document many;
  REQUIRE(many.load_string(out.files.at("feeds/many.atom").c_str()));
  const pugi::xml_node feed = many.child("feed");
  CHECK(std::string(feed.attribute("xmlns").value()) == "http://www.w3.org/2005/Atom");
  CHECK(std::string(feed.child_value("title")) == "Many");
  CHECK(std::string(feed.child_value("updated")) == "2024-03-01T10:00:00+00:00");
  CHECK(std::string(feed.child_value("id")).starts_with("urn:uuid:"));
  CHECK(
      std::string(feed.find_child_by_attribute("link", "rel", "self").attribute("href").value()) ==
      "https://example.com/feeds/many.atom");
  std::vector<std::string> titles;
  for (pugi::xml_node entry : feed.children("entry")) titles.push_back(entry.child_value("title"));
  CHECK(titles == std::vector<std::string>{"C & <friends>", "Episode a"});

  const pugi::xml_node newest = feed.child("entry");
  std::vector<std::string> enclosures;
  for (pugi::xml_node link : newest.children("link"))
    if (std::string(link.attribute("rel").value()) == "enclosure")
      enclosures.push_back(std::string(link.attribute("type").value()) + " " +
                           link.attribute("href").value() + " " + link.attribute("length").value());
  CHECK(enclosures == std::vector<std::string>{"audio/mpeg https://media.example.com/c.mp3 1234",
                                               "video/mp4 https://media.example.com/c.mp4 "});
  // Chapter files are linked only when the site publishes them.
  CHECK(newest.child("podcast:chapters").empty());
  config.exporters = {"atom", "json-chapters"};
  pugi::xml_document linked;
  REQUIRE(linked.load_string(run("atom", config).files.at("feeds/many.atom").c_str()));
  CHECK(
      std::string(
          linked.child("feed").child("entry").child("podcast:chapters").attribute("url").value()) ==
      "https://example.com/chapters/c.json");

  // Entry ids are the episode's forever: the same in every feed and after the site moves.
  pugi::xml_document all;
  REQUIRE(all.load_string(out.files.at("feeds/all.atom").c_str()));
  const std::string id = all.child("feed").child("entry").child_value("id");
  config.site.base_url = "https://moved.example";
  pugi::xml_document moved;
  REQUIRE(moved.load_string(run("atom", config).files.at("feeds/all.atom").c_str()));
  CHECK(std::string(moved.child("feed").child("entry").child_value("id")) == id);
  CHECK(std::string(newest.child_value("id")) == id);
}

TEST_CASE("atom and json-feed leave out a show whose id is \"all\"", "[atom][json-feed]") {
  Catalog catalog = feed_catalog();
  catalog.shows[0].id = "all";
  catalog.episodes[1].show_id = "all";
  for (const char* name : {"atom", "json-feed"}) {
    const auto out = run(name, feed_config(), catalog);
    CHECK(out.with_code("feed-name-collision").size() == 1);
    CHECK(out.files.size() == 2);  // all.<ext> (every episode) and many.<ext>
  }
}
