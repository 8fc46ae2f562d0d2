// Tests for the rss exporter: the exact bytes of a small feed (the reference output), escaping,
// dates, podcast:guid, artwork fallback, chapters links and every diagnostic it reports.
// With CASTMAP_DUMP_DIR set, the feeds are also written there for the external validators.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <string>

#include "exporters/registry.hpp"
#include "exporters/xml_output.hpp"
#include "src/base/parallel.hpp"
#include "src/base/time_format.hpp"
#include "tests/support/catalog_fixtures.hpp"
#include "tests/support/exporter_harness.hpp"
#include "tests/support/golden_support.hpp"

using namespace castmap;

namespace {

struct RssRun {
  std::map<std::string, std::string> files;
  std::vector<Diagnostic> diagnostics;

  std::size_t count(std::string_view code) const {
    return static_cast<std::size_t>(std::count_if(diagnostics.begin(), diagnostics.end(),
                                                  [&](const auto& d) { return d.code == code; }));
  }
  const Diagnostic* find(std::string_view code) const {
    for (const auto& d : diagnostics)
      if (d.code == code) return &d;
    return nullptr;
  }
  const std::string& file(const std::string& path) const {
    static const std::string missing = "<missing>";
    auto it = files.find(path);
    return it == files.end() ? missing : it->second;
  }
};

RssRun run_rss(const Catalog& catalog, const Config& config, const std::string& dump_name = {}) {
  const Exporter* exporter = find_exporter("rss");
  REQUIRE(exporter != nullptr);
  Catalog indexed = catalog;
  indexed.index();
  MemoryTarget sink;
  std::vector<Diagnostic> diagnostics = testing::render_into(sink, *exporter, indexed, config);
  if (!dump_name.empty()) testing::dump_for_validators(dump_name, sink.files());
  return {sink.take(), std::move(diagnostics)};
}

TimePoint at(const char* iso) {
  auto t = parse_timestamp(iso);
  REQUIRE(t.has_value());
  return *t;
}

Config small_config() {
  Config config;
  config.source_path = "castmap.yaml";
  config.site.base_url = "https://example.com";
  config.site.title = "Example Academy";
  config.site.description = "Every episode & more";
  config.site.language = "en";
  config.site.author = "Example Author";
  config.site.copyright = "CC BY 4.0";
  config.site.podcast.category = "Technology";
  config.site.podcast.owner_name = "Owner";
  config.site.podcast.owner_email = "owner@example.com";
  config.urls.enclosure = "https://media.example.com/{id}.mp3";
  config.urls.thumbnail = "https://img.example.com/{media_id}.jpg";
  config.urls.show_page = "{base_url}/shows/{show}/";
  config.urls.video = "https://media.example.com/{id}.mp4";
  return config;
}

Episode episode(std::string id, const char* published, std::string show_id) {
  Episode e = testing::sample_episode(id, published);
  e.title = id;
  e.description = "About " + id;
  e.duration_seconds = 0;
  e.show_id = std::move(show_id);
  e.source_path = "videos/" + id + ".md";
  return e;
}

/// Two episodes of one show (one with guests and chapters, one bare) plus a standalone one.
Catalog small_catalog() {
  Catalog catalog;
  Show show;
  show.id = "klustered";
  show.name = "Klustered & Friends";
  show.description = "Break & fix <clusters>";
  show.hosts = {"rawkode"};
  show.source_path = "shows/klustered.md";
  catalog.shows.push_back(show);

  Person host;
  host.id = "rawkode";
  host.name = "David Flanagan";
  host.url = "https://rawkode.dev";
  host.image = "https://img.example.com/rawkode.png";
  Person guest;
  guest.id = "jane";
  guest.name = "Jane Doe";
  catalog.people = {guest, host};

  Episode second = episode("ep-2", "2023-11-08T17:00:00.000Z", "klustered");
  second.title = "Fix ]]> & <bugs> \xF0\x9F\x8D\xBF";
  second.description = "Second & <last> ]]> \xF0\x9F\x8D\xBF";
  second.duration_seconds = 3368;
  second.audio_file_size = 12345678;
  second.guests = {"jane"};
  second.episode_number = 2;
  second.season_number = 1;
  second.chapters = {Chapter{0, "Intro", true, {}, {}},
                     Chapter{57.25, "Rust & <C++>", true, {}, {}}};

  Episode first = episode("ep-1", "2023-11-01T09:30:00+01:00", "klustered");
  first.title = "Hello";
  first.explicit_content = true;

  Episode standalone = episode("solo", "2023-10-01T00:00:00Z", "");
  standalone.audio_file_size = 42;

  catalog.episodes = {second, first, standalone};
  catalog.index();
  return catalog;
}

const char* const kKlusteredFeed = R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:podcast="https://podcastindex.org/namespace/1.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>Klustered &amp; Friends</title>
    <link>https://example.com/shows/klustered/</link>
    <description>Break &amp; fix &lt;clusters&gt;</description>
    <language>en</language>
    <copyright>CC BY 4.0</copyright>
    <generator>castmap</generator>
    <lastBuildDate>Wed, 08 Nov 2023 17:00:00 +0000</lastBuildDate>
    <pubDate>Wed, 08 Nov 2023 17:00:00 +0000</pubDate>
    <atom:link href="https://example.com/feeds/klustered.xml" rel="self" type="application/rss+xml" />
    <image>
      <url>https://img.example.com/ep-2.jpg</url>
      <title>Klustered &amp; Friends</title>
      <link>https://example.com/shows/klustered/</link>
    </image>
    <itunes:author>Example Author</itunes:author>
    <itunes:owner>
      <itunes:name>Owner</itunes:name>
      <itunes:email>owner@example.com</itunes:email>
    </itunes:owner>
    <itunes:image href="https://img.example.com/ep-2.jpg" />
    <itunes:category text="Technology" />
    <itunes:explicit>false</itunes:explicit>
    <itunes:type>episodic</itunes:type>
    <podcast:guid>5b749393-8fb3-546d-ab80-f5df20c8b402</podcast:guid>
    <podcast:locked owner="owner@example.com">no</podcast:locked>
    <podcast:medium>podcast</podcast:medium>
    <podcast:person role="host" href="https://rawkode.dev" img="https://img.example.com/rawkode.png">David Flanagan</podcast:person>
    <item>
      <title>Fix ]]&gt; &amp; &lt;bugs&gt; 🍿</title>
      <link>https://example.com/watch/ep-2/</link>
      <description>Second &amp; &lt;last&gt; ]]&gt; 🍿</description>
      <guid isPermaLink="false">ep-2</guid>
      <pubDate>Wed, 08 Nov 2023 17:00:00 +0000</pubDate>
      <enclosure url="https://media.example.com/ep-2.mp3" length="12345678" type="audio/mpeg" />
      <itunes:title>Fix ]]&gt; &amp; &lt;bugs&gt; 🍿</itunes:title>
      <itunes:duration>3368</itunes:duration>
      <itunes:image href="https://img.example.com/ep-2.jpg" />
      <itunes:episode>2</itunes:episode>
      <podcast:episode>2</podcast:episode>
      <itunes:season>1</itunes:season>
      <podcast:season>1</podcast:season>
      <itunes:episodeType>full</itunes:episodeType>
      <itunes:explicit>false</itunes:explicit>
      <podcast:chapters url="https://example.com/chapters/ep-2.json" type="application/json+chapters" />
      <podcast:person role="host" href="https://rawkode.dev" img="https://img.example.com/rawkode.png">David Flanagan</podcast:person>
      <podcast:person role="guest">Jane Doe</podcast:person>
      <podcast:alternateEnclosure type="video/mp4">
        <podcast:source uri="https://media.example.com/ep-2.mp4" />
      </podcast:alternateEnclosure>
    </item>
    <item>
      <title>Hello</title>
      <link>https://example.com/watch/ep-1/</link>
      <description>About ep-1</description>
      <guid isPermaLink="false">ep-1</guid>
      <pubDate>Wed, 01 Nov 2023 08:30:00 +0000</pubDate>
      <enclosure url="https://media.example.com/ep-1.mp3" length="0" type="audio/mpeg" />
      <itunes:title>Hello</itunes:title>
      <itunes:image href="https://img.example.com/ep-1.jpg" />
      <itunes:episodeType>full</itunes:episodeType>
      <itunes:explicit>true</itunes:explicit>
      <podcast:alternateEnclosure type="video/mp4">
        <podcast:source uri="https://media.example.com/ep-1.mp4" />
      </podcast:alternateEnclosure>
    </item>
  </channel>
