// Podlove Simple Chapters reader and writer.
#include <catch2/catch.hpp>

#include <sstream>

#include "src/chapters/psc.hpp"
#include "tests/chapters/chapter_test_support.hpp"

using namespace castmap;
using namespace castmap::testing;

namespace {
std::optional<ChapterList> read(std::string_view text, DiagnosticSink& diagnostics) {
  return read_psc(text, "c.psc", diagnostics);
}
}  // namespace

TEST_CASE("psc: reads the spec's example and every Normal Play Time form", "[chapters][psc]") {
  DiagnosticSink diagnostics;
  const auto list = read(R"(<?xml version="1.0" encoding="utf-8"?>
<psc:chapters version="1.2" xmlns:psc="http://podlove.org/simple-chapters">
  <psc:chapter start="0" title="Welcome" />
  <psc:chapter start="3:07" title="Introducing Podlove" href="http://podlove.org/" />
  <psc:chapter start="8:26.250" title="Podlove WordPress Plugin" image="http://i/x.png" />
  <psc:chapter start="12:42" title="Resumée" />
  <psc:chapter start="01:35:52" title="Hours" />
  <psc:chapter start="37.0005" title="Rounded" />
  <other start="1" title="not a chapter" />
</psc:chapters>)",
                         diagnostics);
  REQUIRE(list);
  CHECK(codes_of(diagnostics) == std::vector<std::string>{"chapter-time-rounded"});
  REQUIRE(list->chapters.size() == 6);
  CHECK(list->chapters[1].start_ms == 187000);
  CHECK(list->chapters[1].url == "http://podlove.org/");
  CHECK(list->chapters[2].start_ms == 506250);
  CHECK(list->chapters[2].image == "http://i/x.png");
  CHECK(list->chapters[3].title == "Resumée");
  CHECK(list->chapters[4].start_ms == 5752000);
  CHECK(list->chapters[5].start_ms == 37001);
  CHECK(list->chapters[0].position == FieldPosition{3, 3});
}

TEST_CASE("psc: any prefix or the default namespace; nothing else", "[chapters][psc]") {
  DiagnosticSink diagnostics;
  auto list = read(
      R"(<chapters xmlns="http://podlove.org/simple-chapters"><chapter start="1" title="a"/></chapters>)",
      diagnostics);
  REQUIRE(list);
  CHECK(list->chapters.size() == 1);
  list = read(
      R"(<x:chapters xmlns:x="https://podlove.org/simple-chapters"><x:chapter start="1" title="a"/></x:chapters>)",
      diagnostics);
  REQUIRE(list);
  CHECK(list->chapters.size() == 1);
  CHECK(diagnostics.sorted().empty());
  for (const char* wrong :
       {R"(<chapters><chapter start="1" title="a"/></chapters>)",
        R"(<psc:chapters xmlns:psc="http://example.com/"><psc:chapter start="1"/></psc:chapters>)",
        R"(<rss/>)"}) {
    DiagnosticSink d;
    CHECK_FALSE(read(wrong, d));
    CHECK(codes_of(d) == std::vector<std::string>{"chapter-file-invalid"});
  }
  DiagnosticSink syntax;
  CHECK_FALSE(read("<psc:chapters>\n  <psc:chapter start='1'>\n</psc:chapters>", syntax));
  REQUIRE(codes_of(syntax) == std::vector<std::string>{"xml-syntax"});
  CHECK(syntax.sorted()[0].where.line == 3);
}

TEST_CASE("psc: chapters without a usable start are dropped", "[chapters][psc]") {
  DiagnosticSink diagnostics;
  const auto list = read(R"(<psc:chapters xmlns:psc="http://podlove.org/simple-chapters">
<psc:chapter title="no start"/><psc:chapter start="1:2:3" title="one-digit minutes"/>
<psc:chapter start="-1" title="negative"/><psc:chapter start="1:60" title="sixty"/>
<psc:chapter start="2" /></psc:chapters>)",
                         diagnostics);
  REQUIRE(list);
  REQUIRE(list->chapters.size() == 1);
  CHECK(list->chapters[0].title.empty());
  CHECK(codes_of(diagnostics) == std::vector<std::string>(4, "chapter-start-invalid"));
}

TEST_CASE("psc: the element form goes into an RSS item", "[chapters][psc]") {
  pugi::xml_document feed;
  pugi::xml_node item = feed.append_child("rss").append_child("channel").append_child("item");
  ChapterList list =
      list_of({entry(0, "A & <B>"), entry(1500, "hidden", false), entry(3723004, "C")});
  list.chapters[2].url = "https://x/?a=1&b=2";
  list.chapters[2].image = "i\x01.png";  // a control character XML cannot carry
  std::vector<ChapterView> storage;
  CHECK(append_psc_chapters(item, view_of(list, storage), false).empty());
  std::ostringstream out;
  item.print(out, "  ", pugi::format_indent);
  CHECK(out.str() ==
        "<item>\n  <psc:chapters version=\"1.2\">\n"
        "    <psc:chapter start=\"00:00:00.000\" title=\"A &amp; &lt;B>\" />\n"
        "    <psc:chapter start=\"01:02:03.004\" title=\"C\" href=\"https://x/?a=1&amp;b=2\" "
        "image=\"i.png\" />\n  </psc:chapters>\n</item>\n");
  pugi::xml_document other;
  const auto notes =
      append_psc_chapters(other, view_of(list_of({entry(0, "h", false)}), storage), true);
  CHECK(codes_of(notes) == std::vector<std::string>{"psc-no-chapters"});
  CHECK_FALSE(other.first_child());
}
