// SubRip (.srt) transcripts: read into cues, and written as WebVTT so browsers can load them in
// a <track> (they read WebVTT only). SubRip has no specification; this follows what players
// accept (ffmpeg's and VLC's readers): numbered blocks of `HH:MM:SS,mmm --> HH:MM:SS,mmm` and
// text lines, separated by blank lines.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "src/model/diagnostics.hpp"
#include "src/model/source_location.hpp"

namespace castmap {

/// One subtitle cue as read.
struct SubtitleCue {
  std::int64_t start_ms = 0;
  std::int64_t end_ms = 0;  ///< after start_ms (cues that are not are left out when read)
  std::string text;         ///< its lines joined with '\n', as in the file (tags kept)
  FieldPosition position;   ///< its timing line

  bool operator==(const SubtitleCue&) const = default;
};

/// Reads an SRT file (`path` for diagnostics). Tolerates a byte order mark, CRLF or CR line
/// endings, a missing or wrong cue number, `.` for `,` before the milliseconds, one-digit hours,
/// extra blank lines and a missing one (a timing line always starts a cue). Reports, as warnings at
/// the line concerned: a block without a usable timing line (srt-cue-invalid), a cue that does not
/// end after it starts (srt-cue-end-before-start); both are left out. No cue at all is srt-empty (a
/// warning).
std::vector<SubtitleCue> read_srt(std::string_view bytes, std::string_view path,
                                  DiagnosticSink& diagnostics);

/// The cues as a WebVTT file (WEBVTT header, one numbered cue each, ordered by start; cues
/// without text are left out, as players skip them). Cue text keeps SubRip's
/// <b>, <i> and <u> (WebVTT has them too) and escapes every other `&`, `<` and `>`, so no
/// text can form another tag or a `-->`; other tags (<font>) are dropped.
std::string write_webvtt_cues(const std::vector<SubtitleCue>& cues);

}  // namespace castmap
