// Orchestrates one export run and measures its phases.
#include "src/export_pipeline.hpp"

#include <chrono>
#include <filesystem>

#include "exporters/registry.hpp"
#include "src/exit_status.hpp"
#include "src/parallel.hpp"

namespace castmap {

namespace {
class PhaseClock {
 public:
  double lap() {
    auto now = std::chrono::steady_clock::now();
    double seconds = std::chrono::duration<double>(now - last_).count();
    last_ = now;
    return seconds;
  }

 private:
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};
}  // namespace

std::variant<std::vector<std::string>, std::string> select_exporters(
    const Config& config, const std::vector<std::string>& only) {
  const std::vector<std::string>& requested = !only.empty() ? only : config.exporters;
  std::vector<std::string> names;
  if (requested.empty()) {
    for (const Exporter* e : all_exporters()) names.emplace_back(e->name());
    return names;
  }
  for (const auto& name : requested) {
    const Exporter* e = find_exporter(name);
    if (!e) {
      std::string known;
      for (const Exporter* k : all_exporters())
        known += (known.empty() ? "" : ", ") + std::string(k->name());
      return "unknown exporter '" + name + "' (known: " + known + ")";
    }
    names.emplace_back(e->name());
  }
  // Keep registry order (feeds link to chapter files; order also fixes the report layout).
  std::vector<std::string> ordered;
  for (const Exporter* e : all_exporters())
    for (const auto& n : names)
      if (n == e->name()) {
        ordered.push_back(n);
        break;
      }
  return ordered;
}

ExportResult run_export(const Config& config, const ExportOptions& options,
                        DiagnosticSink& diagnostics) {
  ExportResult result;
  auto selection = select_exporters(config, options.only);
  if (auto* message = std::get_if<std::string>(&selection)) {
    result.exit_status = kExitUsage;
    result.fatal_message = *message;
    return result;
  }
  const auto& exporter_names = std::get<std::vector<std::string>>(selection);

  std::error_code ec;
  if (!std::filesystem::is_directory(config.content, ec)) {
    result.exit_status = kExitUsage;
    result.fatal_message = "content folder '" + config.content.string() + "' does not exist";
    return result;
  }
  if (config.site.base_url.empty()) {
    result.exit_status = kExitUsage;
    result.fatal_message =
        "site.base_url is not set: feeds and sitemaps need absolute URLs (castmap.yaml or "
        "--base-url)";
    return result;
  }

  try {
    // Take the lock before doing any work: a second run waits or leaves at once.
    OutputWriter writer({config.output, options.mode, options.durable, options.wait_lock});
    PhaseClock clock;

    Catalog catalog = load_catalog(config, diagnostics, &result.load);
    result.phases.emplace_back("list", result.load.list_seconds);
    result.phases.emplace_back("read+parse", result.load.read_parse_seconds);
    clock.lap();

    normalize(catalog, config, diagnostics, &result.normalize);
    result.phases.emplace_back("normalize", clock.lap());
    result.episodes_exported = catalog.episodes.size();

    ExportContext context{
        catalog, config, diagnostics,
        [](std::size_t n, const std::function<void(std::size_t)>& fn) { parallel_for(n, fn); }};
    for (const auto& name : exporter_names) {
      const Exporter* exporter = find_exporter(name);
      exporter->render(context, writer.sink_for(exporter->name()));
      result.phases.emplace_back("render:" + name, clock.lap());
    }
    result.writes =
        writer.finish(options.only.empty() ? std::vector<std::string>{} : exporter_names);
    result.phases.emplace_back("finish", clock.lap());
  } catch (const OutputLockedError& e) {
    result.exit_status = kExitLocked;
    result.fatal_message = e.what();
    return result;
  } catch (const OutputIoError& e) {
    result.exit_status = kExitIo;
    result.fatal_message = e.what();
    return result;
  }

  if (diagnostics.error_count() > 0)
    result.exit_status = kExitContentErrors;
  else if (options.mode == WriteMode::check && !result.writes.up_to_date())
    result.exit_status = kExitStale;
  return result;
}

}  // namespace castmap
