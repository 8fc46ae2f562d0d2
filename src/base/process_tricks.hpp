// The process-level tricks castmap plays, in one place, each with its reason. They trade
// generality for speed or safety in a process that runs one export and exits (the CLI); a
// library user or a test does without them (ExportOptions::reclaim_memory).
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>
#include <type_traits>
#include <utility>

namespace castmap {

/// Keeps `object` alive until the process exits. Freeing 100,000 episodes' strings one by one
/// takes over a second, where the kernel reclaims the whole process at once (the trade compilers
/// make, e.g. clang's -disable-free). It stays reachable from a global list, so leak checkers
/// (LeakSanitizer) do not report it.
void retain_until_exit(std::shared_ptr<void> object);

/// Moves `value` into a heap object that is never destroyed (see retain_until_exit). Only for
/// code that knows the process is about to exit: the memory is not given back before.
template <typename T>
void leave_for_process_exit(T&& value) {
  retain_until_exit(std::make_shared<std::decay_t<T>>(std::forward<T>(value)));
}

/// Asks glibc's allocator to grow (and keep) heaps 64 MB at a time from now on (M_TOP_PAD).
/// Decoding 100,000 cached episodes on every core grew each thread's heap in small steps: an
/// mprotect() per step and a page fault per 4 KB page, 0.5 CPU-s of a 2 s re-run. Process-wide,
/// so only for a process that runs one export and exits: a re-run at 100k then takes 1.89-2.03 s
/// instead of 2.00-2.15 s. Not for a cold run, whose peak memory it would raise by ~9 MB. Does
/// nothing outside glibc.
void grow_heaps_in_large_steps();

/// Gives memory freed in worker threads' arenas back to the system (malloc_trim): the main
/// thread cannot reuse it otherwise, and a cold run's memory peaks right after rendering, when
/// the summary and the manifest are built. Does nothing outside glibc.
void return_freed_memory();

/// Guards a read-only mapping of a file: when another program cuts the file short while castmap
/// reads it, the kernel raises SIGBUS at the first access past the new end, which would kill the
/// process without a word. Inside a guarded range the handler prints `message` (one line) and
/// exits with `exit_status` at once (only write() and _exit() are safe in a signal handler);
/// any other SIGBUS goes to the handler that was there before (a sanitizer's) or kills as
/// usual. Returns a slot to pass to unguard_mapping(), or -1 when every slot (64) is taken:
/// the caller then reads the file instead of mapping it.
int guard_mapping(const char* data, std::size_t size, std::string_view message, int exit_status);
void unguard_mapping(int slot);

}  // namespace castmap
