// Tests for the SubRip reader and its WebVTT writer (src/transcripts/srt.hpp): what is read, what
// is reported where, how cue text is escaped; and the real consumer: ffmpeg reads castmap's
// WebVTT and the SubRip it came from as the same subtitles (skipped when ffmpeg is missing).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>

#include "src/transcripts/srt.hpp"
#include "tests/chapters/chapter_test_support.hpp"
#include "tests/support/golden_support.hpp"

using namespace castmap;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> codes_at(const DiagnosticSink& sink) {
  std::vector<std::string> out;
  for (const Diagnostic& d : sink.sorted())
    out.push_back(std::to_string(d.where.line) + ":" + std::to_string(d.where.column) + " " +
                  d.code);
  return out;
}

}  // namespace

TEST_CASE("read_srt reads numbered cues, CRLF, a byte order mark and multi-line text", "[srt]") {
  DiagnosticSink sink;
  const auto cues = read_srt(
      "\xEF\xBB\xBF"
      "1\r\n00:00:01,000 --> 00:00:04,250\r\nHello\r\nworld\r\n\r\n"
      "2\r\n01:02:03.004 --> 01:02:05,000 X1:1 X2:2 Y1:3 Y2:4\r\nSecond\r\n",
      "t.srt", sink);
  CHECK(codes_at(sink).empty());
  REQUIRE(cues.size() == 2);
  CHECK(cues[0] == SubtitleCue{1000, 4250, "Hello\nworld", {2, 1}});
  CHECK(cues[1].start_ms == 3723004);
  CHECK(cues[1].end_ms == 3725000);
  CHECK(cues[1].text == "Second");
  CHECK(cues[1].position.line == 7);
}

TEST_CASE("read_srt takes a timing line without a blank line before it as the next cue", "[srt]") {
  DiagnosticSink sink;
  const auto cues = read_srt(
      "00:00:01,000 --> 00:00:02,000\nno number\n2\n00:00:03,000 --> 00:00:04,000\nnext\n"
      "00:00:05,000 --> 00:00:06,000\nlast\n",
      "t.srt", sink);
  CHECK(codes_at(sink).empty());
  REQUIRE(cues.size() == 3);
  CHECK(cues[0].text == "no number");
  CHECK(cues[1].text == "next");
  CHECK(cues[2].text == "last");
}

TEST_CASE("read_srt reports unusable blocks and backwards cues at their lines", "[srt]") {
  DiagnosticSink sink;
  const auto cues = read_srt(
      "1\n00:00:01,000 --> 00:00:02,000\nfine\n\n"
      "2\n00:00:61,000 --> 00:00:62,000\nbad seconds\n\n"
      "just text\n\n"
      "4\n00:00:05,000 --> 00:00:05,000\nzero length\n",
      "t.srt", sink);
  REQUIRE(cues.size() == 1);
  CHECK(codes_at(sink) == std::vector<std::string>{"5:1 srt-cue-invalid", "9:1 srt-cue-invalid",
                                                   "12:1 srt-cue-end-before-start"});
  DiagnosticSink empty;
  CHECK(read_srt("", "e.srt", empty).empty());
  CHECK(codes_at(empty) == std::vector<std::string>{"0:0 srt-empty"});
}

TEST_CASE("write_webvtt_cues keeps b, i and u, drops font and escapes everything else", "[srt]") {
  const std::vector<SubtitleCue> cues = {
      {500, 2000, "<I>Hi</I> & <b>bold</b>", {}},
      {2500, 4000, "<font color=\"red\">red</font> --> <3\n\nafter a blank", {}},
  };
  CHECK(write_webvtt_cues(cues) ==
        "WEBVTT\n\n1\n00:00:00.500 --> 00:00:02.000\n<i>Hi</i> &amp; <b>bold</b>\n\n"
        "2\n00:00:02.500 --> 00:00:04.000\nred --&gt; &lt;3\nafter a blank\n");
}

TEST_CASE("ffmpeg reads castmap's WebVTT as the same subtitles as the SubRip it came from",
          "[srt][consumers]") {
  if (!testing::have_program("ffmpeg")) {
    WARN("ffmpeg not found; test skipped");
    return;
  }
  testing::TempDir dir("castmap-srt-consumer");
  // Hand-written cases and random ones: text with markup, arrows, ampersands, long hours.
  std::vector<std::string> inputs = {
      "1\r\n00:00:00,500 --> 00:00:02,000\r\n<i>Hello</i> & welcome\r\n\r\n"
      "2\r\n00:00:02,500 --> 00:00:04,000\r\nan arrow --> here <3\r\nsecond line\r\n",
      "1\n0:00:01.000 --> 0:00:02.000\nshort hours\n\n2\n12:34:56,789 --> "
      "12:35:00,000\n<b>late</b>\n",
  };
  std::mt19937 random(7);
  const std::vector<std::string> words = {"word", "<i>it</i>", "&", "a->b", "x < y", "«ü»"};
  for (int file = 0; file < 1; ++file) {
    std::string srt;
    long long at = 0;
    for (int cue = 1; cue <= 40; ++cue) {
      at += 1 + random() % 5000;
      const long long end = at + 1 + random() % 3000;
      std::string start_text, end_text;
      const auto clock = [](long long ms) {
        char text[32];
        std::snprintf(text, sizeof text, "%02lld:%02lld:%02lld,%03lld", ms / 3600000,
                      ms / 60000 % 60, ms / 1000 % 60, ms % 1000);
        return std::string(text);
      };
      srt += std::to_string(cue) + "\n" + clock(at) + " --> " + clock(end) + "\n";
      for (int word = 0; word < 1 + static_cast<int>(random() % 6); ++word)
        srt += words[random() % words.size()] + (word % 3 == 2 ? "\n" : " ");
      srt += "\n\n";
      at = end;
    }
    inputs.push_back(srt);
  }
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    INFO(inputs[i]);
    const fs::path srt = dir.path() / ("in" + std::to_string(i) + ".srt");
    const fs::path vtt = dir.path() / ("in" + std::to_string(i) + ".vtt");
    std::ofstream(srt, std::ios::binary) << inputs[i];
    DiagnosticSink sink;
    const auto cues = read_srt(inputs[i], "in.srt", sink);
    CHECK(sink.sorted().empty());
    std::ofstream(vtt, std::ios::binary) << write_webvtt_cues(cues);
    std::string from_srt, from_vtt, errors;
    REQUIRE(testing::run_program(
                {"ffmpeg", "-nostdin", "-v", "error", "-i", srt.string(), "-f", "srt", "-"},
                &from_srt, &errors) == 0);
    REQUIRE(testing::run_program(
                {"ffmpeg", "-nostdin", "-v", "error", "-i", vtt.string(), "-f", "srt", "-"},
                &from_vtt, &errors) == 0);
    INFO(errors);
    CHECK(!from_vtt.empty());
    CHECK(from_vtt == from_srt);
  }
}
