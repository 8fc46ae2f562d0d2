// Progress reporting for long runs: process-wide counters that the loader and the writer bump
// (cheap relaxed atomics), and a display that draws a bar on stderr only when stderr is a
// terminal and the run lasts more than a moment. Non-interactive runs (cron, CI) never see it.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>

namespace castmap {

struct ProgressCounters {
  std::atomic<std::size_t> files_to_load{0};
  std::atomic<std::size_t> files_loaded{0};
  std::atomic<std::size_t> outputs_done{0};
};

/// The counters of this process.
ProgressCounters& progress();

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
