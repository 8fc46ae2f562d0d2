// A minimal work-sharing loop over all cores. Every phase (listing, reading, parsing, rendering,
// writing) goes through it so that the thread count is set in one place.
#pragma once

#include <algorithm>
#include <cstddef>
#include <functional>
#include <iterator>

namespace castmap {

/// Number of worker threads to use: CASTMAP_THREADS if set (>= 1), else the core count.
unsigned worker_count();

/// Calls fn(i) for every i in [0, n), spread over worker_count() threads. Indices are handed out
/// in small chunks from a shared counter, so uneven items balance out. Returns when all are
/// done. An exception thrown by fn is rethrown here (the first one; the others are dropped).
void parallel_for(std::size_t n, const std::function<void(std::size_t)>& fn);

/// std::sort of [first, last) with its two halves sorted at once, then merged: for the 184,000
/// output paths a re-run sorts (string comparisons dominate, so two cores nearly halve it).
template <typename Iterator, typename Less>
void parallel_sort(Iterator first, Iterator last, Less less) {
  const Iterator middle = first + (last - first) / 2;
  parallel_for(2, [&](std::size_t half) {
    if (half == 0)
      std::sort(first, middle, less);
    else
      std::sort(middle, last, less);
  });
  std::inplace_merge(first, middle, last, less);
}

}  // namespace castmap
