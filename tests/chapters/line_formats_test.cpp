// The line formats: mp4chaps and YouTube description lists (reading as YouTube does, writing
// what YouTube accepts).
#include <catch2/catch.hpp>

#include "src/chapters/mp4chaps.hpp"
#include "src/chapters/youtube.hpp"
#include "tests/chapters/chapter_test_support.hpp"

using namespace castmap;
using namespace castmap::testing;

TEST_CASE("mp4chaps: reads time and title lines", "[chapters][mp4chaps]") {
  DiagnosticSink diagnostics;
  const auto list = read_mp4chaps(
      "00:00:00.000 Intro\r\n\r\n  00:01:35.5\tTabbed  title  \n1:00:00 Hour\nnot a line\n"
      "00:00:01.0004 rounded\n00:00:02.000\n",
      "c.txt", diagnostics);
  REQUIRE(list);
  REQUIRE(list->chapters.size() == 5);
  CHECK(list->chapters[1].start_ms == 95500);
  CHECK(list->chapters[1].title == "Tabbed  title");
  CHECK(list->chapters[1].position == FieldPosition{3, 3});
  CHECK(list->chapters[2].start_ms == 3600000);
  CHECK(list->chapters[3].start_ms == 1000);
  CHECK(list->chapters[4].title.empty());
  CHECK(codes_of(diagnostics) ==
        std::vector<std::string>{"chapter-start-invalid", "chapter-time-rounded"});
}

TEST_CASE("mp4chaps: the writer puts titles on one line", "[chapters][mp4chaps]") {
  const auto rendered =
      write_list(list_of({entry(0, " a\nb "), entry(5, "hidden", false), entry(3723004, "\t")}),
                 write_mp4chaps);
  CHECK(rendered.bytes == "00:00:00.000 a b\n01:02:03.004 Chapter 2\n");
  CHECK(codes_of(rendered.notes) == std::vector<std::string>{"chapter-title-empty-named"});
}

TEST_CASE("youtube: reads a description the way YouTube does", "[chapters][youtube]") {
  DiagnosticSink diagnostics;
  const auto list = read_youtube_chapters(
      "Welcome! In this episode we talk at 5:00 about things.\n\n"
      "0:00 Intro\n"
      "00:42 - Why this matters\n"
      "3:18 \u2013 The framework\n"
      "7:55: A worked example\n"
      "1:02:45 | After the hour\n"
      "1:75 Bad seconds\n"
      "1:10:00\n"
      "1:00:00 Going backwards\n"
      "[1:20:00] Bracketed\n"
      "- 1:21:00 Bulleted\n"
      "Outro at 1:30:00\n"
      "1:31:00.5 Fraction\n"
      "2023 was a year\n",
      "description", diagnostics);
  REQUIRE(list);
  REQUIRE(list->chapters.size() == 5);
  CHECK(list->chapters[0].title == "Intro");
  CHECK(list->chapters[1].start_ms == 42000);
  CHECK(list->chapters[1].title == "Why this matters");
  CHECK(list->chapters[2].title == "The framework");
  CHECK(list->chapters[3].title == "A worked example");
  CHECK(list->chapters[4].start_ms == 3765000);
  CHECK(list->chapters[4].position == FieldPosition{7, 1});
  const auto sorted = diagnostics.sorted();
  REQUIRE(sorted.size() == 7);
  for (const Diagnostic& d : sorted) CHECK(d.code == "youtube-timestamp-unusable");
  CHECK(sorted[0].where == SourceLocation{"description", 8, 1});
  CHECK(sorted[3].where == SourceLocation{"description", 11, 2});
  CHECK(sorted[4].where == SourceLocation{"description", 12, 3});
  CHECK(sorted[5].where == SourceLocation{"description", 13, 10});
}

TEST_CASE("youtube: the writer writes what YouTube accepts", "[chapters][youtube]") {
  SECTION("a valid list, across the hour") {
    const auto rendered = write_list(
        list_of({entry(0, "a"), entry(3590000, "b"), entry(3600000, "c"), entry(36000000, "d")},
                36010000),
        write_youtube_chapters);
    CHECK(rendered.bytes == "0:00 a\n59:50 b\n1:00:00 c\n10:00:00 d\n");
    CHECK(rendered.notes.empty());
  }
  SECTION("repairs, each said once") {
    const auto rendered = write_list(
        list_of({entry(5000, "late <start>"), entry(9999, "too soon"), entry(14999, "soon too"),
                 entry(15000, "ok"), entry(20000, "hidden", false), entry(30000, "short end")},
                35000),
        write_youtube_chapters);
    // The first counts from 0:00, so "soon too" is 14 s after it; "ok" is 1 s after that.
    CHECK(rendered.bytes == "0:00 late \u2039start\u203A\n0:14 soon too\n");
    CHECK(codes_of(rendered.notes) ==
          std::vector<std::string>{"youtube-first-not-zero", "youtube-chapter-too-short",
                                   "youtube-too-few-chapters", "youtube-angle-brackets"});
    CHECK(rendered.notes[1].count == 3);
    CHECK(rendered.notes[1].first == 1);
  }
  SECTION("a list longer than a description holds") {
    std::vector<ChapterEntry> many;
    for (int i = 0; i < 300; ++i)
      many.push_back(entry(i * 10000, "A chapter title " + std::to_string(i)));
    const auto rendered = write_list(list_of(many), write_youtube_chapters);
    CHECK(codes_of(rendered.notes) == std::vector<std::string>{"youtube-description-too-long"});
  }
  SECTION("the checker finds what the writer repairs") {
    const ChapterList list = list_of({entry(1000, "a<"), entry(2000, "b")}, 3000);
    std::vector<ChapterView> storage;
    CHECK(codes_of(check_youtube_rules(view_of(list, storage))) ==
          std::vector<std::string>{"youtube-first-not-zero", "youtube-chapter-too-short",
                                   "youtube-too-few-chapters", "youtube-angle-brackets"});
  }
}
