// Format detection and dispatch to the per-format readers and writers.
#include "src/chapters/chapter_files.hpp"

#include <pugixml.hpp>

#include <string>

#include "src/chapters/chapter_xml.hpp"
#include "src/chapters/clock_time.hpp"
#include "src/chapters/ffmetadata.hpp"
#include "src/chapters/json_chapters.hpp"
#include "src/chapters/line_titles.hpp"
#include "src/chapters/matroska.hpp"
#include "src/chapters/mp4chaps.hpp"
#include "src/chapters/psc.hpp"
#include "src/chapters/text_lines.hpp"
#include "src/chapters/webvtt.hpp"
#include "src/chapters/youtube.hpp"

namespace castmap {

namespace {

/// How many lines the text formats are judged by: a description may have many more.
constexpr int kLinesJudged = 200;

std::optional<ChapterFormat> detect_xml(std::string_view bytes) {
  pugi::xml_document document;
  if (document.load_buffer(bytes.data(), bytes.size(), pugi::parse_default)) {
    const pugi::xml_node root = document.document_element();
    if (std::string_view(root.name()) == "Chapters") return ChapterFormat::matroska;
    if (local_name(root) == "chapters" &&
        namespace_of(root).find("podlove.org/simple-chapters") != std::string_view::npos)
      return ChapterFormat::psc;
    return std::nullopt;
  }
  // Not well-formed: the reader whose document it looks like reports where.
  if (bytes.find("<Chapters") != std::string_view::npos) return ChapterFormat::matroska;
  if (bytes.find("simple-chapters") != std::string_view::npos) return ChapterFormat::psc;
  return std::nullopt;
}

/// mp4chaps or a YouTube list, judged by the lines that start with a time.
std::optional<ChapterFormat> detect_text(std::string_view bytes,
                                         std::optional<ChapterFormat> hint) {
  LineReader lines(bytes);
  TextLine line;
  int judged = 0, timed = 0, mp4chaps = 0, with_fraction = 0, prose = 0;
  while (judged < kLinesJudged && lines.next(line)) {
    const std::string_view text = trim_spaces(line.text);
    if (text.empty()) continue;
    ++judged;
    const std::string_view stamp = text.substr(0, text.find_first_of(" \t"));
    const bool as_mp4chaps = parse_clock(stamp, kMp4ChapsClock).has_value();
    const bool as_youtube = parse_clock(stamp, kYouTubeClock).has_value();
    if (!as_mp4chaps && !as_youtube) {
      ++prose;
      continue;
    }
    ++timed;
    if (as_mp4chaps) ++mp4chaps;
    if (as_mp4chaps && stamp.find('.') != std::string_view::npos) ++with_fraction;
  }
  if (timed == 0) return std::nullopt;
  if (hint == ChapterFormat::mp4chaps || hint == ChapterFormat::youtube) return hint;
  if (with_fraction > 0 || (prose == 0 && mp4chaps == timed)) return ChapterFormat::mp4chaps;
  return ChapterFormat::youtube;
}

std::optional<ChapterList> read_as(ChapterFormat format, std::string_view bytes,
                                   std::string_view path, DiagnosticSink& diagnostics) {
  switch (format) {
    case ChapterFormat::json:
      return read_json_chapters(bytes, path, diagnostics);
    case ChapterFormat::webvtt:
      return read_webvtt_chapters(bytes, path, diagnostics);
    case ChapterFormat::psc:
      return read_psc(bytes, path, diagnostics);
    case ChapterFormat::ffmetadata:
      return read_ffmetadata(bytes, path, diagnostics);
    case ChapterFormat::matroska:
      return read_matroska_chapters(bytes, path, diagnostics);
    case ChapterFormat::mp4chaps:
      return read_mp4chaps(bytes, path, diagnostics);
    case ChapterFormat::youtube:
      return read_youtube_chapters(bytes, path, diagnostics);
  }
  return std::nullopt;
}

}  // namespace

std::optional<ChapterFormat> detect_chapter_format(std::string_view bytes, std::string_view path) {
  const std::optional<ChapterFormat> hint = format_from_file_name(path);
  std::string_view head = bytes.substr(bom_length(bytes));
  if (head.starts_with(";FFMETADATA")) return ChapterFormat::ffmetadata;
  if (head.starts_with("WEBVTT") &&
      (head.size() == 6 || std::string_view(" \t\r\n").find(head[6]) != std::string_view::npos))
    return ChapterFormat::webvtt;
  const std::size_t first = head.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    // Nothing but white space: an empty list in a line format, when the name says which.
    const bool lines = hint == ChapterFormat::youtube || hint == ChapterFormat::mp4chaps;
    return lines ? hint : std::nullopt;
  }
  head.remove_prefix(first);
  if (head.front() == '{' || head.front() == '[') return ChapterFormat::json;
  if (head.front() == '<') return detect_xml(bytes);
  return detect_text(bytes, hint);
}

std::optional<ChapterList> read_chapter_file(std::string_view bytes, std::string_view path,
                                             DiagnosticSink& diagnostics,
                                             std::optional<ChapterFormat> format) {
  if (!format) {
    format = detect_chapter_format(bytes, path);
    if (!format) {
      diagnostics.error({std::string(path), 1, 1}, "chapter-file-unknown-format",
                        "not a chapter file castmap reads: none of JSON chapters, WebVTT, "
                        "Podlove Simple Chapters, FFMETADATA, Matroska chapters XML, mp4chaps or "
                        "a YouTube timestamp list");
      return std::nullopt;
    }
    const std::optional<ChapterFormat> named = format_from_file_name(path);
    if (named && named != format)
      diagnostics.note({std::string(path), 1, 1}, "chapter-file-format-mismatch",
                       "the file name suggests " + std::string(format_label(*named)) +
                           ", but the content is " + std::string(format_label(*format)) +
                           "; read as " + std::string(format_label(*format)));
  }
  return read_as(*format, bytes, path, diagnostics);
}

RenderedChapters write_chapter_file(const ChapterListView& view, ChapterFormat format) {
  switch (format) {
    case ChapterFormat::json:
      return write_json_chapters(view);
    case ChapterFormat::webvtt:
      return write_webvtt_chapters(view);
    case ChapterFormat::psc:
      return write_psc(view);
    case ChapterFormat::ffmetadata:
      return write_ffmetadata(view);
    case ChapterFormat::matroska:
      return write_matroska_chapters(view);
    case ChapterFormat::mp4chaps:
      return write_mp4chaps(view);
    case ChapterFormat::youtube:
      return write_youtube_chapters(view);
  }
  return {};
}

}  // namespace castmap
