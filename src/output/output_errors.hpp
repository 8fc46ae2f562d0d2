// The two ways writing an output folder fails for the run as a whole: another run holds the
// folder (exit status 5), or the file system refused (exit status 3).
#pragma once

#include <stdexcept>

namespace castmap {

/// Thrown when the output folder is locked by another run (exit status 5).
struct OutputLockedError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Thrown for file-system failures (exit status 3). The message names the path and the reason.
struct OutputIoError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace castmap
