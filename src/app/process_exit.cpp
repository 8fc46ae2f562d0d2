// The global list behind leave_for_process_exit().
#include "src/app/process_exit.hpp"

#include <mutex>
#include <vector>

namespace castmap {

void retain_until_exit(std::shared_ptr<void> object) {
  static std::mutex mutex;
  // Allocated and never destroyed, so not even the exit handlers free what it holds; the static
  // pointer keeps everything reachable for leak checkers.
  static auto* retained = new std::vector<std::shared_ptr<void>>();
  std::lock_guard lock(mutex);
  retained->push_back(std::move(object));
}

}  // namespace castmap
