// Tests for what an episode depends on besides its own file (src/load/episode_companions.hpp,
// description_chapters.hpp): `chapters:` naming a chapter file, `chapters_from: description`,
// `transcripts:` and transcripts beside an episode; and the parse cache taking an episode again
// only while those files are as they were.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <limits>
#include <thread>

#include "src/incremental/parse_cache.hpp"
#include "src/load/content_listing.hpp"
#include "src/load/episode_companions.hpp"
#include "src/load/loader.hpp"
#include "src/normalize/catalog_loading.hpp"
#include "tests/support/golden_support.hpp"

using namespace castmap;
namespace fs = std::filesystem;

namespace {

using Strings = std::vector<std::string>;

Strings summary(const DiagnosticSink& sink) {
  Strings out;
  for (const auto& d : sink.sorted())
    out.push_back(d.where.path + ":" + std::to_string(d.where.line) + ":" +
                  std::to_string(d.where.column) + " " + std::string(to_string(d.severity)) + " " +
                  d.code);
  return out;
}

void write(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
}

std::string episode(const std::string& id, const std::string& extra) {
  return "---\nid: " + id + "\nslug: " + id + "\ntitle: T " + id +
         "\npublishedAt: 2024-01-01T00:00:00Z\nduration: 600\n" + extra + "---\n";
}

const Episode* find(const Catalog& catalog, const std::string& id) {
  for (const Episode& e : catalog.episodes)
    if (e.id == id) return &e;
  return nullptr;
}

}  // namespace

TEST_CASE("resolve_reference keeps chapter file paths inside the content folder", "[companions]") {
  std::string problem;
  CHECK(resolve_reference("videos/a/e.md", "e.json", problem) == "videos/a/e.json");
  CHECK(resolve_reference("videos/a/e.md", "./x/../e.vtt", problem) == "videos/a/e.vtt");
  CHECK(resolve_reference("videos/a/e.md", "../../chapters/e.json", problem) == "chapters/e.json");
  CHECK_FALSE(resolve_reference("videos/a/e.md", "../../../e.json", problem));
  CHECK(problem == "leads outside the content folder");
  CHECK_FALSE(resolve_reference("videos/a/e.md", "/etc/passwd", problem));
  CHECK_FALSE(resolve_reference("videos/a/e.md", "a\\b.json", problem));
  CHECK_FALSE(resolve_reference("videos/a/e.md", "x/.hidden", problem));
  CHECK_FALSE(resolve_reference("videos/e.md", "../..", problem));
  CHECK_FALSE(resolve_reference("videos/a/e.md", "", problem));
}

TEST_CASE("chapters_from: description reads the YouTube list with positions in the file",
          "[companions]") {
  const std::string text =
      "---\nid: d\nslug: d\ntitle: D\npublishedAt: 2024-01-01\nduration: 600\n"
      "description: |\n"
      "  Intro text\n"
      "  0:00 Start\n"
      "  1:30 - Middle part\n"
      "  (2:00) bracketed\n"
      "  1:00 backwards\n"
      "chapters_from: description\n---\n";
  DiagnosticSink sink;
  auto parsed = parse_episode(text, "videos/d.md", LoaderLimits{}, sink);
  REQUIRE(parsed);
  REQUIRE(parsed->chapters.size() == 2);
  CHECK(std::string(parsed->chapters[1].title) == "Middle part");
  CHECK(parsed->chapters[1].start_seconds == 90);
  CHECK(parsed->chapters[0].position.line == 9);
  CHECK(parsed->chapters[0].position.column == 3);
  CHECK(summary(sink) == Strings{"videos/d.md:11:4 warning youtube-timestamp-unusable",
                                 "videos/d.md:12:3 warning youtube-timestamp-unusable"});

  DiagnosticSink both;
  auto ignored = parse_episode(
      "---\nid: d\nslug: d\ntitle: D\ndescription: \"0:00 a\"\nchapters: x.json\n"
      "chapters_from: description\n---\n",
      "videos/d.md", LoaderLimits{}, both);
  REQUIRE(ignored);
  CHECK(summary(both) == Strings{"videos/d.md:7:16 warning chapters-from-ignored"});
}

