// JSON chapters reader and writer.
#include <catch2/catch.hpp>

#include "src/chapters/json_chapters.hpp"
#include "tests/chapters/chapter_test_support.hpp"

using namespace castmap;
using namespace castmap::testing;

namespace {
std::optional<ChapterList> read(std::string_view text, DiagnosticSink& diagnostics) {
  return read_json_chapters(text, "c.json", diagnostics);
}
}  // namespace

TEST_CASE("json chapters: reads every field the format defines", "[chapters][json]") {
  DiagnosticSink diagnostics;
  const auto list = read(R"({
  "version": "1.2.0", "title": "Ep", "podcastName": "Show",
  "chapters": [
    {"startTime": 0, "title": "Intro", "endTime": 94.5},
    {"startTime": 94.5, "title": "Ad", "toc": false, "url": "https://u", "img": "https://i"}
  ]
})",
                         diagnostics);
  REQUIRE(list);
  CHECK(diagnostics.sorted().empty());
  CHECK(list->title == "Ep");
  CHECK(list->podcast_name == "Show");
  REQUIRE(list->chapters.size() == 2);
  CHECK(list->chapters[0].start_ms == 0);
  CHECK(list->chapters[0].end_ms == 94500);
  CHECK(list->chapters[0].position == FieldPosition{4, 5});
  CHECK(list->chapters[1].start_ms == 94500);
  CHECK_FALSE(list->chapters[1].toc);
  CHECK(list->chapters[1].url == "https://u");
  CHECK(list->chapters[1].image == "https://i");
  CHECK(list->chapters[1].position == FieldPosition{5, 5});
}

TEST_CASE("json chapters: unusable files are located errors", "[chapters][json]") {
  // The one error of a file (warnings may come before it).
  const auto first = [](std::string_view text) {
    DiagnosticSink diagnostics;
    CHECK_FALSE(read(text, diagnostics));
    CHECK(diagnostics.error_count() == 1);
    for (const Diagnostic& d : diagnostics.sorted())
      if (d.severity == Severity::error) return d;
    return Diagnostic{};
  };
  const Diagnostic syntax = first("{\"chapters\": [\n  {\"startTime\": 0,, }\n]}");
  CHECK(syntax.code == "json-syntax");
  CHECK(syntax.where.line == 2);
  CHECK(syntax.where.column == 19);  // the second comma
  CHECK(first("[1, 2]").code == "chapter-file-invalid");
  CHECK(first("{\"version\": \"1.2.0\"}").code == "chapter-file-invalid");
  CHECK(first("{\"chapters\": 5}").code == "chapter-file-invalid");
  CHECK(first("").code == "json-syntax");
  // Deep nesting is refused before it costs anything.
  CHECK(first(std::string(100000, '[')).code == "chapter-file-invalid");
  CHECK(first("{\"chapters\": [" + std::string(100, '[')).code == "chapter-file-invalid");
}

TEST_CASE("json chapters: bad chapters are dropped or repaired with a warning",
          "[chapters][json]") {
  DiagnosticSink diagnostics;
  const auto list = read(R"({"chapters": [
  {"startTime": "0:00", "title": "string start"},
  {"title": "no start"},
  {"startTime": 1e300, "title": "far away"},
  {"startTime": 5, "title": 7, "endTime": "x", "toc": "no"},
  {"startTime": 6.0004, "title": "rounded"},
  "not an object",
  {"startTime": -3, "title": "negative is the repair's business", "location": {"name": "x"}}
], "author": "A", "fileName": "f.mp3"})",
                         diagnostics);
  REQUIRE(list);
  REQUIRE(list->chapters.size() == 3);
  CHECK(list->chapters[0].start_ms == 5000);
  CHECK(list->chapters[0].title.empty());
  CHECK(list->chapters[0].toc);
  CHECK_FALSE(list->chapters[0].end_ms);
  CHECK(list->chapters[1].start_ms == 6000);
  CHECK(list->chapters[2].start_ms == -3000);
  CHECK(codes_of(diagnostics) ==
        std::vector<std::string>{"chapter-start-invalid", "chapter-start-invalid",
                                 "chapter-start-invalid", "invalid-type", "invalid-type",
                                 "invalid-type", "chapter-time-rounded", "invalid-type",
                                 "chapter-file-field-ignored", "chapter-file-field-ignored",
                                 "chapter-file-field-ignored"});
  CHECK(diagnostics.sorted()[0].where == SourceLocation{"c.json", 2, 3});
}

TEST_CASE("json chapters: a byte order mark is skipped, positions stay right", "[chapters][json]") {
  DiagnosticSink diagnostics;
  const auto list = read("\xEF\xBB\xBF{\"chapters\": [{\"startTime\": 1}]}", diagnostics);
  REQUIRE(list);
  REQUIRE(list->chapters.size() == 1);
  CHECK(list->chapters[0].position == FieldPosition{1, 18});
  DiagnosticSink broken;
  CHECK_FALSE(read("\xEF\xBB\xBF{]", broken));
  CHECK(broken.sorted()[0].where.column == 5);
}

TEST_CASE("json chapters: the writer's times, ends and optional keys", "[chapters][json]") {
  ChapterList list = list_of({entry(0, "A"), entry(1500, "B", false), entry(1500, "C")}, 2000);
  list.chapters[2].url = "u";
  const std::string bytes = write_list(list, write_json_chapters).bytes;
  CHECK(bytes == R"({
  "version": "1.2.0",
  "chapters": [
    {
      "startTime": 0,
      "title": "A",
      "endTime": 1.5
    },
    {
      "startTime": 1.5,
      "title": "B",
      "toc": false
    },
    {
      "startTime": 1.5,
      "title": "C",
      "endTime": 2,
      "url": "u"
    }
  ]
}
)");
}
