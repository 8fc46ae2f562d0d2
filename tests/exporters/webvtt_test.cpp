// Tests for the WebVTT chapter-track exporter: exact output, cue-text escaping, toc:false,
// millisecond rounding, the unknown-duration policy and run-wide (aggregated) diagnostics.
#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include "exporters/registry.hpp"
#include "tests/support/catalog_fixtures.hpp"
#include "tests/support/exporter_harness.hpp"

using namespace castmap;
using castmap::testing::ExportRun;

namespace {

Chapter chapter(double start, std::string title, bool toc = true) {
  Chapter c = testing::sample_chapter(start, std::move(title), toc);
  c.position = {12, 5};
  return c;
}

Episode episode(std::string slug, double duration, std::vector<Chapter> chapters) {
  Episode e = testing::sample_episode(slug);
  e.duration_seconds = duration;
  e.chapters = std::move(chapters);
  e.positions["duration"] = {7, 11};
  e.positions["chapters"] = {9, 1};
  return e;
}

ExportRun run_webvtt(std::vector<Episode> episodes) {
  Catalog catalog;
  catalog.episodes = std::move(episodes);
  const Exporter* exporter = find_exporter("webvtt");
  REQUIRE(exporter != nullptr);
  return castmap::testing::run_exporter(*exporter, std::move(catalog), Config{});
}

}  // namespace

TEST_CASE("webvtt writes one exact chapter track per episode", "[webvtt]") {
  ExportRun run =
      run_webvtt({episode("rust-ffi", 3725,
                          {chapter(0, "Intro"), chapter(95.5, "Rust & C++: ownership <deep dive>"),
                           chapter(200, "Sponsor", /*toc=*/false), chapter(1800.25, "Q&A")})});
  REQUIRE(run.files.size() == 1);
  CHECK(run.files.at("chapters/rust-ffi.vtt") ==
        "WEBVTT\n"
        "\n"
        "chapter-1\n"
        "00:00:00.000 --> 00:01:35.500\n"
        "Intro\n"
        "\n"
        "chapter-2\n"
        "00:01:35.500 --> 00:30:00.250\n"
        "Rust &amp; C++: ownership &lt;deep dive&gt;\n"
        "\n"
        "chapter-3\n"
        "00:30:00.250 --> 01:02:05.000\n"
        "Q&amp;A\n");
  CHECK(run.diagnostics.empty());
}

TEST_CASE("webvtt escapes cue text so no title can break the file", "[webvtt]") {
  ExportRun run = run_webvtt({episode("escapes", 100,
                                      {chapter(0, "<Untitled Chapter 1>"), chapter(10, "a --> b"),
                                       chapter(20, "line one\nline two\r\nthree\tfour"),
                                       chapter(30, "R&copy; Option<Option<T>>")})});
  CHECK(run.files.at("chapters/escapes.vtt") ==
        "WEBVTT\n"
        "\n"
        "chapter-1\n"
        "00:00:00.000 --> 00:00:10.000\n"
        "&lt;Untitled Chapter 1&gt;\n"
        "\n"
        "chapter-2\n"
        "00:00:10.000 --> 00:00:20.000\n"
        "a --&gt; b\n"
        "\n"
        "chapter-3\n"
        "00:00:20.000 --> 00:00:30.000\n"
        "line one line two  three four\n"
        "\n"
        "chapter-4\n"
        "00:00:30.000 --> 00:01:40.000\n"
        "R&amp;copy; Option&lt;Option&lt;T&gt;&gt;\n");
}

TEST_CASE("webvtt skips toc:false chapters and episodes without visible chapters", "[webvtt]") {
  ExportRun run = run_webvtt({
      episode("hidden-first", 60, {chapter(0, "Cold open", false), chapter(5, "Start")}),
      episode("no-chapters", 60, {}),
      episode("all-hidden", 60, {chapter(0, "Ad", false), chapter(30, "Ad 2", false)}),
      episode("all-hidden-too", 60, {chapter(0, "Ad", false)}),
  });
  REQUIRE(run.files.size() == 1);
  CHECK(run.files.at("chapters/hidden-first.vtt") ==
        "WEBVTT\n\nchapter-1\n00:00:05.000 --> 00:01:00.000\nStart\n");
  auto notes = run.with_code("vtt-no-visible-chapters");
  REQUIRE(notes.size() == 1);  // aggregated: one note for two episodes
  CHECK(notes[0].severity == Severity::note);
  CHECK(notes[0].where == SourceLocation{"videos/all-hidden.md", 9, 1});
  CHECK(notes[0].message ==
        "2 episode(s) have only toc: false chapters, so no WebVTT track is written for them "
        "(first \"all-hidden\")");
}

