// Tests for the sitemap exporter: exact part and index bytes, splitting by URL count and by
// exact byte size, gzip, Google video limits (title, description, duration, tags) and escaping.
#include <catch2/catch.hpp>

#include <pugixml.hpp>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "exporters/gzip.hpp"
#include "exporters/registry.hpp"
#include "exporters/xml_output.hpp"
#include "src/base/time_format.hpp"
#include "tests/support/catalog_fixtures.hpp"
#include "tests/support/exporter_harness.hpp"

using namespace castmap;
using castmap::testing::ExportRun;

namespace {

Config sitemap_config() {
  Config config;
  config.site.base_url = "https://rawkode.academy";
  config.urls.thumbnail = "https://cdn.example.com/{media_id}/thumb.jpg?w=640&h=360";
  config.urls.video = "https://cdn.example.com/{media_id}/video.mp4";
  return config;
}

Episode episode(std::string slug, const char* published, double duration = 600) {
  Episode e = testing::sample_episode(slug, published);
  e.media_id = "m-" + slug;
  e.duration_seconds = duration;
  e.positions["description"] = {5, 14};
  e.positions["duration"] = {6, 11};
  return e;
}

ExportRun run_sitemap(std::vector<Episode> episodes, const Config& config,
                      std::vector<Show> shows = {}) {
  Catalog catalog;
  catalog.episodes = std::move(episodes);
  catalog.shows = std::move(shows);
  catalog.technologies.push_back({"rust", "Rust", "technologies/rust.md"});
  const Exporter* exporter = find_exporter("sitemap");
  REQUIRE(exporter != nullptr);
  return castmap::testing::run_exporter(*exporter, std::move(catalog), config);
}

/// Episodes e1..en, newest first, one day apart.
std::vector<Episode> numbered_episodes(int n) {
  std::vector<Episode> list;
  for (int i = n; i >= 1; --i) {
    std::string day = (i < 10 ? "0" : "") + std::to_string(i);
    list.push_back(episode("e" + std::to_string(i), ("2024-03-" + day + "T10:00:00Z").c_str()));
  }
  return list;
}

std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
    ++count;
  return count;
}

/// The <loc> values of a sitemap or index, in order.
std::vector<std::string> locs(const std::string& xml) {
  pugi::xml_document document;
  REQUIRE(document.load_string(xml.c_str()));
  std::vector<std::string> found;
  for (pugi::xml_node entry : document.document_element().children())
    found.emplace_back(entry.child_value("loc"));
  return found;
}

std::string video_child(const std::string& part, const char* name) {
  pugi::xml_document document;
  REQUIRE(document.load_string(part.c_str()));
  return document.document_element().child("url").child("video:video").child_value(name);
}

}  // namespace

TEST_CASE("sitemap writes an exact part and index", "[sitemap]") {
  Episode e = episode("rust-ffi", "2024-05-01T09:30:00.000Z", 3725);
  e.media_id = "abc";
  e.title = "Rust & C++ FFI";
  e.description = "Ownership <across> the boundary.";
  e.technologies = {"rust", "cpp"};
  ExportRun run = run_sitemap({e}, sitemap_config());
  REQUIRE(run.files.size() == 2);
  CHECK(run.files.at("sitemap-episodes-1.xml") ==
        R"(<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:video="http://www.google.com/schemas/sitemap-video/1.1">
  <url>
    <loc>https://rawkode.academy/watch/rust-ffi/</loc>
    <lastmod>2024-05-01T09:30:00+00:00</lastmod>
    <video:video>
      <video:thumbnail_loc>https://cdn.example.com/abc/thumb.jpg?w=640&amp;h=360</video:thumbnail_loc>
      <video:title>Rust &amp; C++ FFI</video:title>
      <video:description>Ownership &lt;across&gt; the boundary.</video:description>
      <video:content_loc>https://cdn.example.com/abc/video.mp4</video:content_loc>
      <video:duration>3725</video:duration>
      <video:publication_date>2024-05-01T09:30:00+00:00</video:publication_date>
      <video:tag>Rust</video:tag>
      <video:tag>cpp</video:tag>
    </video:video>
  </url>
</urlset>
)");
  CHECK(run.files.at("sitemap.xml") ==
        R"(<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap>
    <loc>https://rawkode.academy/sitemap-episodes-1.xml</loc>
    <lastmod>2024-05-01T09:30:00+00:00</lastmod>
  </sitemap>
</sitemapindex>
)");
  CHECK(run.diagnostics.empty());
}

