// The process exit statuses, one table (also in README.md, "Exit statuses").
#pragma once

namespace castmap {

enum ExitStatus : int {
  kExitOk = 0,             ///< success; warnings allowed
  kExitContentErrors = 1,  ///< at least one error in the content (other episodes were exported)
  kExitUsage = 2,          ///< bad command line or configuration
  kExitIo = 3,             ///< reading or writing failed (disk full, permissions, ...)
  kExitStale = 4,          ///< --check found outputs that are not up to date
  kExitLocked = 5,         ///< the output folder is locked by another run
  kExitPruneRefused = 6,   ///< the run would remove too much of the published site
};

}  // namespace castmap