</rss>
)";

}  // namespace

TEST_CASE("rss: a small show feed, byte for byte", "[rss]") {
  RssRun run = run_rss(small_catalog(), small_config(), "small");
  CHECK(run.file("feeds/klustered.xml") == kKlusteredFeed);
  REQUIRE(run.files.size() == 2);  // klustered.xml + all.xml
  // Reported once for the run although ep-1 appears in two feeds; solo has a size.
  CHECK(run.count("enclosure-length-missing") == 1);
  // Both feeds show an episode thumbnail for want of show artwork.
  CHECK(run.count("feed-image-fallback") == 2);
  CHECK(run.diagnostics.size() == 3);
}

TEST_CASE("rss: all.xml holds every episode, standalone ones included", "[rss]") {
  RssRun run = run_rss(small_catalog(), small_config());
  const std::string& all = run.file("feeds/all.xml");
  CHECK(all.find("<title>Example Academy</title>") != std::string::npos);
  CHECK(all.find("<link>https://example.com</link>") != std::string::npos);
  CHECK(all.find("<description>Every episode &amp; more</description>") != std::string::npos);
  CHECK(all.find("href=\"https://example.com/feeds/all.xml\"") != std::string::npos);
  CHECK(all.find("<podcast:guid>8024f072-f3e2-5e8f-9ff6-0b2ad91ac385</podcast:guid>") !=
        std::string::npos);
  const auto ep2 = all.find("<guid isPermaLink=\"false\">ep-2</guid>");
  const auto ep1 = all.find("<guid isPermaLink=\"false\">ep-1</guid>");
  const auto solo = all.find("<guid isPermaLink=\"false\">solo</guid>");
  CHECK(ep2 < ep1);
  CHECK(ep1 < solo);
  CHECK(solo != std::string::npos);
  // No channel hosts in the mixed feed, so each show episode names its hosts itself.
  CHECK(all.find("<podcast:person role=\"host\"") > all.find("<item>"));
  const std::string solo_item = all.substr(solo, all.find("</item>", solo) - solo);
  CHECK(solo_item.find("podcast:person") == std::string::npos);
  CHECK(solo_item.find("length=\"42\"") != std::string::npos);
  // The standalone episode has no feed of its own.
  CHECK(run.files.count("feeds/.xml") == 0);
}