TEST_CASE("sitemap parts assembled from fragments equal pugixml's own save", "[sitemap]") {
  ExportRun run = run_sitemap(numbered_episodes(7), sitemap_config());
  const std::string& part = run.files.at("sitemap-episodes-1.xml");
  pugi::xml_document document;
  REQUIRE(document.load_string(part.c_str(), pugi::parse_default | pugi::parse_declaration));
  CHECK(save_xml(document) == part);
  CHECK(count_of(part, "<url>") == 7);
}

TEST_CASE("sitemap splits at max_urls and the index points to every part", "[sitemap]") {
  Config config = sitemap_config();
  config.sitemap.max_urls = 2;
  ExportRun run = run_sitemap(numbered_episodes(5), config);
  REQUIRE(run.files.size() == 4);
  CHECK(locs(run.files.at("sitemap-episodes-1.xml")) ==
        std::vector<std::string>{"https://rawkode.academy/watch/e5/",
                                 "https://rawkode.academy/watch/e4/"});
  CHECK(locs(run.files.at("sitemap-episodes-2.xml")).size() == 2);
  CHECK(locs(run.files.at("sitemap-episodes-3.xml")) ==
        std::vector<std::string>{"https://rawkode.academy/watch/e1/"});
  const std::string& index = run.files.at("sitemap.xml");
  CHECK(locs(index) == std::vector<std::string>{"https://rawkode.academy/sitemap-episodes-1.xml",
                                                "https://rawkode.academy/sitemap-episodes-2.xml",
                                                "https://rawkode.academy/sitemap-episodes-3.xml"});
  // lastmod of each part = its newest episode.
  CHECK(count_of(index, "<lastmod>2024-03-05T10:00:00+00:00</lastmod>") == 1);
  CHECK(count_of(index, "<lastmod>2024-03-03T10:00:00+00:00</lastmod>") == 1);
  CHECK(count_of(index, "<lastmod>2024-03-01T10:00:00+00:00</lastmod>") == 1);
}

TEST_CASE("sitemap parts span the render waves in catalog order", "[sitemap]") {
  // More episodes than one wave of rendering (4096), and parts that straddle the waves.
  constexpr int kCount = 10000;
  std::vector<Episode> episodes;
  for (int i = 0; i < kCount; ++i) {
    Episode e = episode("s" + std::to_string(i), "2024-03-01T10:00:00Z");
    e.published = TimePoint{std::chrono::seconds{1'700'000'000 - i}};  // newest first
    episodes.push_back(std::move(e));
  }
  episodes[5000].slug = std::string(3000, 'x');  // a page URL over 2048 characters: left out
  Config config = sitemap_config();
  config.sitemap.max_urls = 3000;
  ExportRun run = run_sitemap(std::move(episodes), config);
  REQUIRE(run.files.size() == 5);  // four parts and the index
  std::vector<std::string> all;
  for (int n = 1; n <= 4; ++n) {
    const std::vector<std::string> part =
        locs(run.files.at("sitemap-episodes-" + std::to_string(n) + ".xml"));
    CHECK(part.size() == (n < 4 ? 3000u : 999u));
    all.insert(all.end(), part.begin(), part.end());
  }
  REQUIRE(all.size() == kCount - 1);
  for (int i = 0, at = 0; i < kCount; ++i) {
    if (i == 5000) continue;
    CHECK(all[at++] == "https://rawkode.academy/watch/s" + std::to_string(i) + "/");
  }
  CHECK(run.with_code("sitemap-loc-invalid").size() == 1);
}

TEST_CASE("sitemap moves on when the sink no longer asks for a part's bytes", "[sitemap]") {
  // The output writer stops asking for bytes after an I/O error; the parts must still end.
  struct GivingUpSink final : OutputTarget {
    std::vector<std::string> paths;
    void write(std::string_view, std::string path, std::string, Record) override {
      paths.push_back(std::move(path));
    }
    void write_streamed(std::string_view, std::string path, const FileProducer&, Record) override {
      paths.push_back(std::move(path));
    }
  };
  Config config = sitemap_config();
  config.sitemap.max_urls = 2;
  Catalog catalog;
  catalog.episodes = numbered_episodes(5);
  catalog.index();
  GivingUpSink sink;
  testing::render_into(sink, *find_exporter("sitemap"), catalog, config);
  CHECK(sink.paths == std::vector<std::string>{"sitemap-episodes-1.xml", "sitemap-episodes-2.xml",
                                               "sitemap-episodes-3.xml", "sitemap.xml"});
}

TEST_CASE("sitemap splits at max_bytes exactly and greedily", "[sitemap]") {
  const std::vector<Episode> episodes = numbered_episodes(9);
  for (std::size_t max_bytes : {1200u, 1500u, 2000u, 2345u, 3000u, 5000u}) {
    CAPTURE(max_bytes);
    Config config = sitemap_config();
    config.sitemap.max_bytes = max_bytes;
    ExportRun run = run_sitemap(episodes, config);
    std::vector<std::string> parts;
    for (int n = 1; run.files.count("sitemap-episodes-" + std::to_string(n) + ".xml"); ++n)
      parts.push_back(run.files.at("sitemap-episodes-" + std::to_string(n) + ".xml"));
    REQUIRE(parts.size() + 1 == run.files.size());  // the parts plus the index
    std::size_t urls = 0;
    for (std::size_t p = 0; p < parts.size(); ++p) {
      CHECK(parts[p].size() <= max_bytes);
      urls += count_of(parts[p], "<url>");
      if (p + 1 < parts.size()) {
        // Greedy: the next part's first <url> would not have fitted in this one.
        const std::string& next = parts[p + 1];
        std::size_t begin = next.find("  <url>");
        std::size_t end = next.find("</url>\n", begin) + 7;
        CHECK(parts[p].size() + (end - begin) > max_bytes);
      }
    }
    CHECK(urls == 9);
    CHECK(run.with_code("sitemap-url-too-large").empty());
  }
}

TEST_CASE("sitemap puts a url larger than max_bytes alone in a part and warns", "[sitemap]") {
  Config config = sitemap_config();
  config.sitemap.max_bytes = 300;
  ExportRun run = run_sitemap(numbered_episodes(3), config);
  CHECK(run.files.size() == 4);
  auto warnings = run.with_code("sitemap-url-too-large");
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].message ==
        "3 sitemap <url> entries are larger than sitemap.max_bytes (300) on their own; each is "
        "written alone in a part");
}

