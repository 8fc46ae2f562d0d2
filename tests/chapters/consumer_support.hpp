// The real consumers of chapter files (ffmpeg and ffprobe, mkvmerge and mkvextract), as test
// helpers shared by the converter's tests (tests/chapters/consumers_test.cpp) and the
// exporters' (tests/exporters/chapter_exporter_consumers_test.cpp). Catch2 assertions inside.
#pragma once

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "src/chapters/matroska.hpp"
#include "tests/chapters/chapter_test_support.hpp"
#include "tests/support/golden_support.hpp"

namespace castmap::testing {

/// Whether every tool is on the PATH; WARNs and says false (skip the test) when one is not.
inline bool have_tools(std::initializer_list<const char*> tools) {
  for (const char* tool : tools) {
    if (!have_program(tool)) {
      WARN(tool << " not found; test skipped");
      return false;
    }
  }
  return true;
}

/// A second of silence to put chapters on (chapters may run past the media's end).
inline std::filesystem::path silent_recording(const std::filesystem::path& dir) {
  const std::filesystem::path silent = dir / "silent.mka";
  REQUIRE(run_program({"ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-t", "1", "-i",
                       "anullsrc=r=8000:cl=mono", "-c:a", "pcm_s16le", silent.string()}) == 0);
  return silent;
}

/// Milliseconds of a time in `num/den` units, as ffprobe reports chapters.
inline std::int64_t probe_millis(std::int64_t value, const std::string& time_base) {
  const std::size_t slash = time_base.find('/');
  const std::int64_t num = std::stoll(time_base.substr(0, slash));
  const std::int64_t den = std::stoll(time_base.substr(slash + 1));
  // In long double: nanoseconds times 1000 leave 64 bits for 10,000-hour chapters.
  return std::llroundl(static_cast<long double>(value) * num * 1000 / den);
}

/// Applies `ffmeta` with ffmpeg, and checks ffprobe's chapters against what the file holds.
inline void check_with_ffmpeg(const std::filesystem::path& dir, const std::filesystem::path& silent,
                              const std::filesystem::path& ffmeta, const ChapterList& expected) {
  const std::filesystem::path out = dir / "out.mka";
  std::string err;
  REQUIRE(run_program({"ffmpeg", "-nostdin", "-v", "error", "-y", "-i", silent.string(), "-i",
                       ffmeta.string(), "-map", "0", "-map_metadata", "1", "-map_chapters", "1",
                       "-codec", "copy", out.string()},
                      nullptr, &err) == 0);
  INFO(err);
  std::string probed;
  REQUIRE(run_program({"ffprobe", "-v", "error", "-show_chapters", "-of", "json", out.string()},
                      &probed) == 0);
  const auto json = nlohmann::json::parse(probed);
  const auto& chapters = json.at("chapters");
  REQUIRE(chapters.size() == expected.chapters.size());
  for (std::size_t i = 0; i < chapters.size(); ++i) {
    CAPTURE(i);
    const std::string base = chapters[i].at("time_base");
    CHECK(probe_millis(chapters[i].at("start"), base) == expected.chapters[i].start_ms);
    CHECK(probe_millis(chapters[i].at("end"), base) == expected.chapters[i].end_ms);
    CHECK(chapters[i].at("tags").at("title") == expected.chapters[i].title);
  }
}

/// Builds a Matroska file with mkvmerge and checks what mkvextract gives back.
inline void check_with_mkvtoolnix(const std::filesystem::path& dir,
                                  const std::filesystem::path& silent,
                                  const std::filesystem::path& xml, const ChapterList& expected) {
  const std::filesystem::path out = dir / "out.mkv";
  std::string log;
  const int status = run_program(
      {"mkvmerge", "-q", "-o", out.string(), "--chapters", xml.string(), silent.string()}, &log);
  INFO(log);
  REQUIRE(status == 0);  // 1 would be warnings
  std::string extracted;
  REQUIRE(run_program({"mkvextract", out.string(), "chapters", "-"}, &extracted) == 0);
  DiagnosticSink diagnostics;
  const auto back = read_matroska_chapters(extracted, "extracted.xml", diagnostics);
  REQUIRE(back);
  CHECK(diagnostics.error_count() + diagnostics.warning_count() == 0);
  REQUIRE(back->chapters.size() == expected.chapters.size());
  for (std::size_t i = 0; i < expected.chapters.size(); ++i) {
    CAPTURE(i);
    CHECK(back->chapters[i].start_ms == expected.chapters[i].start_ms);
    CHECK(back->chapters[i].end_ms == expected.chapters[i].end_ms);
    CHECK(back->chapters[i].title == expected.chapters[i].title);
    CHECK(back->chapters[i].toc == expected.chapters[i].toc);
  }
}

/// `written` holds exactly the visible chapters of `original`, same starts and titles.
inline void check_visible_chapters(const ChapterList& written, const ChapterList& original) {
  std::vector<const ChapterEntry*> visible;
  for (const ChapterEntry& e : original.chapters)
    if (e.toc) visible.push_back(&e);
  REQUIRE(written.chapters.size() == visible.size());
  for (std::size_t i = 0; i < visible.size(); ++i) {
    CHECK(written.chapters[i].start_ms == visible[i]->start_ms);
    CHECK(written.chapters[i].title == visible[i]->title);
  }
}

}  // namespace castmap::testing