TEST_CASE("rss: pubDate is RFC 2822 in +0000 with English names", "[rss]") {
  Catalog catalog = small_catalog();
  catalog.episodes[0].published = at("2024-02-29T23:59:59-02:00");
  RssRun run = run_rss(catalog, small_config());
  CHECK(
      run.file("feeds/klustered.xml").find("<pubDate>Fri, 01 Mar 2024 01:59:59 +0000</pubDate>") !=
      std::string::npos);
}

TEST_CASE("rss: podcast:guid is configured or UUIDv5 of the feed URL", "[rss]") {
  Config config = small_config();
  config.urls.feed = "https://podnews.net/rss/";  // same URL for every feed: only the value matters
  RssRun computed = run_rss(small_catalog(), config);
  CHECK(computed.file("feeds/klustered.xml")
            .find("<podcast:guid>9b024349-ccf0-5f69-a609-6b82873eab3c</podcast:guid>") !=
        std::string::npos);

  config.show_podcasts["klustered"].guid = "0f3b8a4e-0000-5000-8000-000000000001";
  config.site.podcast.guid = "0f3b8a4e-0000-5000-8000-000000000002";
  RssRun configured = run_rss(small_catalog(), config);
  CHECK(configured.file("feeds/klustered.xml")
            .find("<podcast:guid>0f3b8a4e-0000-5000-8000-000000000001</podcast:guid>") !=
        std::string::npos);
  CHECK(configured.file("feeds/all.xml")
            .find("<podcast:guid>0f3b8a4e-0000-5000-8000-000000000002</podcast:guid>") !=
        std::string::npos);
  CHECK(configured.count("podcast-guid-not-inherited") == 0);

  // A site-wide guid is not inherited by shows (that would merge them into one podcast).
  config.show_podcasts.clear();
  RssRun inherited = run_rss(small_catalog(), config);
  CHECK(inherited.file("feeds/klustered.xml").find("000000000002") == std::string::npos);
  CHECK(inherited.count("podcast-guid-not-inherited") == 1);
}

