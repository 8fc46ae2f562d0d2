// `castmap chapters convert` without its I/O: a chapter file's bytes in, another format's bytes
// out, with the diagnostics an export would print for the same chapters (the normalizer's
// chapter repair, the target format's decisions, what it cannot carry, platform rules).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/chapters/chapter_format.hpp"
#include "src/chapters/chapter_list.hpp"
#include "src/model/diagnostics.hpp"

namespace castmap {

/// The platforms and formats `--check` knows: youtube, apple (platform_rules.hpp), webvtt (the
/// WebVTT exporter's track checks) and json (the normalizer's chapter checks, which every
/// conversion reports anyway).
inline constexpr std::string_view kChapterCheckNames[] = {"youtube", "apple", "webvtt", "json"};

struct ChapterConversion {
  ChapterFormat to = ChapterFormat::json;
  std::optional<ChapterFormat> from;        ///< detected when not given
  std::optional<std::int64_t> duration_ms;  ///< the media's length (--duration)
  std::vector<std::string> checks;          ///< names from kChapterCheckNames
};

struct ConvertedChapters {
  std::optional<std::string> bytes;  ///< nullopt when there were errors: write nothing
  std::optional<ChapterFormat> from;
  std::size_t chapters = 0;  ///< after the repair
};

/// Reads `bytes` (shown as `path` in diagnostics), repairs the chapters, checks and writes them.
ConvertedChapters convert_chapters(std::string_view bytes, const std::string& path,
                                   const ChapterConversion& conversion,
                                   DiagnosticSink& diagnostics);

/// Applies the normalizer's chapter repair (repair_chapters: cleaning, sorting, dropping
/// unusable, duplicate and past-the-end chapters, with the same diagnostics) to a list read
/// from a chapter file, keeping what the model's chapters do not hold (end times).
/// `duration-missing` is not reported: a conversion reports the consequences per format instead
/// (vtt-last-cue-estimated, ffmetadata-last-end-estimated).
void repair_chapter_list(ChapterList& list, DiagnosticSink& diagnostics);

}  // namespace castmap
