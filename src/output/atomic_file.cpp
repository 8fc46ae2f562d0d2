// POSIX implementation of the output writer's file primitives (open/read/write/rename/linkat;
// no iostreams, so a 184,000-file run pays only the system calls it needs).
#include "src/output/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <utility>
#include <vector>

#include "src/base/content_hash.hpp"
#include "src/base/unique_fd.hpp"
#include "src/output/output_errors.hpp"

namespace castmap {

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

/// Whether linkat(AT_EMPTY_PATH) may still work in this process: it needs CAP_DAC_READ_SEARCH
/// (root in a container usually has it), and once refused it is not tried again.
std::atomic<bool> descriptor_links_allowed{true};
std::atomic<bool> descriptor_links_worked{false};

/// Links the unnamed file `fd` in as `name` by its descriptor, without the /proc/self/fd path
/// walk: creating a 4 KB file on tmpfs costs about 15 % less kernel time this way (a first
/// export creates 184,000). Returns false when the link must be made through /proc: not
/// allowed here, or `name` exists (that link then fails too, and the caller falls back).
bool link_by_descriptor(int fd, int folder_fd, const std::string& name) {
  if (!descriptor_links_allowed.load(std::memory_order_relaxed)) return false;
  if (::linkat(fd, "", folder_fd, name.c_str(), AT_EMPTY_PATH) == 0) {
    descriptor_links_worked.store(true, std::memory_order_relaxed);
    return true;
  }
  // Without the capability the kernel answers ENOENT (EPERM on some kernels).
  if (errno == ENOENT || errno == EPERM || errno == EINVAL)
    descriptor_links_allowed.store(false, std::memory_order_relaxed);
  return false;
}

}  // namespace

void allow_descriptor_links(bool allowed) { descriptor_links_allowed.store(allowed); }
bool descriptor_links_used() { return descriptor_links_worked.load(); }

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

namespace {
/// What a stat() says is at a name, for messages.
const char* kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  return "not a regular file";
}
}  // namespace

UniqueFd open_regular_for_reading(int folder_fd, const std::string& name) {
  UniqueFd fd(::openat(folder_fd, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK));
  if (!fd.valid()) return fd;
  struct stat status {};
  if (::fstat(fd.get(), &status) != 0) return UniqueFd();
  if (!S_ISREG(status.st_mode)) {
    errno = EINVAL;
    return UniqueFd();
  }
  return fd;
}

UniqueFd open_own_file(int folder_fd, const std::string& name, const std::string& shown, int flags,
                       bool missing_ok) {
  // O_NONBLOCK: opening a FIFO for reading would wait for a writer (and for writing, for a
  // reader); a regular file ignores the flag.
  UniqueFd fd(::openat(folder_fd, name.c_str(), flags | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0666));
  if (!fd.valid()) {
    if (errno == ENOENT && missing_ok) return fd;
    const int error = errno;
    struct stat status {};
    const bool odd = ::fstatat(folder_fd, name.c_str(), &status, AT_SYMLINK_NOFOLLOW) == 0 &&
                     !S_ISREG(status.st_mode);
    std::string message =
        odd ? "'" + shown + "' is " +
                  (S_ISLNK(status.st_mode) ? "a symbolic link" : kind_of(status.st_mode)) +
                  ", not castmap's file; move it away"
            : "cannot open '" + shown + "': " + std::strerror(error);
    errno = error;  // for callers that try again on some reasons (a read-only mount)
    throw OutputIoError(message);
  }
  struct stat status {};
  if (::fstat(fd.get(), &status) != 0)
    throw OutputIoError("cannot inspect '" + shown + "': " + std::strerror(errno));
  if (!S_ISREG(status.st_mode))
    throw OutputIoError("'" + shown + "' is " + kind_of(status.st_mode) +
                        ", not castmap's file; move it away");
  // Reads and writes of a regular file block as they should.
  ::fcntl(fd.get(), F_SETFL, ::fcntl(fd.get(), F_GETFL) & ~O_NONBLOCK);
  return fd;
}

FileComparison::FileComparison(int folder_fd, const std::string& name)
    : fd_(open_regular_for_reading(folder_fd, name).release()) {}

FileComparison::~FileComparison() {
  if (fd_ >= 0) ::close(fd_);
}