TEST_CASE("transcripts in front matter are checked", "[companions]") {
  DiagnosticSink sink;
  auto parsed = parse_episode(
      "---\nid: t\nslug: t\ntitle: T\ntranscripts:\n"
      "  - url: https://x.example/t.vtt\n    type: text/vtt\n    language: en\n"
      "    rel: captions\n"
      "  - url: https://x.example/t.doc\n    type: application/msword\n"
      "  - url: t.vtt\n    type: text/vtt\n"
      "  - type: text/plain\n"
      "  - url: https://x.example/t.txt\n    type: text/plain\n    rel: subtitles\n"
      "---\n",
      "videos/t.md", LoaderLimits{}, sink);
  REQUIRE(parsed);
  REQUIRE(parsed->transcripts().size() == 2);
  CHECK(parsed->transcripts()[0].url == "https://x.example/t.vtt");
  CHECK(parsed->transcripts()[0].rel == "captions");
  CHECK(parsed->transcripts()[0].language == "en");
  CHECK_FALSE(parsed->transcripts()[1].rel);
  CHECK(summary(sink) == Strings{"videos/t.md:10:5 warning transcript-type-unknown",
                                 "videos/t.md:12:5 warning invalid-link",
                                 "videos/t.md:14:5 warning transcript-incomplete",
                                 "videos/t.md:15:5 warning transcript-rel-unknown"});
}

TEST_CASE("load_catalog reads chapter files and transcripts beside episodes", "[companions]") {
  testing::TempDir dir("castmap-companions");
  const fs::path content = dir.path();
  write(content / "videos/s/json.md", episode("json", "chapters: ../../chapters/json.txt\n"));
  write(content / "chapters/json.txt",
        "{\"version\": \"1.2.0\", \"chapters\": [{\"startTime\": 5, \"title\": \"B\"},\n"
        " {\"startTime\": 1, \"title\": \"A\"}, {\"startTime\": \"x\", \"title\": \"C\"}]}\n");
  write(content / "videos/s/vtt.md", episode("vtt", "chapters: vtt.chapters\n"));
  write(content / "videos/s/vtt.chapters",
        "WEBVTT\n\n00:00.000 --> 00:10.000\nOne\n\n00:10.000 --> 00:20.000\nTwo\n");
  write(content / "videos/s/bad.md", episode("bad", "chapters: bad.xml\n"));
  write(content / "videos/s/bad.xml", "<notes>nothing</notes>\n");
  write(content / "videos/s/gone.md", episode("gone", "chapters: gone.json\n"));
  write(content / "videos/s/talk.md", episode("talk", ""));
  write(content / "videos/s/talk.srt", "1\n00:00:00,000 --> 00:00:01,000\nHi\n");
  write(content / "videos/s/talk.json", "{\"version\": \"1.2.0\", \"chapters\": []}\n");
  write(content / "videos/s/talk.vtt", "not webvtt\n");
  write(content / "videos/s/orphan.srt", "1\n00:00:00,000 --> 00:00:01,000\nHi\n");

  Config config;
  config.content = content;
  DiagnosticSink sink;
  const Catalog catalog = load_catalog(config, sink);
  // Chapter problems point into the chapter file; the episode's own at its `chapters` key.
  CHECK(summary(sink) == Strings{"chapters/json.txt:2:34 warning chapter-start-invalid",
                                 "videos/s/bad.md:7:11 error chapters-file-unusable",
                                 "videos/s/bad.xml:1:1 error chapter-file-unknown-format",
                                 "videos/s/gone.md:7:11 error companion-missing",
                                 "videos/s/json.md:7:11 warning chapters-unsorted",
                                 "videos/s/talk.json:1:1 warning transcript-invalid",
                                 "videos/s/talk.vtt:1:1 warning transcript-invalid"});

  const Episode* json = find(catalog, "json");
  REQUIRE(json);
  REQUIRE(json->chapters.size() == 2);  // sorted, the one without a start dropped
  CHECK(std::string(json->chapters[0].title) == "A");
  CHECK(json->chapter_location(json->chapters[0]).path == "chapters/json.txt");
  REQUIRE(json->companions.get());
  REQUIRE(json->companions.get()->inputs.size() == 1);
  CHECK(json->companions.get()->inputs[0].path == "chapters/json.txt");
  CHECK(json->companions.get()->inputs[0].hash != 0);

  const Episode* vtt = find(catalog, "vtt");
  REQUIRE(vtt);
  CHECK(vtt->chapters.size() == 2);

  const Episode* talk = find(catalog, "talk");
  REQUIRE(talk);
  REQUIRE(talk->transcripts().size() == 1);
  CHECK(talk->transcripts()[0].file == "videos/s/talk.srt");
  CHECK(talk->transcripts()[0].type == "application/x-subrip");
  CHECK(talk->companions.get()->inputs.size() == 3);  // every file beside it, used or not
}

