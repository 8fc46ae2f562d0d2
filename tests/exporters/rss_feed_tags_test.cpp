// Tests for the rss exporter's show notes (content:encoded), Podcasting 2.0 extras (alternate
// enclosures, soundbites, season names, license, location), the channel tags from castmap.yaml,
// feed size limits and the artwork fallback warning. Feeds are read back with pugixml.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <pugixml.hpp>
#include <string>

#include "exporters/registry.hpp"
#include "src/base/time_format.hpp"
#include "tests/support/catalog_fixtures.hpp"
#include "tests/support/exporter_harness.hpp"

using namespace castmap;

namespace {

struct Run {
  std::map<std::string, std::string> files;
  std::vector<Diagnostic> diagnostics;

  std::size_t count(std::string_view code) const {
    return static_cast<std::size_t>(std::count_if(diagnostics.begin(), diagnostics.end(),
                                                  [&](const auto& d) { return d.code == code; }));
  }
  const std::string& file(const std::string& path) const {
    static const std::string missing = "<missing>";
    auto it = files.find(path);
    return it == files.end() ? missing : it->second;
  }
};

Run run(const Catalog& catalog, const Config& config) {
  const Exporter* exporter = find_exporter("rss");
  REQUIRE(exporter != nullptr);
  Catalog indexed = catalog;
  indexed.index();
  MemoryTarget sink;
  std::vector<Diagnostic> diagnostics = testing::render_into(sink, *exporter, indexed, config);
  return {sink.take(), std::move(diagnostics)};
}

Config config() {
  Config c;
  c.source_path = "castmap.yaml";
  c.site.base_url = "https://example.com";
  c.site.title = "Example";
  c.site.podcast.category = "Technology";
  c.site.podcast.artwork = "https://example.com/art.png";
  c.urls.enclosure = "https://media.example.com/{id}.mp3";
  return c;
}

Catalog catalog(std::size_t episodes) {
  Catalog c;
  Show show;
  show.id = "show";
  show.name = "Show";
  show.source_path = "shows/show.md";
  c.shows.push_back(show);
  for (std::size_t i = 0; i < episodes; ++i) {
    // Newest first, as the normalizer leaves them.
    const std::string day = std::to_string(28 - i);
    Episode e =
        testing::sample_episode("e" + std::to_string(i), ("2024-01-" + day + "T00:00:00Z").c_str());
    e.title = e.id;
    e.show_id = "show";
    e.source_path = "videos/" + e.id + ".md";
    c.episodes.push_back(e);
  }
  return c;
}

pugi::xml_node first_item(const pugi::xml_document& document) {
  return document.child("rss").child("channel").child("item");
}

}  // namespace

