// export_into() and export_to_folder(): the exporters over a loaded catalog into a FileSink
// (the renderer without a folder, as the exporter tests run it), or `castmap export`'s whole
// pipeline into a folder.
#include <castmap/export.hpp>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>
#include <variant>

#include "exporters/registry.hpp"
#include "src/api/diagnostic_values.hpp"
#include "src/api/loaded_state.hpp"
#include "src/api/sink_target.hpp"
#include "src/app/export_pipeline.hpp"
#include "src/base/exit_status.hpp"
#include "src/incremental/renderer.hpp"

namespace castmap {

namespace {

ExportReport stopped(ExportStatus status, std::string failure) {
  ExportReport report;
  report.status = status;
  report.failure = std::move(failure);
  return report;
}

/// The public status of an exit status (the same numbers).
ExportStatus status_of(int exit_status) {
  switch (exit_status) {
    case kExitOk:
      return ExportStatus::ok;
    case kExitContentErrors:
      return ExportStatus::content_errors;
    case kExitUsage:
      return ExportStatus::usage;
    case kExitStale:
      return ExportStatus::stale;
    case kExitLocked:
      return ExportStatus::locked;
    case kExitPruneRefused:
      return ExportStatus::prune_refused;
    default:
      return ExportStatus::io;
  }
}

/// What must hold before rendering a catalog that is already loaded (the rest of
/// run_export's checks are about the content folder, which the load checked).
std::optional<std::string> render_problem(const Config& config) {
  if (config.site.base_url.empty())
    return "site.base_url is not set: feeds and sitemaps need absolute URLs (castmap.yaml or "
           "LoadOptions::base_url)";
  return std::nullopt;
}

}  // namespace

}  // namespace castmap

CASTMAP_BEGIN_NAMESPACE

std::size_t ExportReport::error_count() const {
  return count_severity(diagnostics, DiagnosticSeverity::error);
}

ExportReport export_into(const LoadedCatalog& catalog, FileSink& sink,
                         const OutputOptions& options) {
  const LoadedCatalog::State& state = CatalogAccess::state(catalog);
  const auto selection = select_exporters(state.config, options.formats);
  if (const std::string* problem = std::get_if<std::string>(&selection))
    return stopped(ExportStatus::usage, *problem);
  if (std::optional<std::string> problem = render_problem(state.config))
    return stopped(ExportStatus::usage, std::move(*problem));

  // The content's diagnostics, as a folder export finds them reading the content again.
  DiagnosticSink diagnostics;
  for (const Diagnostic& d : state.content_diagnostics) diagnostics.report(d);
  diagnostics.set_strict(state.config.strict);
  SinkTarget target(sink);
  {
    const FormatSet formats = published_formats(state.config.exporters);
    const RenderContext context{state.catalog, state.config, formats};
    // No folder: nothing is kept from an earlier run, every file is rendered.
    Renderer renderer(context, InputKeys{}, target, nullptr, diagnostics);
    for (const std::string& name : std::get<std::vector<std::string>>(selection))
      renderer.render(*find_exporter(name));
    renderer.finish();
  }

  ExportReport report;
  report.diagnostics = to_messages(diagnostics.sorted());
  report.episodes_exported = state.catalog.episodes.size();
  report.written = target.take_written();
  std::sort(report.written.begin(), report.written.end());
  if (std::optional<std::string> failure = target.failure()) {
    report.status = ExportStatus::io;
    report.failure = std::move(*failure);
  } else if (diagnostics.error_count() > 0) {
    report.status = ExportStatus::content_errors;
  }
  return report;
}

ExportReport export_to_folder(const LoadedCatalog& catalog, const std::filesystem::path& folder,
                              const OutputOptions& options) {
  const LoadedCatalog::State& state = CatalogAccess::state(catalog);
  Config config = state.config;
  if (!folder.empty()) {
    std::error_code ec;
    const std::filesystem::path absolute = std::filesystem::absolute(folder, ec);
    config.output = ec ? folder : absolute.lexically_normal();
  }
  ExportOptions run;
  run.mode = options.check_only ? WriteMode::check : WriteMode::write;
  run.durable = options.durable;
  run.wait_lock = options.wait_for_lock;
  run.only = options.formats;
  run.as_of = state.reference;  // the load's: the folder gets what the catalog holds

  // Only the run's own diagnostics (the configuration's are the load's): the run state records
  // what the sink holds, and an unchanged re-run replays it.
  DiagnosticSink diagnostics;
  diagnostics.set_strict(config.strict);
  ExportResult result;
  try {
    result = run_export(config, run, diagnostics);
  } catch (const std::runtime_error& e) {  // a file system failure run_export does not name
    result.exit_status = kExitIo;
    result.fatal_message = e.what();
  }

  ExportReport report;
  report.status = status_of(result.exit_status);
  report.failure = std::move(result.fatal_message);
  report.diagnostics = to_messages(diagnostics.sorted());
  report.episodes_exported = result.episodes_exported;
  for (FileChange& change : result.writes.changes) {
    if (change.kind == ChangeKind::unchanged)
      ++report.unchanged;
    else if (change.kind == ChangeKind::removed)
      report.removed.push_back(std::move(change.path));
    else
      report.written.push_back(std::move(change.path));
  }
  return report;
}

CASTMAP_END_NAMESPACE
