// Matroska chapters XML, the file `mkvmerge --chapters` reads and `mkvextract chapters`
// writes: Chapters/EditionEntry/ChapterAtom with ChapterTimeStart, ChapterTimeEnd,
// ChapterFlagHidden and ChapterDisplay/ChapterString/ChapterLanguage.
#pragma once

#include <optional>
#include <string_view>

#include "src/chapters/chapter_list.hpp"
#include "src/chapters/chapter_notes.hpp"
#include "src/model/diagnostics.hpp"

namespace castmap {

/// Reads Matroska chapters XML: the root must be `Chapters` (else chapter-file-invalid, an
/// error, nullopt). The default edition (EditionFlagDefault 1, else the first) is read; each
/// top-level ChapterAtom gives a chapter: ChapterTimeStart (`HH:MM:SS.nnnnnnnnn`; missing or
/// unreadable: chapter-start-invalid, dropped), ChapterTimeEnd, ChapterFlagHidden 1 as
/// toc: false, the first ChapterDisplay's ChapterString as the title. Other editions,
/// sub-chapters and disabled chapters (ChapterFlagEnabled 0) are left out and named once
/// (chapter-file-field-ignored). Never throws.
std::optional<ChapterList> read_matroska_chapters(std::string_view bytes, std::string_view path,
                                                  DiagnosticSink& diagnostics);

/// Writes one edition with a ChapterAtom per chapter: ChapterTimeStart, ChapterTimeEnd when
/// known (written_end()), ChapterFlagHidden 1 for toc: false, and a ChapterDisplay with the
/// title and ChapterLanguage `und` (the list has no language). Times as mkvextract writes
/// them, `HH:MM:SS.nnnnnnnnn`. No notes.
RenderedChapters write_matroska_chapters(const ChapterListView& view);

}  // namespace castmap
