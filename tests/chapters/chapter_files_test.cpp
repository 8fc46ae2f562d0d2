// Format detection, the value type's conversions, clock times and platform rules.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "src/chapters/chapter_files.hpp"
#include "src/chapters/clock_time.hpp"
#include "src/chapters/platform_rules.hpp"
#include "tests/chapters/chapter_test_support.hpp"

using namespace castmap;
using namespace castmap::testing;

TEST_CASE("chapter files: the format comes from the content, the name only breaks ties",
          "[chapters][detect]") {
  using F = ChapterFormat;
  const auto detect = [](std::string_view bytes, std::string_view name = "in") {
    return detect_chapter_format(bytes, name);
  };
  CHECK(detect("  {\"chapters\": []}") == F::json);
  CHECK(detect("[]") == F::json);
  CHECK(detect("\xEF\xBB\xBFWEBVTT\n") == F::webvtt);
  CHECK(detect("WEBVTT") == F::webvtt);
  CHECK(detect("WEBVTTX") == std::nullopt);
  CHECK(detect(";FFMETADATA1\n") == F::ffmetadata);
  CHECK(detect("<?xml version=\"1.0\"?>\n<Chapters/>") == F::matroska);
  CHECK(detect("<p:chapters xmlns:p=\"http://podlove.org/simple-chapters\"/>") == F::psc);
  CHECK(detect("<rss/>") == std::nullopt);
  CHECK(detect("<Chapters><broken>") == F::matroska);
  CHECK(detect("00:00:00.000 Intro\n00:01:00.000 Next\n") == F::mp4chaps);
  CHECK(detect("00:00:00 Intro\n01:00:00 Next\n") == F::mp4chaps);
  CHECK(detect("0:00 Intro\n1:00 Next\n") == F::youtube);
  CHECK(detect("Show notes\n00:00:00 Intro\n") == F::youtube);
  CHECK(detect("00:00:00 Intro\n", "x.youtube.txt") == F::youtube);
  CHECK(detect("0:00 Intro\n", "x.chapters.txt") == F::mp4chaps);
  CHECK(detect("", "x.chapters.txt") == F::mp4chaps);
  CHECK(detect("just words\n", "x.youtube.txt") == std::nullopt);
  CHECK(detect("") == std::nullopt);

  DiagnosticSink unknown;
  CHECK_FALSE(read_chapter_file("hello\n", "notes.txt", unknown));
  CHECK(codes_of(unknown) == std::vector<std::string>{"chapter-file-unknown-format"});
  DiagnosticSink mismatch;
  CHECK(read_chapter_file("WEBVTT\n", "chapters.json", mismatch));
  CHECK(codes_of(mismatch) == std::vector<std::string>{"chapter-file-format-mismatch"});
  DiagnosticSink forced;
  CHECK(read_chapter_file("0:00 Intro\n", "x", forced, F::mp4chaps));
  CHECK(codes_of(forced) == std::vector<std::string>{"chapter-start-invalid"});
}

TEST_CASE("chapter files: names, aliases and endings", "[chapters][detect]") {
  for (const ChapterFormat format : kChapterFormats) {
    CHECK(parse_format_name(format_name(format)) == format);
    CHECK(format_from_file_name("a/b/x" + std::string(file_extension(format))) == format);
  }
  CHECK(parse_format_name("vtt") == ChapterFormat::webvtt);
  CHECK(parse_format_name("mkv") == ChapterFormat::matroska);
  CHECK_FALSE(parse_format_name("srt"));
  CHECK(format_from_file_name("X.PSC") == ChapterFormat::psc);
  CHECK_FALSE(format_from_file_name("x.xml"));
  CHECK_FALSE(format_from_file_name("x.txt"));
  CHECK_FALSE(format_from_file_name(".json"));
}

