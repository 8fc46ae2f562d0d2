// build_identity(): stat of /proc/self/exe. Cheaper than hashing the binary and enough:
// installing or rebuilding castmap replaces the file, which changes its mtime.
#include "src/incremental/build_identity.hpp"

#include <sys/stat.h>

#include "src/base/file_stamp.hpp"

namespace castmap {

std::uint64_t build_identity() {
  static const std::uint64_t identity = []() -> std::uint64_t {
    struct stat status {};
    if (::stat("/proc/self/exe", &status) != 0) return 0;
    const auto mtime_ns = static_cast<std::uint64_t>(mtime_ns_of(status));
    // A simple mix: the value only has to differ between builds, not be uniformly spread.
    return (mtime_ns * 0x9E3779B97F4A7C15ULL) ^ static_cast<std::uint64_t>(status.st_size) ^
           static_cast<std::uint64_t>(status.st_ino) << 17;
  }();
  return identity;
}

}  // namespace castmap