TEST_CASE("rss: artwork is configured, else the newest thumbnail, else reported", "[rss]") {
  Config config = small_config();
  config.show_podcasts["klustered"].artwork = "https://img.example.com/show.png";
  RssRun configured = run_rss(small_catalog(), config, "artwork");
  CHECK(configured.file("feeds/klustered.xml")
            .find("<itunes:image href=\"https://img.example.com/show.png\" />") !=
        std::string::npos);
  // all.xml falls back to the newest episode's thumbnail.
  CHECK(
      configured.file("feeds/all.xml")
          .find(
              "<itunes:image href=\"https://img.example.com/ep-2.jpg\" />\n    <itunes:category") !=
      std::string::npos);

  config.urls.thumbnail.clear();
  RssRun missing = run_rss(small_catalog(), config);
  CHECK(missing.file("feeds/klustered.xml").find("show.png") != std::string::npos);
  CHECK(missing.file("feeds/all.xml").find("<itunes:image") == std::string::npos);
  CHECK(missing.file("feeds/all.xml").find("<image>") == std::string::npos);
  REQUIRE(missing.count("feed-image-missing") == 1);
  CHECK(missing.find("feed-image-missing")->severity == Severity::warning);
  CHECK(missing.find("feed-image-missing")->message.find("feeds/all.xml") != std::string::npos);
}

TEST_CASE("rss: missing audio sizes are reported once per run, with the count", "[rss]") {
  Catalog catalog = small_catalog();
  for (auto& e : catalog.episodes) e.audio_file_size.reset();
  RssRun run = run_rss(catalog, small_config());
  REQUIRE(run.count("enclosure-length-missing") == 1);
  const Diagnostic* d = run.find("enclosure-length-missing");
  CHECK(d->severity == Severity::warning);
  CHECK(d->where.path == "videos/ep-2.md");  // the first (newest) such episode
  CHECK(d->message ==
        "3 of 3 episodes have no audioFileSize (first: \"ep-2\"); their enclosures "
        "say length=\"0\"");
}

TEST_CASE("rss: an empty enclosure template is one error; items are still written", "[rss]") {
  Config config = small_config();
  config.urls.enclosure.clear();
  RssRun run = run_rss(small_catalog(), config);
  REQUIRE(run.count("enclosure-missing") == 1);
  CHECK(run.find("enclosure-missing")->severity == Severity::error);
  CHECK(run.find("enclosure-missing")->where.path == "castmap.yaml");
  CHECK(run.count("enclosure-length-missing") == 0);
  CHECK(run.file("feeds/klustered.xml").find("<enclosure") == std::string::npos);
  CHECK(run.file("feeds/klustered.xml").find("<guid isPermaLink=\"false\">ep-1</guid>") !=
        std::string::npos);
}

TEST_CASE("rss: long descriptions are truncated and reported once per episode", "[rss]") {
  Catalog catalog = small_catalog();
  catalog.episodes[0].description = std::string(3996, 'x') + "\xF0\x9F\x8D\xBF tail";
  catalog.shows[0].description = std::string(4500, 'y');
  RssRun run = run_rss(catalog, small_config());
  // One for the episode (in two feeds) and one for the show description.
  std::vector<Diagnostic> reports;
  for (const auto& d : run.diagnostics)
    if (d.code == "description-too-long") reports.push_back(d);
  REQUIRE(reports.size() == 2);
  CHECK(reports[0].where.path == "shows/klustered.md");
  CHECK(reports[0].message ==
        "show description is 4500 bytes, over Apple's 4000-byte limit; truncated in the feed");
  CHECK(reports[1].where.path == "videos/ep-2.md");
  CHECK(reports[1].severity == Severity::warning);
  CHECK(reports[1].message ==
        "description is 4005 bytes, over Apple's 4000-byte limit; truncated in the feed");
  // The emoji would straddle the limit, so the cut happens before it.
  const std::string expected = "<description>" + std::string(3996, 'x') + "\u2026</description>";
  CHECK(run.file("feeds/klustered.xml").find(expected) != std::string::npos);
  CHECK(run.file("feeds/all.xml").find(expected) != std::string::npos);
  CHECK(run.file("feeds/klustered.xml").find(std::string(3997, 'y') + "\u2026</description>") !=
        std::string::npos);
}

