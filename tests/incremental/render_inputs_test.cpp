// Tests for the inputs keys that let an incremental run skip rendering: the keys the renderer
// records with every file change exactly when something the file is rendered from changes, and
// the bytes rendered with keys are the plain ones.
#include <catch2/catch.hpp>

#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "exporters/registry.hpp"
#include "src/base/parallel.hpp"
#include "src/base/time_format.hpp"
#include "src/incremental/render_inputs.hpp"
#include "tests/support/exporter_harness.hpp"

using namespace castmap;

namespace {

/// Records the inputs key of every file (0 when it has none) and its bytes.
class KeySink final : public OutputTarget {
 public:
  void write(std::string_view, std::string path, std::string bytes, Record record) override {
    std::lock_guard lock(mutex_);
    keys[path] = record.inputs;
    files[path] = std::move(bytes);
  }
  std::map<std::string, std::uint64_t> keys;
  std::map<std::string, std::string> files;

 private:
  std::mutex mutex_;
};

Episode episode(std::string slug, std::string show, const char* published) {
  Episode e;
  e.id = slug;
  e.slug = slug;
  e.media_id = slug;
  e.title = "Episode " + slug;
  e.description = "About " + slug + ".";
  e.published = *parse_timestamp(published);
  e.duration_seconds = 600;
  e.show_id = std::move(show);
  e.chapters = {Chapter{0, "Intro", true, {}, {}}, Chapter{60, "Main", true, {}, {}}};
  e.source_path = "videos/" + slug + ".md";
  return e;
}

Catalog base_catalog() {
  Catalog catalog;
  catalog.shows.push_back({"alpha", "Alpha", "The alpha show.", {}, "shows/alpha.md", "alpha", {}});
  catalog.shows.push_back({"beta", "Beta", "The beta show.", {}, "shows/beta.md", "beta", {}});
  catalog.episodes.push_back(episode("a2", "alpha", "2024-03-02T10:00:00Z"));
  catalog.episodes.push_back(episode("b1", "beta", "2024-03-01T10:00:00Z"));
  catalog.episodes.push_back(episode("a1", "alpha", "2024-02-01T10:00:00Z"));
  return catalog;
}

Config base_config() {
  Config config;
  config.site.base_url = "https://example.com";
  config.site.title = "Example";
  config.urls.enclosure = "https://cdn.example.com/{media_id}.mp3";
  return config;
}

struct Rendered {
  std::map<std::string, std::uint64_t> keys;
  std::map<std::string, std::string> files;
};

Rendered render_all(Catalog catalog, const Config& config, bool with_digests = true) {
  catalog.index();
  KeySink sink;
  for (const Exporter* exporter : all_exporters())
    testing::render_into(sink, *exporter, catalog, config,
                         with_digests ? input_keys_of(catalog, 42) : InputKeys());
  return {sink.keys, sink.files};
}

}  // namespace

TEST_CASE("inputs keys are stable and cover per-episode files and feeds", "[render-inputs]") {
  const Rendered first = render_all(base_catalog(), base_config());
  const Rendered again = render_all(base_catalog(), base_config());
  CHECK(first.keys == again.keys);
  for (const char* path : {"chapters/a1.json", "chapters/a1.vtt", "chapters/b1.json",
                           "feeds/all.xml", "feeds/alpha.xml", "feeds/beta.xml"}) {
    INFO(path);
    REQUIRE(first.keys.count(path) == 1);
    CHECK(first.keys.at(path) != 0);
  }
  // Different files never share a key (a feed's path is part of it).
  CHECK(first.keys.at("chapters/a1.json") != first.keys.at("chapters/b1.json"));
  CHECK(first.keys.at("feeds/all.xml") != first.keys.at("feeds/alpha.xml"));
  // Without digests every key is 0 and the bytes are the same.
  const Rendered plain = render_all(base_catalog(), base_config(), false);
  CHECK(plain.files == first.files);
  for (const auto& [path, key] : plain.keys) CHECK(key == 0);
}

