// The process-level tricks (process_tricks.hpp): the retained-objects list, glibc allocator
// settings, and the SIGBUS guard's fixed table of mapped ranges, which the signal handler reads
// lock-free.
#include "src/base/process_tricks.hpp"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace castmap {

void retain_until_exit(std::shared_ptr<void> object) {
  static std::mutex mutex;
  // Allocated and never destroyed, so not even the exit handlers free what it holds; the static
  // pointer keeps everything reachable for leak checkers.
  static auto* retained = new std::vector<std::shared_ptr<void>>();
  std::lock_guard lock(mutex);
  retained->push_back(std::move(object));
}

void grow_heaps_in_large_steps() {
#if defined(__GLIBC__)
  constexpr int kHeapStepBytes = 64 << 20;
  ::mallopt(M_TOP_PAD, kHeapStepBytes);
#endif
}

void return_freed_memory() {
#if defined(__GLIBC__)
  ::malloc_trim(0);
#endif
}

namespace {

struct GuardSlot {
  std::atomic<std::uintptr_t> begin{0};  ///< 0: free
  std::atomic<std::uintptr_t> end{0};    ///< 0 while being filled in or released
  int exit_status = 0;
  char message[512] = {};
};
// More mappings than slots (a catalog with thousands of re-rendered feeds) are read instead.
constexpr std::size_t kGuardSlots = 64;
std::array<GuardSlot, kGuardSlots> guard_slots;
struct sigaction previous_bus_action {};
std::once_flag guard_installed;

void on_bus_error(int signal, siginfo_t* info, void* context) {
  const auto address = reinterpret_cast<std::uintptr_t>(info->si_addr);
  for (GuardSlot& slot : guard_slots) {
    const std::uintptr_t begin = slot.begin.load(std::memory_order_acquire);
    const std::uintptr_t end = slot.end.load(std::memory_order_acquire);
    if (begin != 0 && end != 0 && address >= begin && address < end) {
      // Only async-signal-safe calls from here: write() and _exit().
      const std::size_t length = ::strnlen(slot.message, sizeof slot.message);
      [[maybe_unused]] const ssize_t written = ::write(STDERR_FILENO, slot.message, length);
      ::_exit(slot.exit_status);
    }
  }
  if (previous_bus_action.sa_flags & SA_SIGINFO) {
    if (previous_bus_action.sa_sigaction)
      return previous_bus_action.sa_sigaction(signal, info, context);
  } else if (previous_bus_action.sa_handler != SIG_DFL &&
             previous_bus_action.sa_handler != SIG_IGN) {
    return previous_bus_action.sa_handler(signal);
  }
  // Not ours: die of it as without the guard (the faulting access runs again).
  ::signal(SIGBUS, SIG_DFL);
}

void install_guard() {
  struct sigaction action {};
  action.sa_sigaction = on_bus_error;
  action.sa_flags = SA_SIGINFO;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGBUS, &action, &previous_bus_action);
}

}  // namespace

int guard_mapping(const char* data, std::size_t size, std::string_view message, int exit_status) {
  std::call_once(guard_installed, install_guard);
  for (std::size_t i = 0; i < guard_slots.size(); ++i) {
    GuardSlot& slot = guard_slots[i];
    std::uintptr_t free_slot = 0;
    // Claimed with a placeholder begin (1), so the handler ignores it until `end` is set.
    if (!slot.begin.compare_exchange_strong(free_slot, 1, std::memory_order_acq_rel)) continue;
    const std::size_t length = std::min(message.size(), sizeof slot.message - 2);
    std::memcpy(slot.message, message.data(), length);
    slot.message[length] = '\n';
    slot.message[length + 1] = '\0';
    slot.exit_status = exit_status;
    slot.begin.store(reinterpret_cast<std::uintptr_t>(data), std::memory_order_release);
    slot.end.store(reinterpret_cast<std::uintptr_t>(data) + size, std::memory_order_release);
    return static_cast<int>(i);
  }
  return -1;
}

void unguard_mapping(int slot_index) {
  GuardSlot& slot = guard_slots[static_cast<std::size_t>(slot_index)];
  slot.end.store(0, std::memory_order_release);
  slot.begin.store(0, std::memory_order_release);
}

}  // namespace castmap
