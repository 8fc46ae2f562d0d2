// Reads one content file into memory safely: never blocks on FIFOs or devices swapped in
// after listing, never reads past the size limit.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace castmap {

enum class ReadStatus {
  ok,
  too_large,    ///< larger than the limit (nothing beyond the limit was read)
  not_regular,  ///< not a regular file once opened (FIFO, device, socket, directory)
  failed,       ///< open/read error; see ReadResult::error
};

struct ReadResult {
  ReadStatus status = ReadStatus::failed;
  std::uintmax_t size = 0;    ///< file size as seen by fstat (also set for too_large)
  std::string error;          ///< strerror text for `failed`
  std::int64_t mtime_ns = 0;  ///< modification time as seen by fstat, before reading
};

/// Reads the whole file into `out` (replacing its contents) with one allocation.
ReadResult read_file_limited(const std::string& file, std::uintmax_t max_bytes, std::string& out);

}  // namespace castmap