void FileComparison::compare(std::string_view bytes) {
  std::array<char, 64 * 1024> buffer;
  while (fd_ >= 0 && !bytes.empty()) {
    ssize_t got = ::read(fd_, buffer.data(), std::min(buffer.size(), bytes.size()));
    if (got < 0 && errno == EINTR) continue;
    const bool differs =
        got <= 0 || std::memcmp(buffer.data(), bytes.data(), static_cast<std::size_t>(got)) != 0;
    if (differs) {
      ::close(fd_);
      fd_ = -1;
      return;
    }
    bytes.remove_prefix(static_cast<std::size_t>(got));
  }
}

bool FileComparison::same() {
  char extra;
  while (fd_ >= 0) {
    ssize_t got = ::read(fd_, &extra, 1);
    if (got < 0 && errno == EINTR) continue;
    return got == 0;
  }
  return false;
}

bool file_has_bytes(int folder_fd, const std::string& name, std::string_view bytes) {
  FileComparison comparison(folder_fd, name);
  comparison.compare(bytes);
  return comparison.same();
}

TemporaryFile::TemporaryFile(int folder_fd, std::string temp_name, mode_t permissions)
    : folder_fd_(folder_fd), temp_name_(std::move(temp_name)) {
  fd_ = ::openat(folder_fd_, temp_name_.c_str(),
                 O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
  if (fd_ < 0) throw_errno(errno);
  if (permissions != 0 && ::fchmod(fd_, permissions) != 0) {
    const int error = errno;
    ::close(fd_);
    ::unlinkat(folder_fd_, temp_name_.c_str(), 0);
    throw_errno(error);
  }
}

TemporaryFile::~TemporaryFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_) ::unlinkat(folder_fd_, temp_name_.c_str(), 0);
}

void TemporaryFile::write(std::string_view bytes) { write_all(fd_, bytes); }

std::optional<std::uint64_t> TemporaryFile::append_start_of(int folder_fd, const std::string& name,
                                                            std::uint64_t size) {
  UniqueFd from = open_regular_for_reading(folder_fd, name);
  if (!from.valid()) return std::nullopt;
  ContentHasher hasher;
  std::vector<char> buffer(std::min<std::uint64_t>(size, 1u << 20));
  for (std::uint64_t copied = 0; copied < size;) {
    const std::size_t want =
        static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), size - copied));
    const ssize_t got = ::pread(from.get(), buffer.data(), want, static_cast<off_t>(copied));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return std::nullopt;
    const std::string_view piece(buffer.data(), static_cast<std::size_t>(got));
    hasher.update(piece);
    write_all(fd_, piece);
    copied += piece.size();
  }
  return hasher.value();
}

WrittenFile TemporaryFile::commit(const std::string& name, bool durable) {
  if (durable && ::fsync(fd_) != 0) throw_errno(errno);
  struct stat status {};
  if (::fstat(fd_, &status) != 0) throw_errno(errno);
  // close() can report deferred write errors (NFS, quotas); a failed close means a bad file.
  const int fd = std::exchange(fd_, -1);
  if (::close(fd) != 0) throw_errno(errno);
  if (::renameat(folder_fd_, temp_name_.c_str(), folder_fd_, name.c_str()) != 0) throw_errno(errno);
  committed_ = true;
  return WrittenFile{static_cast<std::uint64_t>(status.st_size), mtime_ns_of(status)};
}

WrittenFile replace_file_atomically(int folder_fd, const std::string& name, std::string_view bytes,
                                    const std::string& temp_name, mode_t permissions,
                                    bool durable) {
  TemporaryFile temp(folder_fd, temp_name, permissions);
  temp.write(bytes);
  return temp.commit(name, durable);
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
  if (!link_by_descriptor(fd.get(), folder_fd, name)) {
    // linkat(AT_EMPTY_PATH) needs CAP_DAC_READ_SEARCH; the /proc/self/fd link does not.
    const std::string self = "/proc/self/fd/" + std::to_string(fd.get());
    if (::linkat(AT_FDCWD, self.c_str(), folder_fd, name.c_str(), AT_SYMLINK_FOLLOW) != 0) {
      // No /proc, or something appeared at `name` since it was inspected: fall back.
      if (errno == ENOENT || errno == EEXIST || errno == EPERM || errno == EXDEV)
        return std::nullopt;
      throw_errno(errno);
    }
  }
  if (::close(fd.release()) != 0) throw_errno(errno);
  return WrittenFile{static_cast<std::uint64_t>(status.st_size), mtime_ns_of(status)};
}

void remove_file(int folder_fd, const std::string& name) {
  if (::unlinkat(folder_fd, name.c_str(), 0) != 0 && errno != ENOENT) throw_errno(errno);
}

}  // namespace castmap
