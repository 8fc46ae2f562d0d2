// Test harness for exporters: runs exporters over an in-memory catalog through the real
// renderer (src/incremental) into memory, and captures the files and the diagnostics, without
// touching the file system. One harness for every exporter test.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "exporters/exporter.hpp"
#include "exporters/registry.hpp"
#include "src/incremental/renderer.hpp"
#include "src/output/output_target.hpp"

namespace castmap::testing {

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

/// Renders `exporter` into `out` (on all cores, so races show up under the sanitizers), the site
/// publishing the formats config.exporters names (every format when empty).
inline std::vector<Diagnostic> render_into(OutputTarget& out, const Exporter& exporter,
                                           const Catalog& catalog, const Config& config,
                                           InputKeys keys = {}) {
  DiagnosticSink diagnostics;
  const FormatSet formats = published_formats(config.exporters);
  const RenderContext ctx{catalog, config, formats};
  Renderer renderer(ctx, std::move(keys), out, nullptr, diagnostics);
  renderer.render(exporter);
  renderer.finish();
  return diagnostics.sorted();
}

/// With CASTMAP_DUMP_DIR set, writes `files` under $CASTMAP_DUMP_DIR/<case_name>/, so that the
/// external validators (tests/validate_golden.sh, ../shared/tools) can check them.
inline void dump_for_validators(const std::string& case_name,
                                const std::map<std::string, std::string>& files) {
  const char* dir = std::getenv("CASTMAP_DUMP_DIR");
  if (!dir || !*dir) return;
  for (const auto& [path, bytes] : files) {
    const std::filesystem::path target = std::filesystem::path(dir) / case_name / path;
    std::filesystem::create_directories(target.parent_path());
    std::ofstream(target, std::ios::binary) << bytes;
  }
}

inline ExportRun run_exporter(const Exporter& exporter, Catalog catalog, const Config& config) {
  catalog.index();
  MemoryTarget out;
  std::vector<Diagnostic> diagnostics = render_into(out, exporter, catalog, config);
  return {out.take(), std::move(diagnostics)};
}

}  // namespace castmap::testing
