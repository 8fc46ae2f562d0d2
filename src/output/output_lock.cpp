// flock()-based output folder lock. flock locks belong to the open file description, so the
// lock is released by the kernel however the process ends (even kill -9): no stale lock files.
#include "src/output/output_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "src/output/atomic_file.hpp"
#include "src/output/output_errors.hpp"

namespace castmap {

UniqueFd lock_output_folder(int root_fd, const std::filesystem::path& folder, LockKind kind,
                            bool wait) {
  const std::string name(kLockFileName);
  const std::string shown = (folder / name).string();
  UniqueFd fd;
  if (kind == LockKind::exclusive) {
    try {
      fd = open_own_file(root_fd, name, shown, O_RDWR | O_CREAT, false);
    } catch (const OutputIoError&) {
      // A read-only mount still allows locking an existing lock file; the writes will then fail
      // with a precise message instead.
      if (errno != EROFS) throw;
      fd = open_own_file(root_fd, name, shown, O_RDONLY, true);
      if (!fd.valid()) throw;  // none to lock: the read-only mount is the reason
    }
  } else {
    fd = open_own_file(root_fd, name, shown, O_RDONLY, true);
    if (!fd.valid()) return {};  // no run ever wrote here
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
