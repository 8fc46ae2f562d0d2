// POSIX implementation of the output writer's file primitives (open/read/write/rename/linkat;
// no iostreams, so a 184,000-file run pays only the system calls it needs).
#include "src/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

#include "src/output_writer.hpp"
#include "src/unique_fd.hpp"

namespace castmap {

std::int64_t mtime_ns_of(const struct stat& status) {
  return static_cast<std::int64_t>(status.st_mtim.tv_sec) * 1'000'000'000 + status.st_mtim.tv_nsec;
}

namespace {

[[noreturn]] void throw_errno(int error) { throw OutputIoError(std::strerror(error)); }

void write_all(int fd, std::string_view bytes) {
  // Linux transfers at most ~2 GiB per call; stay well below.
  constexpr std::size_t kMaxChunk = 1u << 30;
  while (!bytes.empty()) {
    ssize_t written = ::write(fd, bytes.data(), std::min(bytes.size(), kMaxChunk));
    if (written < 0) {
      if (errno == EINTR) continue;
      throw_errno(errno);
    }
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
}

}  // namespace

ExistingFile inspect_file(int folder_fd, const std::string& name) {
  struct stat status {};
  if (::fstatat(folder_fd, name.c_str(), &status, AT_SYMLINK_NOFOLLOW) != 0) {
    if (errno == ENOENT) return {};
    throw_errno(errno);
  }
  ExistingFile existing;
  if (S_ISREG(status.st_mode)) {
    existing.kind = ExistingFile::Kind::regular;
  } else if (S_ISLNK(status.st_mode)) {
    existing.kind = ExistingFile::Kind::symlink;
  } else {
    existing.kind = ExistingFile::Kind::other;
  }
  existing.size = static_cast<std::uint64_t>(status.st_size);
  existing.mtime_ns = mtime_ns_of(status);
  existing.permissions = status.st_mode & 0777;
  return existing;
}

bool file_has_bytes(int folder_fd, const std::string& name, std::string_view bytes) {
  UniqueFd fd(::openat(folder_fd, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd.valid()) return false;
  std::array<char, 64 * 1024> buffer;
  std::string_view remaining = bytes;
  while (true) {
    ssize_t got = ::read(fd.get(), buffer.data(), buffer.size());
    if (got < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    if (got == 0) return remaining.empty();
    const auto count = static_cast<std::size_t>(got);
    if (count > remaining.size() || std::memcmp(buffer.data(), remaining.data(), count) != 0) {
      return false;
    }
    remaining.remove_prefix(count);
  }
}

WrittenFile replace_file_atomically(int folder_fd, const std::string& name, std::string_view bytes,
                                    const std::string& temp_name, mode_t permissions,
                                    bool durable) {
  UniqueFd fd(::openat(folder_fd, temp_name.c_str(),
                       O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666));
  if (!fd.valid()) throw_errno(errno);
  WrittenFile written;
  try {
    if (permissions != 0 && ::fchmod(fd.get(), permissions) != 0) throw_errno(errno);
    write_all(fd.get(), bytes);
    if (durable && ::fsync(fd.get()) != 0) throw_errno(errno);
    struct stat status {};
    if (::fstat(fd.get(), &status) != 0) throw_errno(errno);
    written.size = static_cast<std::uint64_t>(status.st_size);
    written.mtime_ns = mtime_ns_of(status);
    // close() can report deferred write errors (NFS, quotas); a failed close means a bad file.
    if (::close(fd.release()) != 0) throw_errno(errno);
    if (::renameat(folder_fd, temp_name.c_str(), folder_fd, name.c_str()) != 0) throw_errno(errno);
  } catch (...) {
    fd.reset();
    ::unlinkat(folder_fd, temp_name.c_str(), 0);
    throw;
  }
  return written;
}

std::optional<WrittenFile> create_file_atomically(int folder_fd, const std::string& name,
                                                  std::string_view bytes, bool durable) {
  // An unnamed file in the folder; it gets its name only once complete, and a run killed
  // before that leaves nothing behind (the kernel frees it).
  UniqueFd fd(::openat(folder_fd, ".", O_WRONLY | O_TMPFILE | O_CLOEXEC, 0666));
  if (!fd.valid()) {
    // File systems without O_TMPFILE (EOPNOTSUPP, EISDIR on old kernels): the caller's
    // temporary file + rename works everywhere.
    if (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL) return std::nullopt;
    throw_errno(errno);
  }
  write_all(fd.get(), bytes);
  if (durable && ::fsync(fd.get()) != 0) throw_errno(errno);
  struct stat status {};
  if (::fstat(fd.get(), &status) != 0) throw_errno(errno);
  // linkat(AT_EMPTY_PATH) needs CAP_DAC_READ_SEARCH; the /proc/self/fd link does not.
  const std::string self = "/proc/self/fd/" + std::to_string(fd.get());
  if (::linkat(AT_FDCWD, self.c_str(), folder_fd, name.c_str(), AT_SYMLINK_FOLLOW) != 0) {
    // No /proc, or something appeared at `name` since it was inspected: fall back.
    if (errno == ENOENT || errno == EEXIST || errno == EPERM || errno == EXDEV) return std::nullopt;
    throw_errno(errno);
  }
  if (::close(fd.release()) != 0) throw_errno(errno);
  return WrittenFile{static_cast<std::uint64_t>(status.st_size), mtime_ns_of(status)};
}

void remove_file(int folder_fd, const std::string& name) {
  if (::unlinkat(folder_fd, name.c_str(), 0) != 0 && errno != ENOENT) throw_errno(errno);
}

}  // namespace castmap