TEST_CASE("sitemap gzips parts deterministically; the index stays plain", "[sitemap]") {
  Config plain = sitemap_config();
  plain.sitemap.max_urls = 3;
  Config zipped = plain;
  zipped.sitemap.gzip = true;
  ExportRun plain_run = run_sitemap(numbered_episodes(4), plain);
  ExportRun gzip_run = run_sitemap(numbered_episodes(4), zipped);
  REQUIRE(gzip_run.files.size() == 3);
  for (const char* n : {"1", "2"}) {
    std::string path = std::string("sitemap-episodes-") + n + ".xml";
    const std::string& packed = gzip_run.files.at(path + ".gz");
    CHECK(gzip_decompress(packed) == plain_run.files.at(path));
    CHECK(packed.substr(4, 4) == std::string(4, '\0'));  // no timestamp in the gzip header
  }
  CHECK(locs(gzip_run.files.at("sitemap.xml")) ==
        std::vector<std::string>{"https://rawkode.academy/sitemap-episodes-1.xml.gz",
                                 "https://rawkode.academy/sitemap-episodes-2.xml.gz"});
  CHECK(run_sitemap(numbered_episodes(4), zipped).files == gzip_run.files);
}

TEST_CASE("sitemap truncates long titles and descriptions on character boundaries", "[sitemap]") {
  const std::string popcorn = "\xF0\x9F\x8D\xBF";  // U+1F37F: 4 bytes, 2 UTF-16 units
  Episode long_text = episode("long", "2024-01-02T00:00:00Z");
  long_text.title = std::string(120, 't');
  long_text.description = std::string(2040, 'a');
  for (int i = 0; i < 10; ++i) long_text.description += popcorn;
  Episode long_too = episode("long-too", "2024-01-01T00:00:00Z");
  long_too.description = std::string(3000, 'b');
  ExportRun run = run_sitemap({long_text, long_too}, sitemap_config());
  const std::string& part = run.files.at("sitemap-episodes-1.xml");

  // 2040 + 3 emoji (6 units) + the ellipsis = 2047 units: a 4th emoji would not fit.
  std::string expected = std::string(2040, 'a') + popcorn + popcorn + popcorn + "\u2026";
  CHECK(video_child(part, "video:description") == expected);
  CHECK(video_child(part, "video:title") == std::string(99, 't') + "\u2026");
  CHECK(count_of(part, std::string(2047, 'b') + "\u2026<") == 1);

  auto descriptions = run.with_code("video-description-truncated");
  REQUIRE(descriptions.size() == 1);  // one aggregated warning, at the first episode
  CHECK(descriptions[0].where == SourceLocation{"videos/long.md", 5, 14});
  CHECK(descriptions[0].message ==
        "2 video description(s) longer than 2048 characters are truncated in the sitemap (first "
        "in \"long\")");
  REQUIRE(run.with_code("video-title-truncated").size() == 1);
}

