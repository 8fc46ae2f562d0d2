// One export run, as the four steps of its story (look, load, render, finish), with the time
// each phase took.
#include "src/app/export_pipeline.hpp"

#include <chrono>
#include <filesystem>
#include <future>
#include <optional>

#include "exporters/registry.hpp"
#include "src/base/exit_status.hpp"
#include "src/base/process_tricks.hpp"
#include "src/incremental/previous_run.hpp"
#include "src/incremental/render_inputs.hpp"
#include "src/incremental/renderer.hpp"
#include "src/load/content_listing.hpp"

namespace castmap {

std::variant<std::vector<std::string>, std::string> select_exporters(
    const Config& config, const std::vector<std::string>& only) {
  const std::vector<std::string>& requested = !only.empty() ? only : config.exporters;
  std::vector<std::string> names;
  if (requested.empty()) {
    for (const Exporter* e : all_exporters())
      if (e->info().on_by_default) names.emplace_back(e->info().name);
    return names;
  }
  for (const auto& name : requested) {
    const Exporter* e = find_exporter(name);
    if (!e) {
      std::string known;
      for (const Exporter* k : all_exporters())
        known += (known.empty() ? "" : ", ") + std::string(k->info().name);
      return "unknown exporter '" + name + "' (known: " + known + ")";
    }
    names.emplace_back(e->info().name);
  }
  // Keep registry order (feeds link to chapter files; order also fixes the report layout).
  std::vector<std::string> ordered;
  for (const Exporter* e : all_exporters())
    for (const auto& n : names)
      if (n == e->info().name) {
        ordered.push_back(n);
        break;
      }
  return ordered;
}

namespace {

/// Wall time per phase.
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

/// One export, as the four steps of its story: look at the content and the output folder (a run
/// in which nothing changed is replayed whole), load and normalize the catalog, render every
/// exporter, and finish (prune, record). Each step is a method; run_export calls them in order.
class ExportRun {
 public:
  ExportRun(const Config& config, const ExportOptions& options,
            const std::vector<std::string>& exporter_names, DiagnosticSink& diagnostics,
            ExportResult& result)
      : config_(config),
        options_(options),
        exporter_names_(exporter_names),
        diagnostics_(diagnostics),
        result_(result) {
    for (const std::string& name : exporter_names) exporters_.push_back(find_exporter(name));
  }

  /// 1. Lists the content (stamping every file) while the writer takes the lock and reads the
  /// last run's manifest (both are system-call bound). Returns true when nothing changed since
  /// the last complete run: then its outputs are kept and its diagnostics replayed.
  bool look() {
    DiagnosticSink listing_diagnostics;
    std::future<std::vector<ContentFile>> listing = std::async(std::launch::async, [&] {
      return list_content(config_.content, config_.layout, listing_diagnostics, config_.shard);
    });
    // A second run waits or leaves at once, before any output work (a failure here waits for
    // the listing: the future's destructor joins it).
    writer_.emplace(WriterOptions{config_.output, options_.mode, options_.durable,
                                  options_.wait_lock, options_.reclaim_memory,
                                  options_.allow_large_prune
                                      ? std::nullopt
                                      : std::optional<ShareLimit>(config_.prune.max_remove)});
    folder_notices_ = writer_->take_notices();
    lap("lock+manifest");
    fingerprint_ = config_fingerprint(config_);
    files_ = listing.get();
    lap("list");
    if (std::optional<RunState> last =
            replay_unchanged_run(files_, exporter_names_, fingerprint_, *writer_)) {
      for (const Diagnostic& d : last->diagnostics) diagnostics_.report(d);
      result_.load.episode_files = last->episode_files;
      result_.load.episodes_loaded = last->episodes_loaded;
      result_.load.episodes_failed = last->episodes_failed;
      result_.normalize.episodes_rejected = last->episodes_rejected;
      result_.episodes_exported = last->episodes_exported;
      result_.episodes_from_cache = last->episode_files;
      result_.replayed = true;
      lap("unchanged-check");
      return true;
    }
    for (const Diagnostic& d : listing_diagnostics.sorted()) diagnostics_.report(d);
    return false;
  }

  /// 2. Loads the catalog, parsing only what changed since the last run, and normalizes it.
  void load() {
    loading_.emplace(config_, *writer_, fingerprint_, [this](const char* phase) { lap(phase); });
    catalog_ =
        loading_->load(files_, diagnostics_, result_.load, /*grow_heaps=*/!options_.reclaim_memory);
    result_.episodes_from_cache = loading_->reused();
    normalize(catalog_, config_, diagnostics_, &result_.normalize);
    lap("normalize");
    result_.episodes_exported = catalog_.episodes.size();
  }