TEST_CASE("rss: show notes are content:encoded in CDATA, split around the CDATA end marker",
          "[rss][feed-tags]") {
  Catalog c = catalog(2);
  const std::string html = "<p>a ]]> b &amp; <a href=\"https://x.example/\">x</a></p>";
  c.episodes[0].show_notes_html = html;
  Run r = run(c, config());
  const std::string& feed = r.file("feeds/show.xml");
  CHECK(feed.find("xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"") !=
        std::string::npos);
  // The CDATA section is split so that "]]>" never closes it early.
  CHECK(feed.find("<content:encoded><![CDATA[<p>a ]]]]><![CDATA[> b") != std::string::npos);
  pugi::xml_document document;
  REQUIRE(document.load_string(feed.c_str()));
  // A reader joins the CDATA sections again.
  std::string read_back;
  for (pugi::xml_node part : first_item(document).child("content:encoded").children())
    read_back += part.value();
  CHECK(read_back == html);
  // The episode without notes gets no element.
  CHECK(first_item(document).next_sibling("item").child("content:encoded").empty());
}

TEST_CASE("rss: the content namespace is declared only by feeds with show notes",
          "[rss][feed-tags]") {
  Run r = run(catalog(2), config());
  CHECK(r.file("feeds/show.xml").find("xmlns:content") == std::string::npos);
  CHECK(r.file("feeds/all.xml").find("xmlns:content") == std::string::npos);
}

TEST_CASE("rss: feeds.max_items and feeds.all_max_items keep the newest items",
          "[rss][feed-tags]") {
  Config c = config();
  c.feeds.max_items = 2;
  c.feeds.all_max_items = 3;
  Run r = run(catalog(5), c);
  pugi::xml_document show, all;
  REQUIRE(show.load_string(r.file("feeds/show.xml").c_str()));
  REQUIRE(all.load_string(r.file("feeds/all.xml").c_str()));
  auto guids = [](const pugi::xml_document& d) {
    std::vector<std::string> out;
    for (auto item : d.child("rss").child("channel").children("item"))
      out.emplace_back(item.child_value("guid"));
    return out;
  };
  CHECK(guids(show) == std::vector<std::string>{"e0", "e1"});
  CHECK(guids(all) == std::vector<std::string>{"e0", "e1", "e2"});
  CHECK(r.count("feed-items-limited") == 2);

  // Defaults: show feeds whole, all.xml up to 1000.
  Run defaults = run(catalog(5), config());
  CHECK(defaults.count("feed-items-limited") == 0);
  CHECK(Config().feeds.max_items == 0);
  CHECK(Config().feeds.all_max_items == 1000);
}

TEST_CASE("rss: a feed showing an episode thumbnail as its artwork is warned about",
          "[rss][feed-tags]") {
  Config c = config();
  c.site.podcast.artwork.reset();
  c.urls.thumbnail = "https://img.example.com/{id}.jpg";
  Run r = run(catalog(1), c);
  CHECK(r.count("feed-image-fallback") == 2);  // all.xml and the show feed
  c.site.podcast.artwork = "https://example.com/art.png";
  CHECK(run(catalog(1), c).count("feed-image-fallback") == 0);
}

TEST_CASE("rss: channel tags from the podcast settings", "[rss][feed-tags]") {
  Config c = config();
  c.site.podcast.funding = std::vector<FundingLink>{{"https://example.com/give", "Give"}};
  c.site.podcast.txt = std::vector<FeedText>{{"token-1", "verify"}};
  c.site.podcast.license = License{"CC-BY-4.0", ""};
  c.site.podcast.location = Location{"Austin", "geo:30.2,-97.7", "", "US", ""};
  c.site.podcast.new_feed_url = "https://new.example.com/all.xml";
  c.show_podcasts["show"].block = true;
  c.show_podcasts["show"].complete = true;
  Run r = run(catalog(1), c);
  pugi::xml_document show, all;
  REQUIRE(show.load_string(r.file("feeds/show.xml").c_str()));
  REQUIRE(all.load_string(r.file("feeds/all.xml").c_str()));
  pugi::xml_node channel = show.child("rss").child("channel");
  CHECK(std::string(channel.child_value("itunes:block")) == "Yes");
  CHECK(std::string(channel.child_value("itunes:complete")) == "Yes");
  CHECK(std::string(channel.child("podcast:funding").attribute("url").value()) ==
        "https://example.com/give");
  CHECK(std::string(channel.child_value("podcast:funding")) == "Give");
  CHECK(std::string(channel.child("podcast:txt").attribute("purpose").value()) == "verify");
  CHECK(std::string(channel.child_value("podcast:license")) == "CC-BY-4.0");
  CHECK(std::string(channel.child("podcast:location").attribute("country").value()) == "US");
  // new_feed_url of site.podcast moves all.xml only.
  CHECK(channel.child("itunes:new-feed-url").empty());
  CHECK(r.count("new-feed-url-not-inherited") == 1);
  pugi::xml_node all_channel = all.child("rss").child("channel");
  CHECK(std::string(all_channel.child_value("itunes:new-feed-url")) ==
        "https://new.example.com/all.xml");
  CHECK(all_channel.child("itunes:block").empty());  // block was the show's only
}

TEST_CASE("rss: alternates, soundbites, season name, license and location of an item",
          "[rss][feed-tags]") {
  Config c = config();
  c.urls.alternates.push_back({"https://media.example.com/{id}.m3u8", "video/mp4", "HLS", {}, 720});
  Catalog cat = catalog(1);
  Episode& e = cat.episodes[0];
  e.season_number = 3;
  EpisodeExtras& x = e.extras.edit();
  x.season_name = "Third";
  AlternateEnclosure alternate;
  alternate.url = "https://media.example.com/e0.ogg";
  alternate.type = "audio/ogg";
  alternate.length = 42;
  x.alternates.push_back(alternate);
  x.soundbites.push_back({73.5, 60, "Best bit"});
  x.license = License{"Mine", "https://example.com/license"};
  x.location = Location{"Berlin", "", "R62422", "DE", "creator"};
  Run r = run(cat, c);
  pugi::xml_document document;
  REQUIRE(document.load_string(r.file("feeds/show.xml").c_str()));
  pugi::xml_node item = first_item(document);
  CHECK(std::string(item.child("podcast:season").attribute("name").value()) == "Third");
  std::vector<std::string> types;
  for (auto node : item.children("podcast:alternateEnclosure"))
    types.emplace_back(std::string(node.attribute("type").value()) + " " +
                       node.child("podcast:source").attribute("uri").value());
  CHECK(types == std::vector<std::string>{"video/mp4 https://media.example.com/e0.m3u8",
                                          "audio/ogg https://media.example.com/e0.ogg"});
  CHECK(std::string(item.child("podcast:soundbite").attribute("startTime").value()) == "73.5");
  CHECK(std::string(item.child("podcast:soundbite").attribute("duration").value()) == "60");
  CHECK(std::string(item.child("podcast:license").attribute("url").value()) ==
        "https://example.com/license");
  CHECK(std::string(item.child("podcast:location").attribute("osm").value()) == "R62422");
  // The configured HLS alternate says video/mp4: one warning for the run.
  CHECK(r.count("media-type-mismatch") == 1);

  // A season name without a season number is left out, with a warning.
  e.season_number.reset();
  Run unnumbered = run(cat, c);
  CHECK(unnumbered.count("season-name-without-season") >= 1);
  CHECK(unnumbered.file("feeds/show.xml").find("Third") == std::string::npos);
}
