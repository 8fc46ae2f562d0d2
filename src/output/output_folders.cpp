// openat()-based folder walking for the output writer (see output_folders.hpp).
#include "src/output/output_folders.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "src/output/output_errors.hpp"
#include "src/output/output_path.hpp"

namespace castmap {

namespace {

constexpr int kFolderFlags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;

/// Keep a quarter of the descriptor limit for folders (at most 4096): plenty for the few
/// folders castmap's exporters use, without risking EMFILE for pathological layouts.
std::size_t folder_cache_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return 4096;
  return std::clamp<std::size_t>(limit.rlim_cur / 4, 16, 4096);
}

}  // namespace

OutputFolders::OutputFolders(int root_fd, bool writing, std::string own_temp_prefix, bool sweep)
    : root_fd_(root_fd),
      writing_(writing),
      sweep_(writing && sweep),
      own_temp_prefix_(std::move(own_temp_prefix)),
      max_cached_(folder_cache_limit()) {}

OutputFolders::Handle OutputFolders::open(std::string_view folder, bool create) {
  std::lock_guard lock(mutex_);
  return open_locked(std::string(folder), create && writing_);
}

OutputFolders::Handle OutputFolders::open_locked(const std::string& folder, bool create) {
  if (folder.empty()) {
    if (sweep_ && swept_.insert(folder).second) remove_stale_temp_files(root_fd_);
    return {root_fd_, {}};
  }
  if (auto cached = cache_.find(folder); cached != cache_.end()) return {cached->second.get(), {}};

  Handle parent = open_locked(std::string(parent_folder(folder)), create);
  if (!parent.exists()) return {};
  const std::string name(split_output_path(folder).name);
  UniqueFd fd(::openat(parent.fd, name.c_str(), kFolderFlags));
  if (!fd.valid() && errno == ENOENT && create) {
    if (::mkdirat(parent.fd, name.c_str(), 0777) == 0) {
      changed_.insert(std::string(parent_folder(folder)));
    } else if (errno != EEXIST) {
      throw OutputIoError(std::strerror(errno));
    }
    fd.reset(::openat(parent.fd, name.c_str(), kFolderFlags));
  }
  if (!fd.valid()) {
    const int error = errno;
    if (error == ENOENT) return {};  // not creating: the caller treats its files as missing
    struct stat status {};
    if ((error == ELOOP || error == ENOTDIR) &&
        ::fstatat(parent.fd, name.c_str(), &status, AT_SYMLINK_NOFOLLOW) == 0) {
      if (S_ISLNK(status.st_mode)) {
        throw FolderIsLinkError("folder '" + folder +
                                "' is a symbolic link (castmap never writes through links)");
      }
      throw OutputIoError("'" + folder + "' exists and is not a folder");
    }
    throw OutputIoError(std::strerror(error));
  }
  if (sweep_ && swept_.insert(folder).second) remove_stale_temp_files(fd.get());
  if (cache_.size() < max_cached_) {
    int raw = fd.get();
    cache_.emplace(folder, std::move(fd));
    return {raw, {}};
  }
  int raw = fd.get();
  return {raw, std::move(fd)};
}

void OutputFolders::remove_stale_temp_files(int fd) {
  // Best effort: a temp file that cannot be removed now is retried by the next run.
  int listing_fd = ::dup(fd);
  if (listing_fd < 0) return;
  DIR* listing = ::fdopendir(listing_fd);
  if (listing == nullptr) {
    ::close(listing_fd);
    return;
  }
  while (const dirent* entry = ::readdir(listing)) {
    std::string_view name = entry->d_name;
    if (!name.starts_with(kTempFilePrefix) || name.starts_with(own_temp_prefix_)) continue;
    if (entry->d_type == DT_DIR) continue;
    ::unlinkat(fd, entry->d_name, 0);  // fails harmlessly on a folder with DT_UNKNOWN
  }
  ::closedir(listing);
}

void OutputFolders::remove_empty(std::string_view folder_view) {
  std::lock_guard lock(mutex_);
  std::string folder(folder_view);
  while (!folder.empty()) {
    std::string parent(parent_folder(folder));
    Handle parent_handle;
    try {
      parent_handle = open_locked(parent, false);
    } catch (const OutputIoError&) {
      return;
    }
    if (!parent_handle.exists()) return;
    const std::string name(split_output_path(folder).name);
    if (::unlinkat(parent_handle.fd, name.c_str(), AT_REMOVEDIR) != 0) return;
    cache_.erase(folder);
    changed_.erase(folder);
    changed_.insert(parent);
    folder = std::move(parent);
  }
}

void OutputFolders::mark_changed(std::string_view folder) {
  std::lock_guard lock(mutex_);
  changed_.emplace(folder);
}

void OutputFolders::sync_changed() {
  std::lock_guard lock(mutex_);
  // Deepest folders first, so a new folder's own entries are durable before its parent's entry
  // naming it.
  for (auto it = changed_.rbegin(); it != changed_.rend(); ++it) {
    Handle handle = open_locked(*it, false);
    if (handle.exists() && ::fsync(handle.fd) != 0) {
      throw OutputIoError("cannot sync folder '" + (it->empty() ? std::string(".") : *it) +
                          "': " + std::strerror(errno));
    }
  }
  changed_.clear();
}

}  // namespace castmap
