// Test harness for exporters: runs exporters over an in-memory catalog through the real
// renderer (src/incremental) into memory, and captures the files and the diagnostics, without
// touching the file system. One harness for every exporter test.
#pragma once

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

inline ExportRun run_exporter(const Exporter& exporter, Catalog catalog, const Config& config) {
  catalog.index();
  MemoryTarget out;
  std::vector<Diagnostic> diagnostics = render_into(out, exporter, catalog, config);
  return {out.take(), std::move(diagnostics)};
}

}  // namespace castmap::testing