TEST_CASE("changing one episode changes only the keys of files rendered from it",
          "[render-inputs]") {
  const Rendered before = render_all(base_catalog(), base_config());
  Catalog changed = base_catalog();
  changed.episodes[1].title = "Episode b1, retitled";  // b1 is in show beta
  const Rendered after = render_all(changed, base_config());

  std::vector<std::string> differing;
  for (const auto& [path, key] : before.keys)
    if (after.keys.at(path) != key) differing.push_back(path);
  // Every format holds b1 (those on request included: all_exporters() runs them all).
  CHECK(differing == std::vector<std::string>{
                         "chapters/b1.chapters.txt", "chapters/b1.ffmeta", "chapters/b1.json",
                         "chapters/b1.mkv.xml", "chapters/b1.psc.xml", "chapters/b1.vtt",
                         "chapters/b1.youtube.txt", "feeds/all.atom", "feeds/all.json",
                         "feeds/all.xml", "feeds/beta.atom", "feeds/beta.json", "feeds/beta.xml"});
  // The sitemap is rendered every time (plain emit).
  CHECK(after.keys.at("sitemap.xml") == 0);
}

TEST_CASE("changing a show, a person or the configuration changes every key", "[render-inputs]") {
  const Rendered before = render_all(base_catalog(), base_config());
  auto all_differ = [&](const Rendered& after) {
    for (const auto& [path, key] : before.keys) {
      if (key == 0) continue;
      INFO(path);
      CHECK(after.keys.at(path) != key);
    }
  };
  Catalog renamed_show = base_catalog();
  renamed_show.shows[0].name = "Alpha Renamed";
  all_differ(render_all(renamed_show, base_config()));

  Catalog with_person = base_catalog();
  with_person.people.push_back({"ada", "Ada", {}, {}, {}, "people/ada.md"});
  all_differ(render_all(with_person, base_config()));

  // The configuration enters through the fingerprint folded into every digest.
  Catalog catalog = base_catalog();
  catalog.index();
  CHECK(input_keys_of(catalog, 42).episodes() != input_keys_of(catalog, 43).episodes());
}

TEST_CASE("an episode of known source hash is digested by that hash, its path and the records",
          "[render-inputs]") {
  Catalog catalog = base_catalog();
  catalog.index();
  const std::vector<std::uint64_t> encoded = input_keys_of(catalog, 42).episodes();
  for (std::size_t i = 0; i < catalog.episodes.size(); ++i)
    catalog.episodes[i].source_digest = 1000 + i;
  const std::vector<std::uint64_t> by_source = input_keys_of(catalog, 42).episodes();
  for (std::size_t i = 0; i < by_source.size(); ++i) {
    CHECK(by_source[i] != 0);
    CHECK(by_source[i] != encoded[i]);
  }
  // The same catalog with one edit, digested.
  const auto digests_after = [&catalog](const std::function<void(Catalog&)>& edit) {
    Catalog edited = catalog;
    edit(edited);
    edited.index();
    return input_keys_of(edited, 42).episodes();
  };
  // The loaded episode follows from the file: its fields are not looked at again...
  CHECK(digests_after([](Catalog& c) { c.episodes[0].title = "Not from the file"; }) == by_source);
  // ...but another hash, another path, other records or another configuration count.
  std::vector<std::uint64_t> digests =
      digests_after([](Catalog& c) { c.episodes[0].source_digest = 7; });
  CHECK(digests[0] != by_source[0]);
  CHECK(digests[1] == by_source[1]);
  digests = digests_after([](Catalog& c) { c.episodes[1].source_path = "videos/elsewhere/b1.md"; });
  CHECK(digests[1] != by_source[1]);
  CHECK(digests[0] == by_source[0]);
  digests = digests_after([](Catalog& c) { c.shows[1].name = "Beta Renamed"; });
  for (std::size_t i = 0; i < digests.size(); ++i) CHECK(digests[i] != by_source[i]);
  CHECK(input_keys_of(catalog, 43).episodes() != by_source);
}