TEST_CASE("sitemap uses the title for an empty description", "[sitemap]") {
  Episode e = episode("quiet", "2024-01-01T00:00:00Z");
  e.description = "  ";
  ExportRun run = run_sitemap({e}, sitemap_config());
  CHECK(video_child(run.files.at("sitemap-episodes-1.xml"), "video:description") ==
        "Episode quiet");
  REQUIRE(run.with_code("video-description-from-title").size() == 1);
}

TEST_CASE("sitemap omits durations Google rejects and caps tags at 32", "[sitemap]") {
  Episode unknown = episode("unknown", "2024-01-04T00:00:00Z", 0);
  Episode eight_hours = episode("eight-hours", "2024-01-03T00:00:00Z", 28800);
  Episode too_long = episode("too-long", "2024-01-02T00:00:00Z", 30000);
  Episode tagged = episode("tagged", "2024-01-01T00:00:00Z");
  for (int i = 0; i < 40; ++i) tagged.technologies.push_back("tech-" + std::to_string(i));
  ExportRun run = run_sitemap({unknown, eight_hours, too_long, tagged}, sitemap_config());
  const std::string& part = run.files.at("sitemap-episodes-1.xml");
  CHECK(count_of(part, "<video:duration>") == 2);
  CHECK(count_of(part, "<video:duration>28800</video:duration>") == 1);
  CHECK(count_of(part, "<video:duration>600</video:duration>") == 1);
  CHECK(count_of(part, "<video:tag>") == 32);
  CHECK(count_of(part, "<video:tag>tech-31</video:tag>") == 1);
  CHECK(count_of(part, "<video:tag>tech-32</video:tag>") == 0);

  auto durations = run.with_code("video-duration-omitted");
  REQUIRE(durations.size() == 1);
  CHECK(durations[0].where == SourceLocation{"videos/unknown.md", 6, 11});
  CHECK(durations[0].message ==
        "2 episode(s) have a duration outside 1..28800 s, so <video:duration> is omitted (first "
        "\"unknown\": 0 s)");
  auto tags = run.with_code("video-tags-truncated");
  REQUIRE(tags.size() == 1);
  CHECK(tags[0].message ==
        "1 episode(s) have more than 32 technologies; only the first 32 become <video:tag> "
        "(first \"tagged\": 40)");
}

TEST_CASE("sitemap escapes & in URLs exactly once and percent-encodes slugs", "[sitemap]") {
  Config config = sitemap_config();
  config.urls.episode_page = "{base_url}/watch/{slug}/?ref=sitemap&lang=en";
  Episode e = episode("caf\xC3\xA9 & co", "2024-01-01T00:00:00Z");
  ExportRun run = run_sitemap({e}, config);
  const std::string& part = run.files.at("sitemap-episodes-1.xml");
  CHECK(count_of(part,
                 "<loc>https://rawkode.academy/watch/caf%C3%A9%20%26%20co/"
                 "?ref=sitemap&amp;lang=en</loc>") == 1);
  CHECK(count_of(part, "&amp;amp;") == 0);
  CHECK(count_of(part, "w=640&amp;h=360") == 1);
}

TEST_CASE("sitemap lists pages without video:video when video URLs are missing", "[sitemap]") {
  Config config = sitemap_config();
  config.urls.thumbnail.clear();
  ExportRun run = run_sitemap(numbered_episodes(3), config);
  const std::string& part = run.files.at("sitemap-episodes-1.xml");
  CHECK(count_of(part, "<url>") == 3);
  CHECK(count_of(part, "video:video") == 0);
  auto warnings = run.with_code("video-metadata-unavailable");
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].message ==
        "3 episode(s) are listed without <video:video>, which needs absolute thumbnail and "
        "video URLs (first \"e3\": urls.thumbnail is not set)");
}