TEST_CASE("the parse cache takes an episode again only while its companions are unchanged",
          "[companions][cache]") {
  testing::TempDir dir("castmap-companions-cache");
  const fs::path content = dir.path();
  write(content / "videos/a.md", episode("a", "chapters: a.chapters.txt\n"));
  write(content / "videos/a.chapters.txt", "00:00:00.000 One\n00:01:00.000 Two\n");
  write(content / "videos/b.md", episode("b", ""));
  write(content / "videos/b.srt", "1\n00:00:00,000 --> 00:00:01,000\nHi\n");
  write(content / "videos/c.md", episode("c", ""));
  Config config;
  config.content = content;

  // Loads through a cache written by the load before; returns the episodes it took from it.
  std::string cache_bytes;
  const auto load = [&](Catalog* out = nullptr) {
    DiagnosticSink sink;
    const std::vector<ContentFile> files = list_content(content, config.layout, sink);
    const ParseCache previous = ParseCache::decode(cache_bytes, config_fingerprint(config),
                                                   std::numeric_limits<std::int64_t>::max());
    std::vector<CacheEntrySource> next;
    LoadCacheIO io{&previous, &next, nullptr, 0, &files};
    Catalog catalog = load_catalog(config, sink, nullptr, &io);
    std::string written;
    write_parse_cache(next, config_fingerprint(config),
                      [&written](std::string_view piece) { written += piece; });
    cache_bytes = std::move(written);
    if (out) *out = std::move(catalog);
    return io.reused;
  };
  CHECK(load() == 0);
  CHECK(load() == 3);
  // A file's stamp changes with its size here, whatever the clock's resolution.
  write(content / "videos/a.chapters.txt", "00:00:00.000 One\n00:02:00.000 Two, later\n");
  Catalog catalog;
  CHECK(load(&catalog) == 2);
  REQUIRE(find(catalog, "a"));
  CHECK(find(catalog, "a")->chapters[1].start_seconds == 120);
  CHECK(load() == 3);
  write(content / "videos/c.vtt", "WEBVTT\n");  // appears
  CHECK(load(&catalog) == 2);
  CHECK(find(catalog, "c")->transcripts().size() == 1);
  fs::remove(content / "videos/b.srt");  // disappears
  CHECK(load(&catalog) == 2);
  CHECK(find(catalog, "b")->transcripts().empty());
  write(content / "videos/c.vtt", "WEBVTT\n\n00:00.000 --> 00:01.000\nx\n");  // changes
  CHECK(load() == 2);
  fs::remove(content / "videos/a.chapters.txt");  // the chapter file disappears
  DiagnosticSink sink;
  CHECK(load(&catalog) == 2);
  CHECK(find(catalog, "a")->chapters.empty());
  CHECK(load() == 3);
}