TEST_CASE("webvtt rounds to milliseconds and never writes an empty cue", "[webvtt]") {
  SECTION("round to nearest millisecond, last cue at the duration") {
    ExportRun run =
        run_webvtt({episode("rounding", 2.9996, {chapter(0.0625, "A"), chapter(1.2344, "B")})});
    CHECK(run.files.at("chapters/rounding.vtt") ==
          "WEBVTT\n\n"
          "chapter-1\n00:00:00.063 --> 00:00:01.234\nA\n\n"
          "chapter-2\n00:00:01.234 --> 00:00:03.000\nB\n");
    CHECK(run.diagnostics.empty());
  }
  SECTION("a last start that rounds onto the duration still gets 1 ms") {
    ExportRun run = run_webvtt({episode("tight-end", 100.0001, {chapter(99.9996, "Outro")})});
    CHECK(run.files.at("chapters/tight-end.vtt") ==
          "WEBVTT\n\nchapter-1\n00:01:40.000 --> 00:01:40.001\nOutro\n");
  }
  SECTION("chapters that round to the same millisecond: the earlier one is dropped") {
    ExportRun run = run_webvtt({episode(
        "same-ms", 60, {chapter(10.0001, "Gone"), chapter(10.0002, "Kept"), chapter(20, "End")})});
    CHECK(run.files.at("chapters/same-ms.vtt") ==
          "WEBVTT\n\n"
          "chapter-1\n00:00:10.000 --> 00:00:20.000\nKept\n\n"
          "chapter-2\n00:00:20.000 --> 00:01:00.000\nEnd\n");
    auto dropped = run.with_code("vtt-cue-dropped");
    REQUIRE(dropped.size() == 1);
    CHECK(dropped[0].severity == Severity::warning);
    CHECK(dropped[0].where == SourceLocation{"videos/same-ms.md", 12, 5});
    CHECK(dropped[0].message ==
          "1 chapter(s) start less than 1 ms before the next one and are left out of the WebVTT "
          "track (first \"Gone\")");
  }
}

TEST_CASE("webvtt ends the last cue 1 s after its start when the duration is unknown", "[webvtt]") {
  ExportRun run = run_webvtt({episode("unknown-a", 0, {chapter(0, "Intro"), chapter(60, "Talk")}),
                              episode("known", 90, {chapter(0, "Only")}),
                              episode("unknown-b", 0, {chapter(3600, "Late")})});
  CHECK(run.files.at("chapters/unknown-a.vtt") ==
        "WEBVTT\n\n"
        "chapter-1\n00:00:00.000 --> 00:01:00.000\nIntro\n\n"
        "chapter-2\n00:01:00.000 --> 00:01:01.000\nTalk\n");
  CHECK(run.files.at("chapters/unknown-b.vtt") ==
        "WEBVTT\n\nchapter-1\n01:00:00.000 --> 01:00:01.000\nLate\n");
  auto estimated = run.with_code("vtt-last-cue-estimated");
  REQUIRE(estimated.size() == 1);  // once per run, with the count
  CHECK(estimated[0].severity == Severity::warning);
  CHECK(estimated[0].where == SourceLocation{"videos/unknown-a.md", 7, 11});
  CHECK(estimated[0].message ==
        "duration unknown for 2 episode(s) (first \"unknown-a\"): their last WebVTT cue ends 1 s "
        "after it starts");
}

TEST_CASE("webvtt names untitled chapters instead of writing an empty cue", "[webvtt]") {
  ExportRun run = run_webvtt({episode("untitled", 20, {chapter(0, "Intro"), chapter(10, " \t")})});
  CHECK(run.files.at("chapters/untitled.vtt") ==
        "WEBVTT\n\n"
        "chapter-1\n00:00:00.000 --> 00:00:10.000\nIntro\n\n"
        "chapter-2\n00:00:10.000 --> 00:00:20.000\nChapter 2\n");
  REQUIRE(run.with_code("vtt-chapter-title-empty").size() == 1);
}

TEST_CASE("webvtt counts chapters, not episodes, in its run summary", "[webvtt]") {
  // The writer notes each kind once per track with a count; the summary still counts chapters.
  ExportRun run = run_webvtt(
      {episode("twice", 60,
               {chapter(10.0001, "Gone"), chapter(10.0002, "Also gone"), chapter(10.0003, "Kept"),
                chapter(20, " "), chapter(30, "\t"), chapter(40, "End")})});
  auto dropped = run.with_code("vtt-cue-dropped");
  REQUIRE(dropped.size() == 1);
  CHECK(dropped[0].message ==
        "2 chapter(s) start less than 1 ms before the next one and are left out of the WebVTT "
        "track (first \"Gone\")");
  auto untitled = run.with_code("vtt-chapter-title-empty");
  REQUIRE(untitled.size() == 1);
  CHECK(untitled[0].message.starts_with("2 chapter(s) without a title"));
}