TEST_CASE("chapter lists: milliseconds and the model", "[chapters][list]") {
  CHECK(to_milliseconds(94.5) == 94500);
  CHECK(to_milliseconds(0.0005) == 1);
  CHECK(to_milliseconds(-1.0) == -1000);
  CHECK(to_milliseconds(std::numeric_limits<double>::quiet_NaN()) == 0);
  CHECK(to_milliseconds(1e300) == kMaxChapterMilliseconds);
  CHECK(to_seconds(94500) == 94.5);

  Episode episode;
  episode.title = "Ep";
  episode.source_path = "videos/ep.md";
  episode.duration_seconds = 125.0004;
  Chapter chapter;
  chapter.start_seconds = 10.0004;
  chapter.title = "T";
  chapter.toc = false;
  chapter.position = {7, 5};
  chapter.set_links("https://u", std::nullopt);
  episode.chapters.push_back(chapter);
  std::vector<ChapterView> storage;
  const ChapterListView view = view_of(episode, storage);
  CHECK(view.duration_ms == 125000);
  CHECK(view.title == "Ep");
  CHECK_FALSE(view.podcast_name);
  REQUIRE(view.chapters.size() == 1);
  CHECK(view.chapters[0].start_ms == 10000);
  CHECK(view.chapters[0].url == "https://u");
  CHECK_FALSE(view.chapters[0].image);
  episode.duration_seconds = 0;
  CHECK_FALSE(view_of(episode, storage).duration_ms);

  const ChapterList list = from_episode(episode);
  CHECK(list.source_path == "videos/ep.md");
  CHECK(list.chapters[0].position == FieldPosition{7, 5});
  const std::vector<Chapter> back = to_model_chapters(list);
  REQUIRE(back.size() == 1);
  CHECK(back[0].start_seconds == 10.0);
  CHECK(back[0].title == "T");
  CHECK_FALSE(back[0].toc);
  CHECK(back[0].url() == "https://u");
  CHECK(back[0].position == FieldPosition{7, 5});
}

TEST_CASE("clock times: each format's syntax", "[chapters][clock]") {
  const auto ms = [](std::string_view text, const ClockSyntax& syntax) -> std::int64_t {
    const auto time = parse_clock(text, syntax);
    return time ? time->milliseconds : -1;
  };
  CHECK(ms("01:02.500", kWebVttClock) == 62500);
  CHECK(ms("100:00:00.000", kWebVttClock) == 360000000);
  CHECK(ms("1:02.500", kWebVttClock) == -1);
  CHECK(ms("1:00:00.000", kWebVttClock) == -1);
  CHECK(ms("00:01:02.5", kWebVttClock) == -1);
  CHECK(ms("00:61:00.000", kWebVttClock) == -1);
  CHECK(ms("37", kNptClock) == 37000);
  CHECK(ms("7:48", kNptClock) == 468000);
  CHECK(ms("1:2:3", kNptClock) == -1);
  CHECK(ms("35:12.2505", kNptClock) == 2112251);
  CHECK(ms("0:00", kYouTubeClock) == 0);
  CHECK(ms("0:00.5", kYouTubeClock) == -1);
  CHECK(ms("37", kYouTubeClock) == -1);
  CHECK(ms("00:00:01.000000001", kMatroskaClock) == 1000);
  CHECK(parse_clock("00:00:01.000000001", kMatroskaClock)->rounded);
  CHECK(ms("999999999999999:00:00", kMp4ChapsClock) == -1);
  CHECK(ms("", kNptClock) == -1);
  CHECK(ms(".5", kNptClock) == -1);
  CHECK(ms("5.", kNptClock) == -1);
  std::string out;
  append_youtube_clock(out, 3599999);
  out += ' ';
  append_youtube_clock(out, 3600000);
  out += ' ';
  append_matroska_clock(out, 1);
  CHECK(out == "59:59 1:00:00 00:00:00.001000000");
}

TEST_CASE("platform rules: Apple's description chapters", "[chapters][rules]") {
  std::vector<ChapterView> storage;
  const ChapterList good = list_of({entry(0, "a"), entry(1000, "b"), entry(2000, "c")});
  CHECK(check_platform_rules(view_of(good, storage), ChapterPlatform::apple).empty());
  const ChapterList bad = list_of({entry(0, "hidden", false), entry(500, "b"), entry(900, "c")});
  const auto notes = check_platform_rules(view_of(bad, storage), ChapterPlatform::apple);
  CHECK(codes_of(notes) ==
        std::vector<std::string>{"apple-first-not-zero", "apple-too-few-chapters"});
  CHECK(notes[0].first == 1);
  CHECK(parse_platform_name("apple") == ChapterPlatform::apple);
  CHECK(platform_name(ChapterPlatform::youtube) == "youtube");
  CHECK_FALSE(parse_platform_name("spotify"));
}
