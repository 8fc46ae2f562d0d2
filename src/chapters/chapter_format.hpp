// The chapter file formats castmap reads and writes: their names (as the future exporters and
// `castmap chapters convert --to` spell them), file names, and what each can carry.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace castmap {

enum class ChapterFormat {
  json,        ///< Podcast Index JSON chapters 1.2.0
  webvtt,      ///< WebVTT chapter track
  psc,         ///< Podlove Simple Chapters 1.2
  ffmetadata,  ///< ffmpeg's FFMETADATA1
  matroska,    ///< Matroska chapters XML (mkvmerge --chapters)
  mp4chaps,    ///< `HH:MM:SS.mmm Title` lines
  youtube,     ///< a timestamp list for a YouTube video description
};

inline constexpr std::array<ChapterFormat, 7> kChapterFormats = {
    ChapterFormat::json,       ChapterFormat::webvtt,   ChapterFormat::psc,
    ChapterFormat::ffmetadata, ChapterFormat::matroska, ChapterFormat::mp4chaps,
    ChapterFormat::youtube};

/// The canonical name: json-chapters, webvtt, psc, ffmetadata, matroska, mp4chaps, youtube.
std::string_view format_name(ChapterFormat format);
/// A name for messages: "JSON chapters", "WebVTT", "Podlove Simple Chapters", ...
std::string_view format_label(ChapterFormat format);
/// The canonical name or an alias (json, vtt, ffmeta, mkv, mkv-xml); nullopt for anything else.
std::optional<ChapterFormat> parse_format_name(std::string_view name);

/// The file name ending castmap writes: .json, .vtt, .psc.xml, .ffmeta, .mkv.xml,
/// .chapters.txt, .youtube.txt.
std::string_view file_extension(ChapterFormat format);
/// The format a file name's ending names unambiguously (the endings above, plus .psc,
/// .ffmetadata, .mp4chaps and .youtube); nullopt for other names, including plain .xml and .txt.
std::optional<ChapterFormat> format_from_file_name(std::string_view path);

/// What a format can hold. Whatever a list has that its target format cannot hold is reported
/// once per conversion (conversion_losses in chapter_notes.hpp).
struct FormatCapabilities {
  bool hidden_chapters = false;  ///< toc: false kept as such; otherwise such chapters are left out
  bool urls = false;
  bool images = false;
  bool end_times = false;    ///< an end per chapter, not just "until the next one"
  bool milliseconds = true;  ///< starts to the millisecond (YouTube: whole seconds)
  bool title = false;        ///< the list's title
  bool podcast_name = false;
  bool line_breaks = true;  ///< titles keep line breaks (line formats write titles on one line)
  bool edge_spaces = true;  ///< titles keep leading and trailing spaces
};

FormatCapabilities capabilities_of(ChapterFormat format);

}  // namespace castmap
