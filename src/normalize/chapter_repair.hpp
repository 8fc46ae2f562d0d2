// Chapter repair: cleans chapter titles and drops or reorders chapters that no podcast app,
// JSON chapters reader or WebVTT track could use (policy: docs/diagnostics.md).
#pragma once

#include "src/model/diagnostics.hpp"
#include "src/model/model.hpp"

namespace castmap {

/// Cleans and repairs episode.chapters in place, reporting every repair as a warning:
/// chapter-start-invalid, chapter-start-negative, chapter-start-out-of-range,
/// chapter-empty-title, chapters-unsorted, chapter-past-duration, chapter-duplicate-start,
/// duration-missing (plus the text codes of clean_title for chapter titles). Afterwards
/// chapters are sorted by start, and starts are whole milliseconds, within [0,
/// kMaxMediaSeconds], distinct and, when the duration is known, before the end. Of two chapters
/// in one millisecond the one written first is kept. Expects a duration that
/// check_media_facts has already bounded (0 or within (0, kMaxMediaSeconds]).
void repair_chapters(Episode& episode, DiagnosticSink& diagnostics);

}  // namespace castmap
