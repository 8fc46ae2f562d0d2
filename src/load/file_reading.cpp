// POSIX file reading: open with O_NONBLOCK so a FIFO can never hang the loader, check the type
// and size on the open descriptor (no race with the listing), then read in one buffer.
#include "src/load/file_reading.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "src/base/file_stamp.hpp"
#include "src/base/unique_fd.hpp"

namespace castmap {

namespace {

ReadResult failure(int error) {
  ReadResult result;
  result.status = ReadStatus::failed;
  result.error = std::strerror(error);
  return result;
}

}  // namespace

ReadResult read_file_limited(const std::string& file, std::uintmax_t max_bytes, std::string& out) {
  out.clear();
  UniqueFd fd(::open(file.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
  if (fd.get() < 0) return failure(errno);
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) return failure(errno);
  ReadResult result;
  if (!S_ISREG(info.st_mode)) {
    result.status = ReadStatus::not_regular;
    return result;
  }
  result.size = static_cast<std::uintmax_t>(info.st_size);
  result.mtime_ns = mtime_ns_of(info);
  if (result.size > max_bytes) {
    result.status = ReadStatus::too_large;
    return result;
  }
  // One extra byte detects a file that grew past the limit since fstat.
  out.resize(static_cast<std::size_t>(result.size) + 1);
  std::size_t filled = 0;
  while (filled < out.size()) {
    ssize_t got = ::read(fd.get(), out.data() + filled, out.size() - filled);
    if (got < 0) {
      if (errno == EINTR) continue;
      int error = errno;
      out.clear();
      return failure(error);
    }
    if (got == 0) break;
    filled += static_cast<std::size_t>(got);
    if (filled > max_bytes) {
      out.clear();
      result.size = filled;
      result.status = ReadStatus::too_large;
      return result;
    }
    if (filled == out.size()) out.resize(out.size() + 4096);  // the file is growing
  }
  out.resize(filled);
  result.size = filled;
  result.status = ReadStatus::ok;
  return result;
}

}  // namespace castmap
