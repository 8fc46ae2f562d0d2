// The progress bar thread.
#include "src/app/progress.hpp"

#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>

namespace castmap {

struct ProgressDisplay::Worker {
  std::mutex mutex;
  std::condition_variable wake;
  bool stop = false;
  bool drawn = false;
  std::thread thread;

  void draw() {
    const ProgressCounters& p = progress();
    std::size_t total = p.files_to_load.load(std::memory_order_relaxed);
    std::size_t loaded = p.files_loaded.load(std::memory_order_relaxed);
    std::size_t written = p.outputs_done.load(std::memory_order_relaxed);
    constexpr int kWidth = 30;
    int filled = total ? static_cast<int>(kWidth * std::min(loaded, total) / total) : 0;
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.resize(kWidth, '.');
    std::fprintf(stderr, "\r[%s] loaded %zu/%zu files, %zu outputs done\x1b[K", bar.c_str(), loaded,
                 total, written);
    std::fflush(stderr);
    drawn = true;
  }

  void run() {
    std::unique_lock lock(mutex);
    // CASTMAP_PROGRESS_DELAY_MS overrides the initial delay (tests use 0 to see the bar at once).
    long delay = 500;
    if (const char* env = std::getenv("CASTMAP_PROGRESS_DELAY_MS")) delay = std::atol(env);
    if (wake.wait_for(lock, std::chrono::milliseconds(delay), [&] { return stop; })) return;
    while (!stop) {
      draw();
      wake.wait_for(lock, std::chrono::milliseconds(100), [&] { return stop; });
    }
    std::fprintf(stderr, "\r\x1b[K");
    std::fflush(stderr);
  }
};

ProgressDisplay::ProgressDisplay(bool enabled) {
  if (!enabled || !::isatty(STDERR_FILENO)) return;
  worker_ = std::make_unique<Worker>();
  worker_->thread = std::thread([w = worker_.get()] { w->run(); });
}

ProgressDisplay::~ProgressDisplay() {
  if (!worker_) return;
  {
    std::lock_guard lock(worker_->mutex);
    worker_->stop = true;
  }
  worker_->wake.notify_all();
  worker_->thread.join();
}

}  // namespace castmap
