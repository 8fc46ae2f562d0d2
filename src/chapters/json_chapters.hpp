// Podcast Index JSON chapters 1.2.0 (../shared/spec/json-chapters.md): reader and writer.
#pragma once

#include <optional>
#include <string_view>

#include "src/chapters/chapter_list.hpp"
#include "src/chapters/chapter_notes.hpp"
#include "src/model/diagnostics.hpp"

namespace castmap {

/// Reads a JSON chapters file. Every problem is reported at its place in `path`: invalid JSON
/// (json-syntax) or no object with a `chapters` list (chapter-file-invalid) is an error and
/// gives nullopt; a chapter without a usable startTime is dropped (chapter-start-invalid), a
/// field of the wrong type is ignored (invalid-type), times below the millisecond are rounded
/// (chapter-time-rounded), fields castmap does not carry are named once
/// (chapter-file-field-ignored). Never throws.
std::optional<ChapterList> read_json_chapters(std::string_view bytes, std::string_view path,
                                              DiagnosticSink& diagnostics);

/// Writes `view` as JSON chapters: `version`, then `title` and `podcastName` when set, then each
/// chapter's startTime, title, endTime (written_end(), when after the start), url, img and
/// `toc: false`; integral times as integers; two-space indent and a final newline. For
/// view_of(episode) with podcast_name set to the show's (or site's) name these are exactly
/// the bytes of today's json-chapters exporter. No notes: the format carries everything.
RenderedChapters write_json_chapters(const ChapterListView& view);

}  // namespace castmap
