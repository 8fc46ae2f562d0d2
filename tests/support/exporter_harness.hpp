// Test harness for exporters: runs one exporter over an in-memory catalog and captures the
// files it emits and the diagnostics it reports, without touching the file system.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "exporters/exporter.hpp"
#include "src/base/parallel.hpp"

namespace castmap::testing {

/// Thread-safe OutputSink that keeps every emitted file in memory, keyed by path.
class CaptureSink final : public OutputSink {
 public:
  void emit(std::string path, std::string bytes) override {
    std::lock_guard lock(mutex_);
    files_[std::move(path)] = std::move(bytes);
  }
  const std::map<std::string, std::string>& files() const { return files_; }

 private:
  std::mutex mutex_;
  std::map<std::string, std::string> files_;
};

/// What one run produced.
struct ExportRun {
  std::map<std::string, std::string> files;
  std::vector<Diagnostic> diagnostics;  ///< sorted

  /// The diagnostics with this code.
  std::vector<Diagnostic> with_code(const std::string& code) const {
    std::vector<Diagnostic> found;
    for (const auto& d : diagnostics)
      if (d.code == code) found.push_back(d);
    return found;
  }
};

/// Renders `exporter` with the real parallel_for (so races show up under the sanitizers).
inline ExportRun run_exporter(const Exporter& exporter, Catalog catalog, const Config& config) {
  catalog.index();
  DiagnosticSink diagnostics;
  CaptureSink sink;
  ExportContext ctx{
      catalog, config, diagnostics,
      [](std::size_t n, const std::function<void(std::size_t)>& fn) { parallel_for(n, fn); }};
  exporter.render(ctx, sink);
  return {sink.files(), diagnostics.sorted()};
}

}  // namespace castmap::testing
