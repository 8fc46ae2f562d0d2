// Mapped file bytes (see file_bytes.hpp). Each mapping is guarded (src/base/process_tricks.hpp):
// a file cut short under castmap is reported before the process exits with status 3, as any
// other failed read would be.
#include "src/output/file_bytes.hpp"

#include <fcntl.h>
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

#include "src/base/exit_status.hpp"
#include "src/base/file_stamp.hpp"
#include "src/base/process_tricks.hpp"
#include "src/output/atomic_file.hpp"

namespace castmap {

std::optional<FileBytes> FileBytes::map(int fd, std::size_t size, std::string_view name) {
  if (size == 0) return std::nullopt;
  FileBytes bytes;
  bytes.fd_ = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
  if (bytes.fd_ < 0) return std::nullopt;
  void* address = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  if (address == MAP_FAILED) return std::nullopt;
  bytes.mapped_ = static_cast<const char*>(address);
  bytes.mapped_size_ = size;
  bytes.guard_slot_ = guard_mapping(
      bytes.mapped_, size,
      "castmap: error: '" + std::string(name) +
          "' was cut short by another program while castmap was reading it; the run stopped "
          "(exit status 3) and the next run starts over",
      kExitIo);
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
  if (guard_slot_ >= 0) unguard_mapping(guard_slot_);
  if (mapped_) ::munmap(const_cast<char*>(mapped_), mapped_size_);
  if (fd_ >= 0) ::close(fd_);
  mapped_ = nullptr;
  mapped_size_ = 0;
  guard_slot_ = -1;
  fd_ = -1;
}

}  // namespace castmap
