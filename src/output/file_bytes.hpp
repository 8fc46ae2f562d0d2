// The bytes of a file read whole (castmap's state files, the old outputs fragments are recalled
// from): large files are mapped read-only instead of copied, small ones held as a string. A
// mapped file that another program cuts short while castmap reads it would kill the process with
// SIGBUS; the mapping guard turns that into a message and exit status 3 (docs/output.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace castmap {

class FileBytes {
 public:
  FileBytes() = default;
  explicit FileBytes(std::string bytes) : owned_(std::move(bytes)) {}
  ~FileBytes();
  FileBytes(FileBytes&& other) noexcept;
  FileBytes& operator=(FileBytes&& other) noexcept;
  FileBytes(const FileBytes&) = delete;
  FileBytes& operator=(const FileBytes&) = delete;

  /// Maps the first `size` bytes of the open file `fd` (a regular file) read-only, its pages
  /// taken from the page cache at once; nullopt when the system cannot map it (the caller then
  /// reads it). `name` is what the guard's message calls the file. A mapping does not copy
  /// (reading 730 MB of cache and old outputs after one edit at 100k cost 0.5 CPU-s, mapping
  /// them 0.04 s). Also nullopt when the file no longer has `size` bytes.
  static std::optional<FileBytes> map(int fd, std::size_t size, std::string_view name);

  std::string_view view() const {
    return mapped_ ? std::string_view(mapped_, mapped_size_) : std::string_view(owned_);
  }
  bool is_mapped() const { return mapped_ != nullptr; }
  /// False when the mapped file was written to since it was mapped (its size or mtime moved):
  /// a mapping shows such writes, so bytes taken from it then may not be the file's as checked.
  /// Always true for bytes held in memory, which are a copy.
  bool still_as_mapped() const;

 private:
  void release();

  std::string owned_;
  const char* mapped_ = nullptr;
  std::size_t mapped_size_ = 0;
  int guard_slot_ = -1;  ///< the mapping guard's slot for this mapping
  int fd_ = -1;          ///< the mapped file, kept open to look at it again
  std::int64_t mapped_mtime_ns_ = 0;
};

}  // namespace castmap
