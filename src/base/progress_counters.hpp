// Process-wide progress counters that long-running work bumps (cheap relaxed atomics): the
// loader counts files read, the writer files written. src/app/progress.hpp draws them.
#pragma once

#include <atomic>
#include <cstddef>

namespace castmap {

struct ProgressCounters {
  std::atomic<std::size_t> files_to_load{0};
  std::atomic<std::size_t> files_loaded{0};
  std::atomic<std::size_t> outputs_done{0};
};

/// The counters of this process.
ProgressCounters& progress();

}  // namespace castmap