TEST_CASE("rss: podcast:chapters only when the episode has chapters and json-chapters runs",
          "[rss]") {
  Config config = small_config();
  RssRun enabled = run_rss(small_catalog(), config);
  CHECK(enabled.file("feeds/all.xml").find("<podcast:chapters") != std::string::npos);

  config.exporters = {"rss", "sitemap"};
  RssRun disabled = run_rss(small_catalog(), config, "no-chapters");
  CHECK(disabled.file("feeds/klustered.xml").find("<podcast:chapters") == std::string::npos);
  CHECK(disabled.file("feeds/all.xml").find("<podcast:chapters") == std::string::npos);

  config.exporters = {"rss", "JSON-Chapters"};  // names are case-insensitive, as for --only
  CHECK(run_rss(small_catalog(), config).file("feeds/klustered.xml").find("<podcast:chapters") !=
        std::string::npos);
}

TEST_CASE("rss: a show named all collides with feeds/all.xml", "[rss]") {
  Catalog catalog = small_catalog();
  catalog.shows[0].id = "all";
  for (auto& e : catalog.episodes)
    if (e.show_id == "klustered") e.show_id = "all";
  catalog.index();
  RssRun run = run_rss(catalog, small_config());
  REQUIRE(run.count("feed-name-collision") == 1);
  CHECK(run.find("feed-name-collision")->severity == Severity::error);
  CHECK(run.find("feed-name-collision")->where.path == "shows/klustered.md");
  REQUIRE(run.files.size() == 1);
  // The real all.xml keeps its site-level channel and every episode.
  CHECK(run.file("feeds/all.xml").find("<title>Example Academy</title>") != std::string::npos);
  CHECK(run.file("feeds/all.xml").find(">ep-1</guid>") != std::string::npos);
}

TEST_CASE("rss: categories are checked against Apple's list", "[rss]") {
  Config config = small_config();
  config.site.podcast.category = "Society & Culture";
  config.site.podcast.subcategory = "Documentary";
  RssRun valid = run_rss(small_catalog(), config, "category-pair");
  CHECK(valid.file("feeds/klustered.xml")
            .find("<itunes:category text=\"Society &amp; Culture\">\n      <itunes:category "
                  "text=\"Documentary\" />\n    </itunes:category>") != std::string::npos);
  CHECK(valid.count("unknown-category") == 0);

  config.site.podcast.category = "Tech";
  config.site.podcast.subcategory.reset();
  RssRun unknown = run_rss(small_catalog(), config);
  REQUIRE(unknown.count("unknown-category") == 1);  // one setting, two feeds: one report
  CHECK(unknown.find("unknown-category")->message ==
        "\"Tech\" (site.podcast.category) is not an Apple Podcasts category; written anyway");
  CHECK(unknown.file("feeds/all.xml").find("<itunes:category text=\"Tech\" />") !=
        std::string::npos);

  config.site.podcast.category = "Technology";
  config.show_podcasts["klustered"].subcategory = "Podcasting";  // obsolete since 2019
  RssRun pair = run_rss(small_catalog(), config);
  REQUIRE(pair.count("unknown-category") == 1);
  CHECK(pair.find("unknown-category")->message ==
        "\"Podcasting\" (shows.klustered.podcast.subcategory) is not an Apple subcategory of "
        "\"Technology\"; written anyway");

  config.site.podcast.category.reset();
  config.show_podcasts.clear();
  RssRun missing = run_rss(small_catalog(), config);
  REQUIRE(missing.count("category-missing") == 1);
  CHECK(missing.find("category-missing")->severity == Severity::warning);
  CHECK(missing.file("feeds/klustered.xml").find("itunes:category") == std::string::npos);
}

TEST_CASE("rss: serial shows need episode numbers; unknown types fall back", "[rss]") {
  Config config = small_config();
  config.show_podcasts["klustered"].type = "serial";
  RssRun serial = run_rss(small_catalog(), config, "serial");
  CHECK(serial.file("feeds/klustered.xml").find("<itunes:type>serial</itunes:type>") !=
        std::string::npos);
  REQUIRE(serial.count("serial-without-numbers") == 1);
  CHECK(serial.find("serial-without-numbers")->message ==
        "feeds/klustered.xml is serial but 1 episodes have no episode number (first: \"ep-1\")");

  config.show_podcasts["klustered"].type = "Serial";
  RssRun unknown = run_rss(small_catalog(), config);
  REQUIRE(unknown.count("unknown-podcast-type") == 1);
  CHECK(unknown.file("feeds/klustered.xml").find("<itunes:type>episodic</itunes:type>") !=
        std::string::npos);
}

