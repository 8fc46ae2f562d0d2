// Safe access to the folders inside the output root: every folder is opened component by
// component with O_NOFOLLOW relative to its parent's descriptor, so a symbolic link inside the
// output folder can never redirect a write elsewhere. Descriptors are cached, folders created
// once, and (when writing) each folder is swept of stale temporary files the first time it is
// opened.
#pragma once

#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "src/base/unique_fd.hpp"
#include "src/output/output_errors.hpp"

namespace castmap {

/// A folder inside the output folder is a symbolic link: castmap refuses to write through it
/// (and treats files below it as no longer its own).
struct FolderIsLinkError : OutputIoError {
  using OutputIoError::OutputIoError;
};

/// Name prefix of the writer's temporary files (`.castmap-tmp-<run token>-<n>`).
inline constexpr std::string_view kTempFilePrefix = ".castmap-tmp-";

/// Created in the output root before a run makes its first temporary file and removed when the
/// run ends cleanly: while it is there, a killed run may have left temporary files, so the next
/// run sweeps its folders (a sweep lists every file, and 184,000 of them cost a warm run
/// 0.1 s it need not spend otherwise).
inline constexpr std::string_view kWritingMarkerName = ".castmap-writing";

/// Thread-safe. Errors throw OutputIoError whose message is the bare reason (the caller adds
/// which file it was writing).
class OutputFolders {
 public:
  /// `root_fd` stays owned by the caller. When `writing`, missing folders are created on
  /// demand and, when `sweep` (a killed run may have left some), stale temporary files (prefix
  /// kTempFilePrefix but not `own_temp_prefix`) are removed from each folder when it is first
  /// opened.
  OutputFolders(int root_fd, bool writing, std::string own_temp_prefix, bool sweep = true);

  /// An open folder; `fd` is -1 when it does not exist (only when not writing).
  struct Handle {
    int fd = -1;
    UniqueFd owned;  ///< set when the descriptor was not cached (too many folders)
    bool exists() const { return fd >= 0; }
  };

  /// Opens "" (the root) or "a/b" (a validated relative folder), creating missing folders when
  /// writing and `create`. Throws FolderIsLinkError when a component is a symbolic link,
  /// OutputIoError when one is not a folder or cannot be opened.
  Handle open(std::string_view folder, bool create);

  /// Removes `folder` and then its parents while they are empty; never the root. Errors stop
  /// the walk silently (a folder that is not empty is simply kept).
  void remove_empty(std::string_view folder);

  /// Records that `folder`'s entries changed (a rename or unlink in it), for sync_changed().
  void mark_changed(std::string_view folder);
  /// fsync()s every folder whose entries changed (including parents of created folders), once
  /// each. Throws OutputIoError naming the folder.
  void sync_changed();

 private:
  Handle open_locked(const std::string& folder, bool create);
  void remove_stale_temp_files(int fd);

  int root_fd_;
  bool writing_;
  bool sweep_;
  std::string own_temp_prefix_;
  std::size_t max_cached_;
  std::mutex mutex_;
  std::unordered_map<std::string, UniqueFd> cache_;
  std::unordered_set<std::string> swept_;
  std::set<std::string> changed_;
};

}  // namespace castmap
