// The progress bar of long runs: draws the process's progress counters (src/base/
// progress_counters.hpp) on stderr only when stderr is a terminal and the run lasts more than a
// moment. Non-interactive runs (cron, CI) never see it.
#pragma once

#include <memory>

#include "src/base/progress_counters.hpp"

namespace castmap {

/// While alive, redraws a one-line bar on stderr every 100 ms after an initial 500 ms delay
/// (CASTMAP_PROGRESS_DELAY_MS overrides it), if
/// stderr is a terminal and `enabled`. The destructor erases the line.
class ProgressDisplay {
 public:
  explicit ProgressDisplay(bool enabled);
  ~ProgressDisplay();
  ProgressDisplay(const ProgressDisplay&) = delete;
  ProgressDisplay& operator=(const ProgressDisplay&) = delete;

 private:
  struct Worker;
  std::unique_ptr<Worker> worker_;
};

}  // namespace castmap