TEST_CASE("rss: channel settings from site.podcast and the show override", "[rss]") {
  Config config = small_config();
  config.site.podcast.explicit_content = true;
  config.site.podcast.locked = true;
  config.site.podcast.medium = "video";
  config.show_podcasts["klustered"].title = "Klustered (audio)";
  config.show_podcasts["klustered"].author = "Rawkode Academy";
  RssRun run = run_rss(small_catalog(), config, "settings");
  const std::string& feed = run.file("feeds/klustered.xml");
  CHECK(feed.find("<title>Klustered (audio)</title>") != std::string::npos);
  CHECK(feed.find("<itunes:author>Rawkode Academy</itunes:author>") != std::string::npos);
  CHECK(feed.find("<itunes:explicit>true</itunes:explicit>\n    <itunes:type>") !=
        std::string::npos);
  CHECK(feed.find("<podcast:locked owner=\"owner@example.com\">yes</podcast:locked>") !=
        std::string::npos);
  CHECK(feed.find("<podcast:medium>video</podcast:medium>") != std::string::npos);
  CHECK(run.file("feeds/all.xml").find("<title>Example Academy</title>") != std::string::npos);

  config.urls.feed.clear();
  RssRun no_feed_url = run_rss(small_catalog(), config);
  CHECK(no_feed_url.count("feed-url-missing") == 1);
  CHECK(no_feed_url.file("feeds/all.xml").find("atom:link") == std::string::npos);
}

TEST_CASE("rss: output does not depend on the thread count", "[rss]") {
  Catalog catalog = small_catalog();
  for (int i = 0; i < 200; ++i) {
    Episode e =
        episode("bulk-" + std::to_string(i), "2022-01-01T00:00:00Z", i % 2 ? "klustered" : "");
    e.published += std::chrono::hours(i);
    e.audio_file_size = 1000 + i;
    catalog.episodes.push_back(e);
  }
  std::stable_sort(catalog.episodes.begin(), catalog.episodes.end(), newer_first);
  const Exporter* exporter = find_exporter("rss");
  REQUIRE(exporter != nullptr);
  const Config config = small_config();
  catalog.index();
  auto render_with = [&](const char* threads) {
    testing::ScopedEnv env("CASTMAP_THREADS", threads);
    MemoryTarget sink;
    testing::render_into(sink, *exporter, catalog, config);
    return sink.take();
  };
  auto serial = render_with("1");
  auto parallel = render_with("4");
  CHECK(serial == parallel);
  CHECK(serial.at("feeds/all.xml").find(">bulk-0</guid>") != std::string::npos);
}

TEST_CASE("rss: a feed printed in chunks is byte for byte the one-tree serialization", "[rss]") {
  // 9,000 items: 36 chunks of 256 in two waves of 32, the last chunk partial.
  Catalog catalog = small_catalog();
  for (int i = 0; i < 9000; ++i) {
    Episode e =
        episode("many-" + std::to_string(i), "2020-01-01T00:00:00Z", i % 3 ? "klustered" : "");
    e.published += std::chrono::minutes(i);
    e.audio_file_size = 1000 + i;
    e.title = "Episode <" + std::to_string(i) + "> & \"more\"";
    catalog.episodes.push_back(e);
  }
  std::stable_sort(catalog.episodes.begin(), catalog.episodes.end(), newer_first);
  catalog.index();
  Config config = small_config();
  config.feeds.all_max_items = 0;  // all of them
  const RssRun run = run_rss(catalog, config);
  const std::string& all = run.files.at("feeds/all.xml");
  pugi::xml_document reparsed;
  REQUIRE(
      reparsed.load_buffer(all.data(), all.size(), pugi::parse_default | pugi::parse_declaration));
  CHECK(std::distance(reparsed.child("rss").child("channel").children("item").begin(),
                      reparsed.child("rss").child("channel").children("item").end()) == 9003);
  CHECK(save_xml(reparsed) == all);
  const std::string& show = run.files.at("feeds/klustered.xml");
  REQUIRE(reparsed.load_buffer(show.data(), show.size(),
                               pugi::parse_default | pugi::parse_declaration));
  CHECK(save_xml(reparsed) == show);
}
