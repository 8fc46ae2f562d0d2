// flock()-based output folder lock. flock locks belong to the open file description, so the
// lock is released by the kernel however the process ends (even kill -9): no stale lock files.
#include "src/output/output_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "src/output/output_errors.hpp"

namespace castmap {

UniqueFd lock_output_folder(int root_fd, const std::filesystem::path& folder, LockKind kind,
                            bool wait) {
  const std::string name(kLockFileName);
  const int flags = O_CLOEXEC | O_NOFOLLOW;
  UniqueFd fd;
  if (kind == LockKind::exclusive) {
    fd.reset(::openat(root_fd, name.c_str(), O_RDWR | O_CREAT | flags, 0666));
    // A read-only mount still allows locking an existing lock file; the writes will then fail
    // with a precise message instead.
    if (!fd.valid() && errno == EROFS) {
      fd.reset(::openat(root_fd, name.c_str(), O_RDONLY | flags));
      if (!fd.valid()) errno = EROFS;  // the reason worth reporting
    }
  } else {
    fd.reset(::openat(root_fd, name.c_str(), O_RDONLY | flags));
    if (!fd.valid() && errno == ENOENT) return {};  // no run ever wrote here
  }
  if (!fd.valid()) {
    throw OutputIoError("cannot open lock file '" + (folder / name).string() +
                        "': " + std::strerror(errno));
  }
  const int operation = kind == LockKind::exclusive ? LOCK_EX : LOCK_SH;
  while (::flock(fd.get(), operation | (wait ? 0 : LOCK_NB)) != 0) {
    if (errno == EINTR) continue;
    if (errno == EWOULDBLOCK) {
      throw OutputLockedError("output folder '" + folder.string() +
                              "' is in use by another castmap run (lock file '" + name +
                              "'); try again later or pass --wait-lock to wait for it");
    }
    throw OutputIoError("cannot lock '" + (folder / name).string() + "': " + std::strerror(errno));
  }
  return fd;
}

}  // namespace castmap
