// Tests for the channel tags in castmap.yaml (funding, txt, new_feed_url, block, complete,
// license, location), urls.alternates and the feeds section: read when valid, located config
// errors otherwise.
#include <catch2/catch.hpp>

#include <string>

#include "src/config/config.hpp"

using namespace castmap;

namespace {

struct Parsed {
  std::optional<Config> config;
  std::vector<Diagnostic> diagnostics;

  std::string errors() const {
    std::string out;
    for (const auto& d : diagnostics)
      if (d.severity == Severity::error)
        out += std::to_string(d.where.line) + ": " + d.message + " [" + d.code + "]\n";
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

}  // namespace

TEST_CASE("channel tags are read from site.podcast and shows.<id>.podcast", "[config]") {
  const Parsed ok = parse(R"(site:
  podcast:
    funding:
      - url: https://example.com/give
        text: Give
    txt: {text: token, purpose: verify}
    license: CC-BY-4.0
    location: {name: Austin, geo: "geo:30.2,-97.7", osm: R113314, country: US, rel: creator}
    new_feed_url: https://new.example.com/all.xml
shows:
  one:
    podcast:
      block: true
      complete: true
      license: {name: Mine, url: https://example.com/license}
feeds:
  max_items: 0
  all_max_items: 50
)");
  INFO(ok.errors());
  REQUIRE(ok.config);
  const PodcastSettings& site = ok.config->site.podcast;
  REQUIRE(site.funding);
  CHECK(site.funding->at(0).url == "https://example.com/give");
  CHECK(site.funding->at(0).text == "Give");
  REQUIRE(site.txt);
  CHECK(site.txt->at(0).purpose == "verify");
  CHECK(site.license->name == "CC-BY-4.0");
  CHECK(site.location->osm == "R113314");
  CHECK(site.location->rel == "creator");
  CHECK(*site.new_feed_url == "https://new.example.com/all.xml");
  const PodcastSettings show = ok.config->podcast_for("one");
  CHECK(*show.block);
  CHECK(*show.complete);
  CHECK(show.license->url == "https://example.com/license");
  CHECK(show.funding->size() == 1);  // inherited
  CHECK(ok.config->feeds.max_items == 0);
  CHECK(ok.config->feeds.all_max_items == 50);
}

TEST_CASE("bad channel tags are located config errors", "[config]") {
  CHECK(parse("site:\n  podcast:\n    funding:\n      - text: no url\n").errors() ==
        "4: site.podcast.funding[0]: needs a url (podcast:funding requires one) "
        "[config-invalid]\n");
  CHECK(parse("site:\n  podcast:\n    funding: [{url: 'javascript:x'}]\n")
            .errors()
            .find("javascript") != std::string::npos);
  CHECK(parse("site:\n  podcast:\n    location: {name: X, country: USA}\n")
            .errors()
            .find("alpha-2") != std::string::npos);
  CHECK(parse("site:\n  podcast:\n    location: {name: X, rel: maker}\n")
            .errors()
            .find("subject or creator") != std::string::npos);
  CHECK(
      parse("site:\n  podcast:\n    location: {geo: 'geo:1,2'}\n").errors().find("needs a name") !=
      std::string::npos);
  CHECK(parse("site:\n  podcast:\n    new_feed_url: feeds/new.xml\n").errors() != "");
  CHECK(parse("site:\n  podcast:\n    block: maybe\n").errors() != "");
  CHECK(parse("feeds:\n  max_items: -1\n").errors() != "");
  CHECK(parse("feeds:\n  max_item: 3\n").diagnostics.at(0).code == "config-unknown-key");
}

TEST_CASE("urls.alternates are URL templates with a type", "[config]") {
  const Parsed ok = parse(R"(urls:
  alternates:
    - url: "https://media.example.com/{media_id}.m4a"
      type: audio/mp4
      title: HQ
      bitrate: 256000
)");
  INFO(ok.errors());
  REQUIRE(ok.config);
  REQUIRE(ok.config->urls.alternates.size() == 1);
  CHECK(ok.config->urls.alternates[0].type == "audio/mp4");
  CHECK(*ok.config->urls.alternates[0].bitrate == 256000);
  CHECK(parse("urls:\n  alternates:\n    - url: 'https://x.example/{nope}.mp3'\n      type: a/b\n")
            .errors() != "");
  CHECK(parse("urls:\n  alternates:\n    - url: 'https://x.example/a.mp3'\n")
            .errors()
            .find("needs a url and a type") != std::string::npos);
}
