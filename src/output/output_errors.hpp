// The ways writing an output folder fails for the run as a whole: another run holds the folder
// (exit status 5), the file system refused (exit status 3), or pruning would remove more of the
// published files than allowed (exit status 6).
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

/// Thrown by OutputWriter::finish() when this run would remove more of the files the last run
/// published than WriterOptions::max_remove allows: nothing was removed (exit status 6).
struct PruneRefusedError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace castmap
