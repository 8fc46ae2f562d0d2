// WebVTT chapter reader (the W3C parser's rules) and the writer's decisions.
#include <catch2/catch.hpp>

#include "src/chapters/webvtt.hpp"
#include "tests/chapters/chapter_test_support.hpp"

using namespace castmap;
using namespace castmap::testing;

namespace {
std::optional<ChapterList> read(std::string_view text, DiagnosticSink& diagnostics) {
  return read_webvtt_chapters(text, "c.vtt", diagnostics);
}
}  // namespace

TEST_CASE("webvtt: reads cues, identifiers, notes and character references", "[chapters][webvtt]") {
  DiagnosticSink diagnostics;
  const auto list = read(
      "WEBVTT - Chapters: a header\nKind: chapters\n\nNOTE a comment\nover two lines\n\n"
      "chapter-1\n00:00:00.000 --> 00:01:35.500 align:start\nIntro &amp; <b>more</b>\n\n"
      "01:35.500\t-->\t01:00:00.000\nQ&amp;A &lt;live&gt; &#x1F980; &#233; &nbsp;x &copy;\n"
      "second line\n\n\n"
      "STYLE\n::cue { color: red }\n\n"
      "3\n01:00:00.000 --> 01:02:03.000\n<ruby>漢<rt>kan</rt></ruby> R&copy\n",
      diagnostics);
  REQUIRE(list);
  CHECK(diagnostics.sorted().empty());
  REQUIRE(list->chapters.size() == 3);
  CHECK(list->chapters[0].start_ms == 0);
  CHECK(list->chapters[0].end_ms == 95500);
  CHECK(list->chapters[0].title == "Intro & more");
  CHECK(list->chapters[0].position == FieldPosition{7, 1});
  CHECK(list->chapters[1].start_ms == 95500);
  CHECK(list->chapters[1].end_ms == 3600000);
  CHECK(list->chapters[1].title == "Q&A <live> \U0001F980 \u00E9 \u00A0x &copy;\nsecond line");
  CHECK(list->chapters[2].title == "漢 R&copy");
  CHECK(list->chapters[2].end_ms == 3723000);
}

TEST_CASE("webvtt: a timing line without a blank line before it starts a cue, as browsers do",
          "[chapters][webvtt]") {
  DiagnosticSink diagnostics;
  const auto list =
      read("WEBVTT\r\n\r\n00:00.000 --> 00:01.000\r\nA\r\nid-2\r\n00:01.000 --> 00:02.000\rB\r",
           diagnostics);
  REQUIRE(list);
  REQUIRE(list->chapters.size() == 2);
  CHECK(list->chapters[0].title == "A\nid-2");  // the identifier joins the cue before
  CHECK(list->chapters[1].title == "B");
  CHECK(list->chapters[1].start_ms == 1000);
}

TEST_CASE("webvtt: cues the parser rejects are dropped with a warning", "[chapters][webvtt]") {
  DiagnosticSink diagnostics;
  const auto list = read(
      "WEBVTT\n\n00:00:01,000 --> 00:00:02.000\ncomma\n\n1:02.5 --> 1:03.000\nshort\n\n"
      "00:61:00.000 --> 01:02:00.000\nminutes\n\n00:00:05.000 --> 00:00:06.000x\nglued\n\n"
      "just text\nmore text\n\n00:00:09.000 --> 00:00:10.000\nkept\n",
      diagnostics);
  REQUIRE(list);
  REQUIRE(list->chapters.size() == 1);
  CHECK(list->chapters[0].title == "kept");
  CHECK(codes_of(diagnostics) ==
        std::vector<std::string>{"chapter-start-invalid", "chapter-start-invalid",
                                 "chapter-start-invalid", "chapter-start-invalid",
                                 "chapter-file-malformed"});
  CHECK(diagnostics.sorted()[0].where == SourceLocation{"c.vtt", 3, 1});
}

TEST_CASE("webvtt: a file without the signature is not WebVTT", "[chapters][webvtt]") {
  for (const char* text : {"", "webvtt\n", "WEBVTTX\n", "WEBVTT:\n", "\n\nWEBVTT\n"}) {
    CAPTURE(text);
    DiagnosticSink diagnostics;
    CHECK_FALSE(read(text, diagnostics));
    CHECK(codes_of(diagnostics) == std::vector<std::string>{"chapter-file-invalid"});
  }
  DiagnosticSink diagnostics;
  CHECK(read("\xEF\xBB\xBFWEBVTT", diagnostics));
  CHECK(read("WEBVTT\tchapters", diagnostics));
}

TEST_CASE("webvtt: the writer's cue decisions", "[chapters][webvtt]") {
  SECTION("only hidden chapters: no cues, a note") {
    const auto rendered = write_list(list_of({entry(0, "a", false)}), write_webvtt_chapters);
    CHECK(rendered.bytes == "WEBVTT\n");
    CHECK(codes_of(rendered.notes) == std::vector<std::string>{"vtt-no-visible-chapters"});
  }
  SECTION("same millisecond, blank title, unknown duration") {
    const auto rendered =
        write_list(list_of({entry(0, "a"), entry(0, "b"), entry(5, " \t")}), write_webvtt_chapters);
    CHECK(rendered.bytes ==
          "WEBVTT\n\nchapter-1\n00:00:00.000 --> 00:00:00.005\nb\n\n"
          "chapter-2\n00:00:00.005 --> 00:00:01.005\nChapter 2\n");
    CHECK(codes_of(rendered.notes) == std::vector<std::string>{"vtt-last-cue-estimated",
                                                               "vtt-cue-dropped",
                                                               "vtt-chapter-title-empty"});
    CHECK(rendered.notes[1].first == 0);
    CHECK(rendered.notes[2].first == 2);
  }
  SECTION("an end of its own leaves a gap; one past the next start is cut there") {
    ChapterList list = list_of({entry(0, "a"), entry(10000, "b"), entry(20000, "c")}, 30000);
    list.chapters[0].end_ms = 5000;
    list.chapters[1].end_ms = 25000;
    CHECK(write_list(list, write_webvtt_chapters).bytes ==
          "WEBVTT\n\nchapter-1\n00:00:00.000 --> 00:00:05.000\na\n\n"
          "chapter-2\n00:00:10.000 --> 00:00:20.000\nb\n\n"
          "chapter-3\n00:00:20.000 --> 00:00:30.000\nc\n");
  }
  SECTION("the planner agrees with the writer") {
    const ChapterList list = list_of({entry(0, "a"), entry(0, "b"), entry(5, "c", false)});
    std::vector<ChapterView> storage;
    const auto view = view_of(list, storage);
    CHECK(plan_webvtt_track(view).cues == 1);
    CHECK(plan_webvtt_track(view).notes == write_webvtt_chapters(view).notes);
  }
}
