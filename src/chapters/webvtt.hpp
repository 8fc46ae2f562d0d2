// WebVTT chapter tracks (../shared/spec/webvtt-chapters.md): reader and writer.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "src/chapters/chapter_list.hpp"
#include "src/chapters/chapter_notes.hpp"
#include "src/model/diagnostics.hpp"

namespace castmap {

/// Reads a WebVTT file the way the W3C parser does: the `WEBVTT` signature (else
/// chapter-file-invalid, an error, and nullopt), then blocks; a line holding `-->` starts a
/// cue even without a blank line before it; a cue whose timing line the parser would reject
/// is dropped (chapter-start-invalid); other blocks than cues, NOTE, STYLE and REGION are
/// skipped (chapter-file-malformed). A cue's title is its text with tags removed, ruby text
/// left out and the character references &amp; &lt; &gt; &quot; &apos; &nbsp; &lrm; &rlm;
/// and numeric ones decoded; its end is kept. Never throws.
std::optional<ChapterList> read_webvtt_chapters(std::string_view bytes, std::string_view path,
                                                DiagnosticSink& diagnostics);

/// What a track of `view` would decide, without rendering it (an exporter plans every
/// episode's track for the run's diagnostics but renders only the changed ones).
struct WebVttTrackPlan {
  std::size_t cues = 0;  ///< 0: no track (no visible chapter)
  /// vtt-last-cue-estimated, vtt-cue-dropped, vtt-chapter-title-empty, vtt-no-visible-chapters.
  std::vector<ChapterNote> notes;
};
WebVttTrackPlan plan_webvtt_track(const ChapterListView& view);

/// Writes the chapter track of `view`: `WEBVTT`, then one cue `chapter-N` per visible
/// (toc: true) chapter, ending at its own end if it has one (cut at the next visible start,
/// so cues never overlap), else at the next visible start, else at the duration (at least
/// 1 ms after its start), else 1 s after its start (vtt-last-cue-estimated). Titles become
/// one line of cue text with &, < and > as character references; a blank one is written
/// "Chapter N" (vtt-chapter-title-empty); a chapter starting at the same millisecond as the
/// next visible one is left out (vtt-cue-dropped). For view_of(episode) these are exactly
/// the bytes of today's webvtt exporter. Without a visible chapter: just `WEBVTT\n`.
RenderedChapters write_webvtt_chapters(const ChapterListView& view);

}  // namespace castmap
