// A minimal work-sharing loop over all cores. Every phase (listing, reading, parsing, rendering,
// writing) goes through it so that the thread count is set in one place.
#pragma once

#include <cstddef>
#include <functional>

namespace castmap {

/// Number of worker threads to use: CASTMAP_THREADS if set (>= 1), else the core count.
unsigned worker_count();

/// Calls fn(i) for every i in [0, n), spread over worker_count() threads. Indices are handed out
/// in small chunks from a shared counter, so uneven items balance out. Returns when all are
/// done. An exception thrown by fn is rethrown here (the first one; the others are dropped).
void parallel_for(std::size_t n, const std::function<void(std::size_t)>& fn);

}  // namespace castmap
