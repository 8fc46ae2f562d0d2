// Converting a chapter list from one file format to another, as `castmap chapters convert`
// does: read (the format detected or given), repair like an export would, check, write.
#pragma once

#include <castmap/diagnostic.hpp>
#include <castmap/version.hpp>

#include <cstddef>  // size_t
#include <cstdint>  // int64_t
#include <optional>
#include <string>
#include <string_view>
#include <vector>

CASTMAP_BEGIN_NAMESPACE

/// The chapter file formats castmap reads and writes (README.md, "Chapter formats").
enum class ChapterFileFormat {
  json,        ///< Podcast Index JSON chapters 1.2.0
  webvtt,      ///< WebVTT chapter track
  psc,         ///< Podlove Simple Chapters 1.2
  ffmetadata,  ///< ffmpeg's FFMETADATA1
  matroska,    ///< Matroska chapters XML (mkvmerge --chapters)
  mp4chaps,    ///< `HH:MM:SS.mmm Title` lines
  youtube,     ///< a timestamp list for a YouTube video description
};

/// The canonical name: json-chapters, webvtt, psc, ffmetadata, matroska, mp4chaps, youtube.
std::string_view chapter_format_name(ChapterFileFormat format);
/// The format a canonical name or an alias (json, vtt, ffmeta, mkv, mkv-xml) names; nullopt
/// for anything else. What `--to` and `--from` accept.
std::optional<ChapterFileFormat> chapter_format_named(std::string_view name);

/// Choices for one conversion (the flags of `castmap chapters convert`).
struct ChapterOptions {
  /// The input's format; detected from the content when not given (--from).
  std::optional<ChapterFileFormat> from;
  /// The input's name in diagnostics. Its ending (.chapters.txt, .youtube.txt, ...) decides
  /// between two formats the content cannot tell apart.
  std::string source_name = "<chapters>";
  /// The media's length in milliseconds: ends the last chapter, drops chapters past it
  /// (--duration).
  std::optional<std::int64_t> duration_ms;
  /// Also report what YouTube's and Apple's chapter rules, and a WebVTT track's, would refuse
  /// (--check youtube,apple,webvtt); the JSON chapters rules are always checked.
  bool check_youtube = false;
  bool check_apple = false;
  bool check_webvtt = false;
  /// Every warning counts as an error, and then nothing is written (--strict).
  bool strict = false;
};

/// What a conversion gives.
struct ChapterResult {
  /// The converted file; nullopt when there was an error (as the CLI then writes nothing).
  std::optional<std::string> bytes;
  /// The input's format, given or detected; nullopt when it matched none.
  std::optional<ChapterFileFormat> from;
  std::size_t chapters = 0;  ///< chapters written, after the repair
  /// Sorted: repairs, what the target format cannot carry, platform rules, errors.
  std::vector<DiagnosticMessage> diagnostics;

  bool ok() const { return bytes.has_value(); }
};

/// Converts the chapter file `bytes` into `to`. Never throws for bad input.
ChapterResult convert_chapter_file(std::string_view bytes, ChapterFileFormat to,
                                   const ChapterOptions& options = {});

CASTMAP_END_NAMESPACE
