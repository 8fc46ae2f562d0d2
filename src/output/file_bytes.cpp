// Mapped file bytes and the SIGBUS guard for them (see file_bytes.hpp). The guard is a fixed table
// of mapped address ranges, read lock-free by the signal handler: a fault inside one of them
// means the file was cut short under castmap, which is reported before the process exits with
// status 3, as any other failed read would be. Any other SIGBUS goes to the handler that was
// there before (a sanitizer's) or kills the process as usual.
#include "src/output/file_bytes.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <utility>

#include "src/app/exit_status.hpp"
#include "src/output/atomic_file.hpp"

namespace castmap {
namespace {

struct GuardSlot {
  std::atomic<std::uintptr_t> begin{0};  ///< 0: free
  std::atomic<std::uintptr_t> end{0};    ///< 0 while being filled in or released
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
      ::_exit(kExitIo);
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

/// A slot guarding [data, data + size), or -1 when all are taken.
int guard(const char* data, std::size_t size, std::string_view name) {
  std::call_once(guard_installed, install_guard);
  for (std::size_t i = 0; i < guard_slots.size(); ++i) {
    GuardSlot& slot = guard_slots[i];
    std::uintptr_t free_slot = 0;
    // Claimed with a placeholder begin (1), so the handler ignores it until `end` is set.
    if (!slot.begin.compare_exchange_strong(free_slot, 1, std::memory_order_acq_rel)) continue;
    std::string message = "castmap: error: '" + std::string(name) +
                          "' was cut short by another program while castmap was reading it; "
                          "the run stopped (exit status 3) and the next run starts over\n";
    message.resize(std::min(message.size(), sizeof slot.message - 1));
    std::memcpy(slot.message, message.c_str(), message.size() + 1);
    slot.begin.store(reinterpret_cast<std::uintptr_t>(data), std::memory_order_release);
    slot.end.store(reinterpret_cast<std::uintptr_t>(data) + size, std::memory_order_release);
    return static_cast<int>(i);
  }
  return -1;
}

void unguard(int slot_index) {
  GuardSlot& slot = guard_slots[static_cast<std::size_t>(slot_index)];
  slot.end.store(0, std::memory_order_release);
  slot.begin.store(0, std::memory_order_release);
}

}  // namespace

std::optional<FileBytes> FileBytes::map(int fd, std::size_t size, std::string_view name) {
  if (size == 0) return std::nullopt;
  FileBytes bytes;
  bytes.fd_ = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
  if (bytes.fd_ < 0) return std::nullopt;
  void* address = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  if (address == MAP_FAILED) return std::nullopt;
  bytes.mapped_ = static_cast<const char*>(address);
  bytes.mapped_size_ = size;
  bytes.guard_slot_ = guard(bytes.mapped_, size, name);
  // Unguarded (all slots taken), a cut-short file would kill the process: read it instead.
  if (bytes.guard_slot_ < 0) return std::nullopt;
  struct stat status {};
  if (::fstat(bytes.fd_, &status) != 0 || static_cast<std::size_t>(status.st_size) != size)
    return std::nullopt;  // changed since the caller looked at it
  bytes.mapped_mtime_ns_ = mtime_ns_of(status);
  return bytes;
}

bool FileBytes::still_as_mapped() const {
  if (!mapped_) return true;
  struct stat status {};
  return ::fstat(fd_, &status) == 0 && static_cast<std::size_t>(status.st_size) == mapped_size_ &&
         mtime_ns_of(status) == mapped_mtime_ns_;
}

FileBytes::~FileBytes() { release(); }

FileBytes::FileBytes(FileBytes&& other) noexcept
    : owned_(std::move(other.owned_)),
      mapped_(std::exchange(other.mapped_, nullptr)),
      mapped_size_(std::exchange(other.mapped_size_, 0)),
      guard_slot_(std::exchange(other.guard_slot_, -1)),
      fd_(std::exchange(other.fd_, -1)),
      mapped_mtime_ns_(other.mapped_mtime_ns_) {}

FileBytes& FileBytes::operator=(FileBytes&& other) noexcept {
  if (this != &other) {
    release();
    owned_ = std::move(other.owned_);
    mapped_ = std::exchange(other.mapped_, nullptr);
    mapped_size_ = std::exchange(other.mapped_size_, 0);
    guard_slot_ = std::exchange(other.guard_slot_, -1);
    fd_ = std::exchange(other.fd_, -1);
    mapped_mtime_ns_ = other.mapped_mtime_ns_;
  }
  return *this;
}

void FileBytes::release() {
  // Unguarded first: once unmapped, the range may be reused by another mapping.
  if (guard_slot_ >= 0) unguard(guard_slot_);
  if (mapped_) ::munmap(const_cast<char*>(mapped_), mapped_size_);
  if (fd_ >= 0) ::close(fd_);
  mapped_ = nullptr;
  mapped_size_ = 0;
  guard_slot_ = -1;
  fd_ = -1;
}

}  // namespace castmap
