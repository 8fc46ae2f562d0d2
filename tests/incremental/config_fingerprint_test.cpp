// The configuration fingerprint is derived from what the configuration was made from, so every
// setting (including keys added after this test was written) reaches the incremental layer.
#include <catch2/catch.hpp>

#include <yaml-cpp/yaml.h>

#include <string>
#include <utility>

#include "src/config/config.hpp"
#include "src/config/config_provenance.hpp"
#include "src/incremental/parse_cache.hpp"

namespace castmap {
namespace {

std::uint64_t fingerprint_of(const std::string& yaml, const char* file = "/site/castmap.yaml") {
  DiagnosticSink sink;
  const auto config = parse_config(yaml, file, sink);
  REQUIRE(config);
  return config_fingerprint(*config);
}

const std::string kBase = R"(site:
  base_url: https://a.example
  title: Show
  podcast:
    explicit: false
urls:
  enclosure: "{base_url}/audio/{slug}.mp3"
sitemap:
  gzip: false
)";

}  // namespace

TEST_CASE("config fingerprint ignores layout and comments, not values", "[cache][config]") {
  const std::uint64_t base = fingerprint_of(kBase);
  // Same tree: other key order, flow style, comments.
  CHECK(fingerprint_of("# a comment\nsitemap: {gzip: false}\nurls:\n  enclosure: "
                       "\"{base_url}/audio/{slug}.mp3\"\nsite:\n  title: Show\n  podcast: "
                       "{explicit: false}\n  base_url: https://a.example\n") == base);
  // Any value anywhere, in any section: none of these is listed anywhere in the fingerprint.
  for (const auto& [from, to] : std::initializer_list<std::pair<std::string, std::string>>{
           {"https://a.example", "https://b.example"},
           {"title: Show", "title: Other"},
           {"explicit: false", "explicit: true"},
           {"/audio/", "/media/"},
           {"gzip: false", "gzip: true"}}) {
    std::string changed = kBase;
    changed.replace(changed.find(from), from.size(), to);
    CAPTURE(from, to);
    CHECK(fingerprint_of(changed) != base);
  }
  // A key that was absent and is now given with its default value may still change what a
  // format does (presence can matter): it counts as a change.
  CHECK(fingerprint_of(kBase + "exporters: [rss]\n") != base);
  // The same file in another folder resolves its relative paths elsewhere.
  CHECK(fingerprint_of(kBase, "/other/castmap.yaml") != base);
}

TEST_CASE("settings applied after loading change the fingerprint", "[cache][config]") {
  DiagnosticSink sink;
  auto config = parse_config(kBase, "/site/castmap.yaml", sink);
  REQUIRE(config);
  const std::uint64_t loaded = config_fingerprint(*config);
  Config with_option = *config;
  record_setting(with_option, "--base-url", "https://c.example");
  CHECK(config_fingerprint(with_option) != loaded);
  Config other_value = *config;
  record_setting(other_value, "--base-url", "https://d.example");
  CHECK(config_fingerprint(other_value) != config_fingerprint(with_option));
  // Name and value cannot trade bytes.
  Config split_a = *config, split_b = *config;
  record_setting(split_a, "--ab", "c");
  record_setting(split_b, "--a", "bc");
  CHECK(config_fingerprint(split_a) != config_fingerprint(split_b));
}

TEST_CASE("a recursive alias in the config falls back to its text", "[cache][config]") {
  // Found by the config fuzz target: the walk followed `*a` inside `&a` without end.
  const std::string yaml = "a: &a [1, *a]\nb: &b {x: *b}\n";
  const YAML::Node root = YAML::Load(yaml);
  CHECK(config_file_provenance(root, "/site", yaml).find(" text ") != std::string::npos);
}

TEST_CASE("an alias bomb in the config falls back to its text", "[cache][config]") {
  std::string yaml = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char previous = 'a';
  for (char name = 'b'; name <= 'j'; ++name) {
    yaml += std::string(1, name) + ": &" + name + " [";
    for (int i = 0; i < 10; ++i) yaml += std::string(i ? ", *" : "*") + previous;
    yaml += "]\n";
    previous = name;
  }
  // 10^10 nodes if walked: the provenance stops early and keeps the text instead.
  const YAML::Node root = YAML::Load(yaml);
  const std::string provenance = config_file_provenance(root, "/site", yaml);
  CHECK(provenance.find(" text ") != std::string::npos);
  CHECK(provenance.size() < yaml.size() + 100);
}

}  // namespace castmap
