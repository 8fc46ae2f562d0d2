// The per-folder run lock: flock() on `<output>/.castmap.lock`, so two castmap runs (cron
// overlaps, parallel CI jobs) never write the same output folder at once.
#pragma once

#include <filesystem>
#include <string_view>

#include "src/base/unique_fd.hpp"

namespace castmap {

inline constexpr std::string_view kLockFileName = ".castmap.lock";

enum class LockKind {
  exclusive,  ///< a writing run; creates the lock file
  shared,     ///< a checking run; many may hold it, none while a writer does
};

/// Takes the lock on the output folder open as `root_fd` (`folder` is only used in messages).
/// The returned descriptor holds the lock until it is closed. With `wait`, blocks until the
/// other run ends; otherwise throws OutputLockedError naming the folder. A shared lock is
/// skipped (invalid fd returned) when the lock file does not exist, since a checking run
/// never creates files. Other failures throw OutputIoError.
UniqueFd lock_output_folder(int root_fd, const std::filesystem::path& folder, LockKind kind,
                            bool wait);

}  // namespace castmap
