// Names, file names and capabilities of the chapter formats.
#include "src/chapters/chapter_format.hpp"

#include <string>

namespace castmap {

std::string_view format_name(ChapterFormat format) {
  switch (format) {
    case ChapterFormat::json:
      return "json-chapters";
    case ChapterFormat::webvtt:
      return "webvtt";
    case ChapterFormat::psc:
      return "psc";
    case ChapterFormat::ffmetadata:
      return "ffmetadata";
    case ChapterFormat::matroska:
      return "matroska";
    case ChapterFormat::mp4chaps:
      return "mp4chaps";
    case ChapterFormat::youtube:
      return "youtube";
  }
  return "json-chapters";
}

std::string_view format_label(ChapterFormat format) {
  switch (format) {
    case ChapterFormat::json:
      return "JSON chapters";
    case ChapterFormat::webvtt:
      return "WebVTT";
    case ChapterFormat::psc:
      return "Podlove Simple Chapters";
    case ChapterFormat::ffmetadata:
      return "FFMETADATA";
    case ChapterFormat::matroska:
      return "Matroska chapters XML";
    case ChapterFormat::mp4chaps:
      return "mp4chaps";
    case ChapterFormat::youtube:
      return "a YouTube chapter list";
  }
  return "JSON chapters";
}

std::optional<ChapterFormat> parse_format_name(std::string_view name) {
  for (ChapterFormat format : kChapterFormats)
    if (name == format_name(format)) return format;
  if (name == "json") return ChapterFormat::json;
  if (name == "vtt") return ChapterFormat::webvtt;
  if (name == "ffmeta") return ChapterFormat::ffmetadata;
  if (name == "mkv" || name == "mkv-xml") return ChapterFormat::matroska;
  return std::nullopt;
}

std::string_view file_extension(ChapterFormat format) {
  switch (format) {
    case ChapterFormat::json:
      return ".json";
    case ChapterFormat::webvtt:
      return ".vtt";
    case ChapterFormat::psc:
      return ".psc.xml";
    case ChapterFormat::ffmetadata:
      return ".ffmeta";
    case ChapterFormat::matroska:
      return ".mkv.xml";
    case ChapterFormat::mp4chaps:
      return ".chapters.txt";
    case ChapterFormat::youtube:
      return ".youtube.txt";
  }
  return ".json";
}

std::optional<ChapterFormat> format_from_file_name(std::string_view path) {
  const std::size_t slash = path.find_last_of('/');
  std::string name(slash == std::string_view::npos ? path : path.substr(slash + 1));
  for (char& c : name)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  struct Ending {
    std::string_view suffix;
    ChapterFormat format;
  };
  // Longer endings first: `.psc.xml` before a plain `.xml` would be considered.
  static constexpr Ending kEndings[] = {
      {".psc.xml", ChapterFormat::psc},
      {".mkv.xml", ChapterFormat::matroska},
      {".chapters.txt", ChapterFormat::mp4chaps},
      {".youtube.txt", ChapterFormat::youtube},
      {".json", ChapterFormat::json},
      {".vtt", ChapterFormat::webvtt},
      {".psc", ChapterFormat::psc},
      {".ffmeta", ChapterFormat::ffmetadata},
      {".ffmetadata", ChapterFormat::ffmetadata},
      {".mp4chaps", ChapterFormat::mp4chaps},
      {".youtube", ChapterFormat::youtube},
  };
  for (const Ending& ending : kEndings)
    if (name.size() > ending.suffix.size() && name.ends_with(ending.suffix)) return ending.format;
  return std::nullopt;
}

FormatCapabilities capabilities_of(ChapterFormat format) {
  FormatCapabilities can;
  switch (format) {
    case ChapterFormat::json:
      can.hidden_chapters = can.urls = can.images = can.end_times = true;
      can.title = can.podcast_name = true;
      break;
    case ChapterFormat::webvtt:
      can.end_times = true;
      can.line_breaks = false;  // a line break in cue text would split or end the cue
      break;
    case ChapterFormat::psc:
      can.urls = can.images = true;
      break;
    case ChapterFormat::ffmetadata:
      can.end_times = can.title = true;
      break;
    case ChapterFormat::matroska:
      can.hidden_chapters = can.end_times = true;
      break;
    case ChapterFormat::mp4chaps:
      can.line_breaks = can.edge_spaces = false;
      break;
    case ChapterFormat::youtube:
      can.milliseconds = can.line_breaks = can.edge_spaces = false;
      break;
  }
  return can;
}

}  // namespace castmap
