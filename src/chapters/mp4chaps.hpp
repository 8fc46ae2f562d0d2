// mp4chaps text: one `HH:MM:SS.mmm Title` line per chapter, the form mp4 chapter tools
// (mp4v2's mp4chaps, Podlove Publisher, Auphonic) import.
#pragma once

#include <optional>
#include <string_view>

#include "src/chapters/chapter_list.hpp"
#include "src/chapters/chapter_notes.hpp"
#include "src/model/diagnostics.hpp"

namespace castmap {

/// Reads mp4chaps lines: a time (`HH:MM:SS` with an optional fraction, hours of one or more
/// digits), white space, the title (trimmed). Blank lines are skipped; a line that does not
/// start with such a time is dropped (chapter-start-invalid); fractions below the millisecond
/// are rounded (chapter-time-rounded). Never throws.
std::optional<ChapterList> read_mp4chaps(std::string_view bytes, std::string_view path,
                                         DiagnosticSink& diagnostics);

/// Writes `HH:MM:SS.mmm Title` per visible chapter (toc: false ones are left out). Titles are
/// written on one line, trimmed; a blank one as "Chapter N" (chapter-title-empty-named).
RenderedChapters write_mp4chaps(const ChapterListView& view);

}  // namespace castmap
