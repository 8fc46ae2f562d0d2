// castmap.yaml: URLs and templates are checked where they are read, podcast values come from
// the standards' sets, and the file itself is read without hanging or reading without bound.
#include "src/config/config.hpp"

#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <fstream>

#include "src/config/podcast_values.hpp"
#include "src/config/url_template.hpp"

using namespace castmap;

namespace {

struct Parsed {
  std::optional<Config> config;
  std::vector<Diagnostic> diagnostics;

  /// The one error's `line:col: message`, for exact checks.
  std::string error() const {
    std::string out;
    for (const auto& d : diagnostics)
      if (d.severity == Severity::error)
        out += std::to_string(d.where.line) + ":" + std::to_string(d.where.column) + ": " +
               d.message + " [" + d.code + "]";
    return out;
  }
};

Parsed parse(const std::string& yaml) {
  DiagnosticSink sink;
  Parsed parsed;
  parsed.config = parse_config(yaml, "/site/castmap.yaml", sink);
  parsed.diagnostics = sink.sorted();
  return parsed;
}

/// A fresh empty folder under the system temp folder, removed at the end of the test.
struct TempFolder {
  std::filesystem::path path;
  TempFolder() {
    path = std::filesystem::temp_directory_path() /
           ("castmap-config-test-" + std::to_string(::getpid()));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempFolder() { std::filesystem::remove_all(path); }
};

}  // namespace

TEST_CASE("site.base_url is checked and normalized", "[config]") {
  auto ok = parse("site:\n  base_url: HTTPS://Example.COM/\n");
  REQUIRE(ok.config);
  CHECK(ok.config->site.base_url == "https://example.com");

  CHECK(parse("site:\n  base_url: javascript:alert(1)\n").error() ==
        "2:13: site.base_url: \"javascript:alert(1)\" has the scheme \"javascript\"; only http "
        "and https are allowed [config-invalid]");
  CHECK(parse("site:\n  base_url: https://example.com/?utm=x\n").error() ==
        "2:13: site.base_url: \"https://example.com/?utm=x\" has a query (\"?...\"), which a "
        "base URL may not have [config-invalid]");
  CHECK_FALSE(parse("site:\n  base_url: /relative\n").config);
  CHECK_FALSE(parse("site:\n  base_url: \"https://user@example.com\"\n").config);
  CHECK_FALSE(parse("site:\n  base_url: \"https://example.com/a b\"\n").config);
}

TEST_CASE("the --base-url value goes through the same check as site.base_url", "[config]") {
  Config config;
  std::string problem;
  CHECK(set_base_url(config, "HTTP://Example.com//", problem));
  CHECK(config.site.base_url == "http://example.com");
  CHECK_FALSE(set_base_url(config, "data:text/html,x", problem));
  CHECK(problem == "\"data:text/html,x\" has the scheme \"data\"; only http and https are allowed");
  CHECK(config.site.base_url == "http://example.com");  // unchanged
  CHECK_FALSE(set_base_url(config, "https://x.example/#frag", problem));
}

TEST_CASE("URL templates with unknown placeholders or unbalanced braces are config errors",
          "[config]") {
  CHECK(parse("urls:\n  enclosure: \"{base_url}/{slugg}.mp3\"\n").error() ==
        "2:14: urls.enclosure: \"{base_url}/{slugg}.mp3\" has the unknown placeholder "
        "\"{slugg}\" (known: {base_url}, {slug}, {id}, {media_id}, {show}) [config-invalid]");
  CHECK(parse("urls:\n  enclosure: \"{base_url}/{slug.mp3\"\n").error() ==
        "2:14: urls.enclosure: \"{base_url}/{slug.mp3\" has a \"{\" that is never closed "
        "[config-invalid]");
  CHECK(parse("urls:\n  video: \"{base_url}/{slug}}.mp4\"\n").error() ==
        "2:10: urls.video: \"{base_url}/{slug}}.mp4\" has a \"}\" that closes no placeholder "
        "[config-invalid]");
  CHECK_FALSE(parse("urls:\n  thumbnail: \"{base_url}/{{slug}}.jpg\"\n").config);
  CHECK(parse("urls:\n  thumbnail: \"{base_url}{id}.jpg\"\n").error() ==
        "2:14: urls.thumbnail: \"{base_url}{id}.jpg\" has {base_url} where it cannot go: it "
        "must start the template, followed by \"/\" [config-invalid]");
  CHECK_FALSE(parse("urls:\n  thumbnail: \"https://cdn.example/{base_url}/x\"\n").config);
  CHECK_FALSE(parse("urls:\n  thumbnail: \"{base_url}/a b/{slug}.jpg\"\n").config);
}

TEST_CASE("a relative or non-http URL template is a config error", "[config]") {
  CHECK(parse("urls:\n  enclosure: \"/audio/{id}.mp3\"\n").error() ==
        "2:14: urls.enclosure: \"/audio/{id}.mp3\" gives URLs like \"/audio/id.mp3\", which is "
        "relative; an absolute http(s) URL is needed [config-invalid]");
  CHECK_FALSE(parse("urls:\n  episode_page: \"javascript:alert('{slug}')\"\n").config);
  CHECK_FALSE(parse("urls:\n  thumbnail: \"data:image/png;base64,{id}\"\n").config);
  // {base_url} is checked on its own, so a template starting with it is absolute.
  auto ok = parse(
      "urls:\n  enclosure: \"{base_url}/a/{media_id}.mp3\"\n"
      "  video: \"HTTPS://CDN.Example.com/V/{slug}.mp4\"\n");
  REQUIRE(ok.config);
  CHECK(ok.config->urls.enclosure == "{base_url}/a/{media_id}.mp3");
  CHECK(ok.config->urls.video == "https://cdn.example.com/V/{slug}.mp4");
  CHECK(parse("urls:\n  show_page: \"\"\n").config);  // empty: not published
}

TEST_CASE("urls.feed needs {show}: every feed needs its own URL", "[config]") {
  CHECK(parse("urls:\n  feed: \"{base_url}/feed.xml\"\n").error() ==
        "2:9: urls.feed: \"{base_url}/feed.xml\" has no {show}, so every feed (one per show "
        "and all.xml) would get the same URL [config-invalid]");
  CHECK(parse("urls:\n  feed: \"{base_url}/podcasts/{show}/rss\"\n").config);
}

TEST_CASE("podcast artwork must be an absolute http(s) URL", "[config]") {
  CHECK(parse("site:\n  podcast:\n    artwork: \"javascript:alert(1)\"\n").error() ==
        "3:14: site.podcast.artwork: \"javascript:alert(1)\" has the scheme \"javascript\"; "
        "only http and https are allowed [config-invalid]");
  CHECK_FALSE(parse("shows:\n  s:\n    podcast:\n      artwork: art/cover.png\n").config);
  auto ok = parse("site:\n  podcast:\n    artwork: HTTPS://CDN.example/Art.PNG\n");
  REQUIRE(ok.config);
  CHECK(ok.config->site.podcast.artwork == "https://cdn.example/Art.PNG");
}

TEST_CASE("podcast:medium comes from the namespace's list", "[config]") {
  CHECK(parse("site:\n  podcast:\n    medium: video\n").config);
  CHECK(parse("site:\n  podcast:\n    medium: Video\n").error() ==
        "3:13: site.podcast.medium: \"Video\" is not a podcast:medium (podcast, music, video, "
        "film, audiobook, newsletter, blog, course); did you mean \"video\"? [config-invalid]");
  CHECK(parse("site:\n  podcast:\n    medium: podcastL\n").error() ==
        "3:13: site.podcast.medium: \"podcastL\" is a medium for feeds that list other feeds "
        "(podcast:remoteItem only); castmap writes feeds of episodes (use one of: podcast, "
        "music, video, film, audiobook, newsletter, blog, course) [config-invalid]");
  CHECK_FALSE(parse("shows:\n  s:\n    podcast:\n      medium: radio\n").config);
}

TEST_CASE("Apple categories and subcategories come from Apple's list", "[config]") {
  CHECK(parse("site:\n  podcast:\n    category: Technology\n").config);
  CHECK(parse("site:\n  podcast:\n    category: News\n    subcategory: Tech News\n").config);
  CHECK(parse("site:\n  podcast:\n    category: Technolgy\n").error() ==
        "3:15: site.podcast.category: \"Technolgy\" is not an Apple Podcasts category; did you "
        "mean \"Technology\"? [config-invalid]");
  CHECK(parse("site:\n  podcast:\n    category: Tech News\n").error() ==
        "3:15: site.podcast.category: \"Tech News\" is not an Apple Podcasts category (it is a "
        "subcategory of \"News\") [config-invalid]");
  CHECK(
      parse("site:\n  podcast:\n    category: Technology\n    subcategory: Podcasting\n").error() ==
      "4:18: site.podcast.subcategory: \"Podcasting\" is not an Apple subcategory of "
      "\"Technology\", which has none [config-invalid]");
  CHECK(parse("site:\n  podcast:\n    category: News\n    subcategory: tech news\n").error() ==
        "4:18: site.podcast.subcategory: \"tech news\" is not an Apple subcategory of \"News\"; "
        "did you mean \"Tech News\"? [config-invalid]");
  CHECK(parse("site:\n  podcast:\n    subcategory: Tech News\n").error() ==
        "3:18: site.podcast.subcategory: a subcategory needs a category "
        "(site.podcast.category) [config-invalid]");
}

TEST_CASE("a show's category pair is checked as merged over the site's", "[config]") {
  // The show changes the category but inherits the site's subcategory: not a pair.
  CHECK(parse("site:\n  podcast:\n    category: News\n    subcategory: Tech News\n"
              "shows:\n  art:\n    podcast:\n      category: Arts\n")
            .error() ==
        "8:17: shows.art.podcast.category: \"Tech News\" is not an Apple subcategory of "
        "\"Arts\" (it belongs to \"News\"); the subcategory comes from site.podcast.subcategory "
        "[config-invalid]");
  CHECK(parse("site:\n  podcast:\n    category: News\n    subcategory: Tech News\n"
              "shows:\n  art:\n    podcast:\n      category: Arts\n      subcategory: Design\n")
            .config);
  CHECK(parse("site:\n  podcast:\n    category: News\n"
              "shows:\n  s:\n    podcast:\n      subcategory: Politics\n")
            .config);
}

TEST_CASE("itunes:type and explicit take only their values", "[config]") {
  CHECK(parse("site:\n  podcast:\n    type: Serial\n").error() ==
        "3:11: site.podcast.type: \"Serial\" is not an itunes:type ('episodic' or 'serial'); "
        "did you mean \"serial\"? [config-invalid]");
  CHECK(parse("site:\n  podcast:\n    explicit: clean\n").error() ==
        "3:15: 'site.podcast.explicit' must be true or false (Apple's old \"clean\" is false) "
        "[config-invalid]");
  CHECK_FALSE(parse("shows:\n  s:\n    podcast:\n      explicit: maybe\n").config);
  auto ok = parse("site:\n  podcast:\n    explicit: true\n    type: serial\n");
  REQUIRE(ok.config);
  CHECK(ok.config->site.podcast.explicit_content == true);
}

TEST_CASE("a key given twice in castmap.yaml is a config error", "[config]") {
  CHECK(parse("site:\n  title: A\n  title: B\n").error() ==
        "3:3: site.title: given twice (first on line 2) [config-invalid]");
  CHECK_FALSE(parse("strict: true\nstrict: false\n").config);
}

TEST_CASE("castmap.yaml syntax errors and yaml-cpp's depth limit are located errors", "[config]") {
  CHECK_FALSE(parse("site: [unclosed\n").config);
  const auto deep = parse(std::string(100000, '[') + std::string(100000, ']'));
  CHECK_FALSE(deep.config);
  REQUIRE(deep.diagnostics.size() == 1);
  CHECK(deep.diagnostics[0].code == "config-syntax");
  CHECK_FALSE(parse("- a list\n- not a mapping\n").config);
}

TEST_CASE("load_config refuses FIFOs, folders and oversized files with the file named",
          "[config]") {
  TempFolder temp;
  DiagnosticSink sink;
  const auto fifo = temp.path / "castmap.yaml";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK_FALSE(load_config(fifo, sink));  // returns at once: opened without blocking
  CHECK_FALSE(load_config(temp.path, sink));
  const auto big = temp.path / "big.yaml";
  std::ofstream(big) << std::string(kMaxConfigBytes + 1, '#');
  CHECK_FALSE(load_config(big, sink));
  CHECK_FALSE(load_config(temp.path / "missing.yaml", sink));
  const auto all = sink.sorted();
  REQUIRE(all.size() == 4);
  CHECK(all[0].message == "cannot read configuration file: not a regular file");
  CHECK(all[0].where.path == temp.path.generic_string());
  CHECK(all[1].code == "config-too-large");
  CHECK(all[1].where.path == big.generic_string());
  CHECK(all[2].message == "cannot read configuration file: not a regular file");
  CHECK(all[2].where.path == fifo.generic_string());
  CHECK(all[3].message == "cannot read configuration file: No such file or directory");
}

TEST_CASE("the podcast value tables hold the standards' values", "[config]") {
  CHECK(apple_categories().size() == 19);
  CHECK(apple_categories().at("News").contains("Tech News"));
  CHECK(apple_categories().at("Technology").empty());
  CHECK(podcast_mediums().contains("podcast"));
  CHECK_FALSE(podcast_mediums().contains("mixed"));
  CHECK(podcast_type_problem("episodic").empty());
}

TEST_CASE("chapters.psc_in_feeds is a boolean, off by default", "[config]") {
  const Parsed plain = parse("site:\n  title: x\n");
  REQUIRE(plain.config);
  CHECK_FALSE(plain.config->chapters.psc_in_feeds);
  const Parsed on = parse("chapters:\n  psc_in_feeds: true\n");
  REQUIRE(on.config);
  CHECK(on.config->chapters.psc_in_feeds);
  CHECK_FALSE(parse("chapters:\n  psc_in_feeds: maybe\n").config);
  const Parsed unknown = parse("chapters:\n  psc: true\n");
  REQUIRE(unknown.diagnostics.size() == 1);
  CHECK(unknown.diagnostics[0].code == "config-unknown-key");
}
