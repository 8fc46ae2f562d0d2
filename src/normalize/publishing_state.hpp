// Publishing state: which episodes a run publishes. Drafts (`draft: true`) and episodes dated
// after the run's reference time (now, or --as-of) are held back from every output, so the
// exporters never see them; each one gets a note.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "src/base/time_format.hpp"
#include "src/model/diagnostics.hpp"
#include "src/model/model.hpp"

namespace castmap {

/// The reference times for which a catalog's held-back set stays the same: [from, until).
/// A run may replay the last one only when its reference time is inside the last run's window.
struct PublicationWindow {
  TimePoint from = TimePoint::min();   ///< the newest published episode's date
  TimePoint until = TimePoint::max();  ///< the next held-back episode's date (max: none)

  bool contains(TimePoint reference) const { return from <= reference && reference < until; }
  /// When the next held-back (future) episode goes live, if one is waiting.
  std::optional<TimePoint> next_change_at() const {
    return until == TimePoint::max() ? std::nullopt : std::optional(until);
  }
};

struct HeldBack {
  std::size_t drafts = 0;
  std::size_t scheduled = 0;  ///< dated after the reference time
  PublicationWindow window;
  std::vector<std::string> source_paths;  ///< of every held-back episode, sorted
};

/// Removes drafts and episodes published after `reference` from `catalog.episodes` (order
/// kept), with a note each (`episode-draft`, `episode-scheduled`). Call after normalize().
HeldBack hold_back_unpublished(Catalog& catalog, TimePoint reference, DiagnosticSink& diagnostics);

}  // namespace castmap
