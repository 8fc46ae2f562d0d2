// FileStamp: an input file's size and modification time, taken once when the content is listed
// and used by both the unchanged-run check and the parse cache.
#pragma once

#include <sys/stat.h>

#include <cstdint>

namespace castmap {

/// Size and modification time (st_mtim in nanoseconds) of an input file; all zero when it
/// could not be inspected.
struct FileStamp {
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  bool operator==(const FileStamp&) const = default;
};

/// A stat() result's modification time in nanoseconds since the epoch (the unit of stamps,
/// manifests, caches and run states).
inline std::int64_t mtime_ns_of(const struct stat& status) {
  return static_cast<std::int64_t>(status.st_mtim.tv_sec) * 1'000'000'000 + status.st_mtim.tv_nsec;
}

}  // namespace castmap