  /// 3. Renders every exporter, keeping what did not change. A run that would unpublish much of
  /// the site (its episodes gone) is refused before anything is written.
  void render() {
    const FormatSet formats = published_formats(config_.exporters);
    const RenderContext context{catalog_, config_, formats};
    Renderer renderer(context, input_keys_of(catalog_, fingerprint_), *writer_, &*writer_,
                      diagnostics_);
    const Renderer::RemovalForecast forecast = renderer.forecast_removals(exporters_, scope());
    if (!options_.allow_large_prune &&
        !removal_allowed(forecast.removed, forecast.published, config_.prune.max_remove))
      throw PruneRefusedError(removal_refused_message(forecast.removed, forecast.published,
                                                      config_.prune.max_remove, false));
    lap("digest");
    // A re-run that took most episodes from the cache is bound by rendering, and each exporter
    // has stretches on one core (streaming a feed or sitemap part to disk, packing parts): the
    // exporters then render side by side and fill both cores. A cold run renders one exporter
    // at a time: its memory is at its peak, and parsing, not rendering, is its cost.
    if (result_.episodes_from_cache * 2 > result_.load.episode_files) {
      std::vector<std::future<double>> renders;
      for (const Exporter* exporter : exporters_)
        renders.push_back(std::async(std::launch::async, [&renderer, exporter] {
          PhaseClock own;
          renderer.render(*exporter);
          return own.lap();
        }));
      // Each exporter's own time; together they took the "render" phase.
      for (std::size_t i = 0; i < renders.size(); ++i)
        result_.phases.emplace_back("render:" + exporter_names_[i], renders[i].get());
      lap("render");
    } else {
      for (std::size_t i = 0; i < exporters_.size(); ++i) {
        renderer.render(*exporters_[i]);
        lap(("render:" + exporter_names_[i]).c_str());
      }
    }
    renderer.finish();
    result_.fragments_recalled = renderer.fragments_recalled();
    // Rendering's memory goes back to the system before the summary and the manifest are
    // built: a cold run's memory peaks here.
    return_freed_memory();
    loading_->finish();  // rethrows the cache's write error
  }

  /// 4. Prunes what is no longer produced, writes the manifest, and records what this complete
  /// run reported so that an unchanged re-run can replay it.
  void finish() {
    result_.writes = writer_->finish(scope());
    lap("finish");
    if (!result_.replayed) {
      RunState state;
      state.exporters = exporter_names_;
      state.episode_files = result_.load.episode_files;
      state.episodes_loaded = result_.load.episodes_loaded;
      state.episodes_failed = result_.load.episodes_failed;
      state.episodes_rejected = result_.normalize.episodes_rejected;
      state.episodes_exported = result_.episodes_exported;
      state.diagnostics = diagnostics_.sorted();
      state.inputs = loading_->take_stamps();
      remember_run(*writer_, fingerprint_, state);
      lap("run-state");
    }
    report_folder_notices();
    if (!options_.reclaim_memory) {
      leave_for_process_exit(std::move(catalog_));
      leave_for_process_exit(std::move(files_));
    }
  }

  /// What the output folder's own files gave reason to report (a damaged manifest set aside).
  /// Not part of the run state: a replay must not report them again.
  void report_folder_notices() {
    for (Diagnostic& d : folder_notices_) diagnostics_.report(std::move(d));
    folder_notices_.clear();
  }

 private:
  /// An --only run must not prune the other formats' files; a full run prunes all stale files.
  std::vector<std::string> scope() const {
    return options_.only.empty() ? std::vector<std::string>{} : exporter_names_;
  }
  void lap(const char* phase) { result_.phases.emplace_back(phase, clock_.lap()); }

  const Config& config_;
  const ExportOptions& options_;
  const std::vector<std::string>& exporter_names_;
  std::vector<const Exporter*> exporters_;
  DiagnosticSink& diagnostics_;
  ExportResult& result_;
  PhaseClock clock_;
  std::uint64_t fingerprint_ = 0;
  std::vector<ContentFile> files_;
  Catalog catalog_;
  std::vector<Diagnostic> folder_notices_;
  // Destroyed in reverse: the loading's background cache write ends before the writer goes.
  std::optional<OutputWriter> writer_;
  std::optional<CachedLoading> loading_;
};

/// What must hold before a run starts; a message (exit status 2) otherwise.
std::optional<std::string> usage_problem(const Config& config) {
  std::error_code ec;
  if (!std::filesystem::is_directory(config.content, ec))
    return "content folder '" + config.content.string() + "' does not exist";
  // An unmounted share or a wrong layout.videos must not look like a catalog without episodes.
  const std::filesystem::path videos = config.content / config.layout.videos;
  if (!std::filesystem::is_directory(videos, ec))
    return "episode folder '" + videos.string() +
           "' does not exist (layout.videos); nothing was written or removed";
  if (config.site.base_url.empty())
    return "site.base_url is not set: feeds and sitemaps need absolute URLs (castmap.yaml or "
           "--base-url)";
  return std::nullopt;
}

}  // namespace

ExportResult run_export(const Config& config, const ExportOptions& options,
                        DiagnosticSink& diagnostics) {
  ExportResult result;
  result.shard = config.shard;
  const auto selection = select_exporters(config, options.only);
  std::optional<std::string> problem = std::get_if<std::string>(&selection)
                                           ? std::optional(std::get<std::string>(selection))
                                           : usage_problem(config);
  if (problem) {
    result.exit_status = kExitUsage;
    result.fatal_message = std::move(*problem);
    return result;
  }
  ExportRun run(config, options, std::get<std::vector<std::string>>(selection), diagnostics,
                result);
  try {
    if (!run.look()) {
      run.load();
      run.render();
    }
    run.finish();
  } catch (const OutputLockedError& e) {
    result.exit_status = kExitLocked;
    result.fatal_message = e.what();
  } catch (const PruneRefusedError& e) {
    result.exit_status = kExitPruneRefused;
    result.fatal_message = e.what();
  } catch (const OutputIoError& e) {
    result.exit_status = kExitIo;
    result.fatal_message = e.what();
  }
  run.report_folder_notices();
  if (result.exit_status != kExitOk) return result;
  if (diagnostics.error_count() > 0)
    result.exit_status = kExitContentErrors;
  else if (options.mode == WriteMode::check && !result.writes.up_to_date())
    result.exit_status = kExitStale;
  return result;
}

}  // namespace castmap
