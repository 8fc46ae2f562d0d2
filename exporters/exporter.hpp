// The exporter interface: an exporter turns the normalized catalog (plus configuration) into
// output files. It never touches the file system or the clock; it hands bytes to an OutputSink.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "src/config.hpp"
#include "src/diagnostics.hpp"
#include "src/model.hpp"

namespace castmap {

/// Receives rendered files. Implementations are thread-safe: exporters may emit from
/// parallel_for workers. `path` is relative to the output folder, '/'-separated.
class OutputSink {
 public:
  virtual ~OutputSink() = default;
  virtual void emit(std::string path, std::string bytes) = 0;
};

/// What an exporter may read while rendering.
struct ExportContext {
  const Catalog& catalog;
  const Config& config;
  DiagnosticSink& diagnostics;
  /// Runs fn(i) for i in [0, n) on all cores; use it for per-episode or per-show files.
  std::function<void(std::size_t, const std::function<void(std::size_t)>&)> parallel_for;
};

class Exporter {
 public:
  virtual ~Exporter() = default;
  /// Kebab-case id used by --only and the `exporters` config key, e.g. "json-chapters".
  virtual std::string_view name() const = 0;
  /// One line for `castmap exporters`.
  virtual std::string_view description() const = 0;
  /// Renders every file of this format. Content problems go to ctx.diagnostics, never thrown.
  virtual void render(const ExportContext& ctx, OutputSink& out) const = 0;
};

}  // namespace castmap