TEST_CASE("sitemap writes a show part when show pages are configured", "[sitemap]") {
  Config config = sitemap_config();
  config.urls.show_page = "{base_url}/shows/{show}/";
  std::vector<Episode> episodes = numbered_episodes(3);
  episodes[0].show_id = "klustered";  // e3, newest
  episodes[2].show_id = "klustered";  // e1
  episodes[1].show_id = "compass";    // e2
  std::vector<Show> shows(3);
  shows[0].id = "compass";
  shows[1].id = "empty-show";
  shows[2].id = "klustered";
  ExportRun run = run_sitemap(episodes, config, shows);
  CHECK(run.files.at("sitemap-shows.xml") ==
        R"(<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:video="http://www.google.com/schemas/sitemap-video/1.1">
  <url>
    <loc>https://rawkode.academy/shows/compass/</loc>
    <lastmod>2024-03-02T10:00:00+00:00</lastmod>
  </url>
  <url>
    <loc>https://rawkode.academy/shows/klustered/</loc>
    <lastmod>2024-03-03T10:00:00+00:00</lastmod>
  </url>
</urlset>
)");
  CHECK(locs(run.files.at("sitemap.xml")) ==
        std::vector<std::string>{"https://rawkode.academy/sitemap-episodes-1.xml",
                                 "https://rawkode.academy/sitemap-shows.xml"});
}

// The shows' part is named shows.xml only while it is the only one; split by the limits, the
// parts are numbered like the episodes' (and gzipped alike).
TEST_CASE("sitemap numbers the show parts when the limits split them", "[sitemap]") {
  std::vector<Episode> episodes = numbered_episodes(3);
  episodes[0].show_id = "klustered";
  episodes[1].show_id = "compass";
  episodes[2].show_id = "rawkode-live";
  std::vector<Show> shows(3);
  shows[0].id = "compass";
  shows[1].id = "klustered";
  shows[2].id = "rawkode-live";
  for (bool gzip : {false, true}) {
    INFO("gzip " << gzip);
    Config config = sitemap_config();
    config.urls.show_page = "{base_url}/shows/{show}/";
    config.sitemap.max_urls = 2;
    config.sitemap.gzip = gzip;
    const std::string ext = gzip ? ".xml.gz" : ".xml";
    ExportRun run = run_sitemap(episodes, config, shows);
    CHECK(locs(run.files.at("sitemap.xml")) ==
          std::vector<std::string>{"https://rawkode.academy/sitemap-episodes-1" + ext,
                                   "https://rawkode.academy/sitemap-episodes-2" + ext,
                                   "https://rawkode.academy/sitemap-shows-1" + ext,
                                   "https://rawkode.academy/sitemap-shows-2" + ext});
    std::string second = run.files.at("sitemap-shows-2" + ext);
    if (gzip) second = gzip_decompress(second);
    CHECK(locs(second) == std::vector<std::string>{"https://rawkode.academy/shows/rawkode-live/"});
    CHECK(run.files.count("sitemap-shows" + ext) == 0);
  }
}

TEST_CASE("sitemap writes nothing invalid when URLs cannot be absolute", "[sitemap]") {
  Config config = sitemap_config();
  config.site.base_url.clear();
  ExportRun run = run_sitemap(numbered_episodes(2), config);
  CHECK(run.files.empty());
  REQUIRE(run.with_code("sitemap-base-url-invalid").size() == 1);

  Config relative_pages = sitemap_config();
  relative_pages.urls.episode_page = "/watch/{slug}/";
  ExportRun relative = run_sitemap(numbered_episodes(2), relative_pages);
  CHECK(relative.files.empty());
  auto invalid = relative.with_code("sitemap-loc-invalid");
  REQUIRE(invalid.size() == 1);
  CHECK(invalid[0].message ==
        "2 episode page URL(s) are not absolute http(s) URLs of 12 to 2048 characters, so those "
        "episodes are left out of the sitemap (first \"/watch/e2/\"; check site.base_url and "
        "urls.episode_page)");
  REQUIRE(relative.with_code("sitemap-empty").size() == 1);

  ExportRun empty = run_sitemap({}, sitemap_config());
  CHECK(empty.files.empty());
  REQUIRE(empty.with_code("sitemap-empty").size() == 1);
}
