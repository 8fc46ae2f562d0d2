// The JSON run report (--report FILE) and the one-line human summary printed after every run.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "src/app/export_pipeline.hpp"
#include "src/model/diagnostics.hpp"

namespace castmap {

struct RunTimes {
  std::chrono::system_clock::time_point started;
  std::chrono::system_clock::time_point ended;
};

/// The report as JSON text: version, start/end time, duration, the shard (under --shard),
/// counts (episodes loaded and rejected, files per exporter), phases, every diagnostic.
std::string render_run_report(const ExportResult& result,
                              const std::vector<Diagnostic>& diagnostics, const RunTimes& times);

/// Writes the report to `path`: a regular file (or a new one) is replaced atomically, so a
/// scheduler never reads half of it; anything else that exists there (a device such as
/// /dev/stdout, a FIFO) is written in place, never renamed over. Returns an empty string, or
/// the failure naming the file ("cannot write report '/dev/full': No space left on device").
std::string write_run_report(const std::string& path, std::string_view bytes);

/// `castmap: 311 episodes (0 rejected) -> 579 files: 3 created, 1 changed, 575 unchanged,
/// 0 removed; 0 errors, 12 warnings; 0.41 s` (`castmap (shard 2 of 8): ...` under --shard)
std::string summary_line(const ExportResult& result, std::size_t errors, std::size_t warnings,
                         double seconds, bool check_mode);

}  // namespace castmap
