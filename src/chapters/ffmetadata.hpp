// ffmpeg's FFMETADATA1 (https://ffmpeg.org/ffmpeg-formats.html#Metadata-2), as
// `ffmpeg -i media -i x.ffmeta -map_metadata 1 -map_chapters 1 -codec copy out` applies it.
#pragma once

#include <optional>
#include <string_view>

#include "src/chapters/chapter_list.hpp"
#include "src/chapters/chapter_notes.hpp"
#include "src/model/diagnostics.hpp"

namespace castmap {

/// Reads FFMETADATA the way ffmpeg's demuxer does: the file starts with `;FFMETADATA` (else
/// chapter-file-invalid, nullopt); lines starting with `;` or `#` are comments; a backslash
/// escapes the next byte, line breaks included; `[CHAPTER]` is followed by `TIMEBASE=num/den`
/// (optional; ffmpeg's default is 1/1000000000), `START=` and `END=` in that order, then its
/// tags. A chapter without a usable START or time base is dropped (chapter-start-invalid), one
/// without END keeps no end (chapter-file-malformed); times in other bases are converted to the
/// nearest millisecond (chapter-time-rounded). The global and the chapters' `title` tags
/// (any case) are read; other tags and `[STREAM]` sections are ignored. Never throws.
std::optional<ChapterList> read_ffmetadata(std::string_view bytes, std::string_view path,
                                           DiagnosticSink& diagnostics);

/// Writes `;FFMETADATA1`, the list's `title` when set, then per visible chapter (toc: false ones
/// are left out) `[CHAPTER]`, `TIMEBASE=1/1000`, `START`, `END` (written_end(); 1 s after the
/// start when unknown, with ffmetadata-last-end-estimated) and `title`, escaping `=`, `;`, `#`,
/// `\`, line breaks and carriage returns with a backslash as ffmpeg does.
RenderedChapters write_ffmetadata(const ChapterListView& view);

}  // namespace castmap
