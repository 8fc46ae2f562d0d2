// parallel_for on std::thread with an atomic work counter.
#include "src/base/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace castmap {

unsigned worker_count() {
  if (const char* env = std::getenv("CASTMAP_THREADS")) {
    int requested = std::atoi(env);
    if (requested >= 1) return static_cast<unsigned>(std::min(requested, 256));
  }
  return std::max(1u, std::thread::hardware_concurrency());
}

void parallel_for(std::size_t n, const std::function<void(std::size_t)>& fn) {
  if (n == 0) return;
  unsigned threads = static_cast<unsigned>(std::min<std::size_t>(worker_count(), n));
  if (threads <= 1) {
    for (std::size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  // Chunks keep the counter cheap for many tiny items while still balancing big ones.
  const std::size_t chunk = std::clamp<std::size_t>(n / (threads * 16), 1, 64);
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto work = [&] {
    while (true) {
      std::size_t begin = next.fetch_add(chunk);
      if (begin >= n) return;
      std::size_t end = std::min(n, begin + chunk);
      for (std::size_t i = begin; i < end; ++i) {
        try {
          fn(i);
        } catch (...) {
          std::lock_guard lock(failure_mutex);
          if (!failure) failure = std::current_exception();
        }
      }
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& thread : pool) thread.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace castmap
