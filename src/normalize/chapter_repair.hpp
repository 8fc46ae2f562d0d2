// Chapter repair: cleans chapter titles and drops or reorders chapters that no podcast app,
// JSON chapters reader or WebVTT track could use (policy: docs/diagnostics.md).
#pragma once

#include "src/model/diagnostics.hpp"
#include "src/model/model.hpp"

namespace castmap {

/// Cleans and repairs episode.chapters in place, reporting every repair as a warning:
/// chapter-start-invalid, chapter-start-negative, chapter-empty-title, chapters-unsorted,
/// chapter-past-duration, chapter-duplicate-start, duration-missing (plus the text codes of
/// clean_title for chapter titles). Afterwards chapters are sorted by start, starts are finite,
/// >= 0, distinct at millisecond precision and, when the duration is known, before the end.
void repair_chapters(Episode& episode, DiagnosticSink& diagnostics);

}  // namespace castmap
