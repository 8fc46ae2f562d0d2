// Leaves large, finished structures for the process exit to reclaim instead of freeing them
// piece by piece: the CLI exits right after an export, and freeing 100,000 episodes' strings one
// by one takes over a second, where the kernel reclaims the whole process at once (the same
// trade compilers make, e.g. clang's -disable-free).
#pragma once

#include <memory>
#include <type_traits>
#include <utility>

namespace castmap {

/// Keeps `object` alive until the process exits. It stays reachable from a global list, so
/// leak checkers (LeakSanitizer) do not report it.
void retain_until_exit(std::shared_ptr<void> object);

/// Moves `value` into a heap object that is never destroyed (see retain_until_exit). Only for
/// code that knows the process is about to exit: the memory is not given back before.
template <typename T>
void leave_for_process_exit(T&& value) {
  retain_until_exit(std::make_shared<std::decay_t<T>>(std::forward<T>(value)));
}

}  // namespace castmap
