// Any chapter file: its format detected from the content (the file name only decides between
// formats the content cannot tell apart), read with that format's reader; and a list written in
// any format.
#pragma once

#include <optional>
#include <string_view>

#include "src/chapters/chapter_format.hpp"
#include "src/chapters/chapter_list.hpp"
#include "src/chapters/chapter_notes.hpp"
#include "src/model/diagnostics.hpp"

namespace castmap {

/// The format of `bytes`: `;FFMETADATA` is FFMETADATA, `WEBVTT` WebVTT, `{` or `[` JSON, an XML
/// root `Chapters` Matroska and `chapters` in the PSC namespace PSC; lines starting with times
/// are mp4chaps (`HH:MM:SS.mmm`) or a YouTube list (`M:SS`), which `path`'s ending
/// (format_from_file_name) decides when the content fits both. nullopt when nothing matches.
std::optional<ChapterFormat> detect_chapter_format(std::string_view bytes, std::string_view path);

/// Reads `bytes` (the file `path`) in `format`, or in the detected format when not given.
/// A file that matches no format is an error (chapter-file-unknown-format); a file name that
/// names another format than the content is noted (chapter-file-format-mismatch).
std::optional<ChapterList> read_chapter_file(std::string_view bytes, std::string_view path,
                                             DiagnosticSink& diagnostics,
                                             std::optional<ChapterFormat> format = std::nullopt);

/// Writes `view` in `format` (the standalone form, for PSC).
RenderedChapters write_chapter_file(const ChapterListView& view, ChapterFormat format);

}  // namespace castmap
