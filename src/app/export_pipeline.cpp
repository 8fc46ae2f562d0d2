// One export run, as the four steps of its story (look, load, render, finish), with the time
// each phase took.
#include "src/app/export_pipeline.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <future>
#include <optional>

#include "exporters/registry.hpp"
#include "src/app/notify.hpp"
#include "src/base/exit_status.hpp"
#include "src/base/process_tricks.hpp"
#include "src/config/sitemap_location.hpp"
#include "src/incremental/pending_notifications.hpp"
#include "src/incremental/previous_run.hpp"
#include "src/incremental/published_items.hpp"
#include "src/incremental/render_inputs.hpp"
#include "src/incremental/renderer.hpp"
#include "src/load/content_listing.hpp"
#include "src/normalize/publishing_state.hpp"

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
        result_(result),
        reference_(options.as_of ? *options.as_of
                                 : std::chrono::floor<std::chrono::seconds>(
                                       std::chrono::system_clock::now())) {
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
    if (std::optional<RunState> last = replay_unchanged_run(
            files_, config_.content, exporter_names_, fingerprint_, reference_, *writer_)) {
      for (const Diagnostic& d : last->diagnostics) diagnostics_.report(d);
      result_.load.episode_files = last->episode_files;
      result_.load.episodes_loaded = last->episodes_loaded;
      result_.load.episodes_failed = last->episodes_failed;
      result_.normalize.episodes_rejected = last->episodes_rejected;
      result_.episodes_exported = last->episodes_exported;
      result_.episodes_from_cache = last->episode_files;
      result_.replayed = true;
      result_.held_back = last->held_back;
      result_.next_change_at = last->window.next_change_at();
      window_ = last->window;
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
    // Before anything is keyed or rendered: no exporter ever sees a held-back episode, and the
    // changed member lists re-render the feeds when an embargo passes.
    held_ = hold_back_unpublished(catalog_, reference_, diagnostics_);
    result_.held_back = held_.drafts + held_.scheduled;
    result_.next_change_at = held_.window.next_change_at();
    window_ = held_.window;
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
    const bool rerun = result_.episodes_from_cache * 2 > result_.load.episode_files;
    if (rerun) {
      // The guard across runs reads the catalog, the feeds' plans and its own state file, never
      // an output: it runs beside the exporters, in the gaps they leave on the cores.
      std::future<double> guard = std::async(std::launch::async, [this, &context] {
        PhaseClock own;
        guard_published_items(context);
        return own.lap();
      });
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
      result_.phases.emplace_back("guard", guard.get());
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
    if (!rerun) {
      // After rendering here, so that what the guard holds for the next run is not on top of
      // rendering's peak.
      guard_published_items(context);
      lap("guard");
    }
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
      // The guard compares this run with the last: an unchanged re-run has nothing to compare.
      std::erase_if(state.diagnostics, [](const Diagnostic& d) { return is_guard_code(d.code); });
      state.inputs = loading_->take_stamps();
      state.window = window_;
      state.held_back = result_.held_back;
      state.referenced = loading_->take_referenced();
      // Under --strict, a guard error keeps the old memory and no run state to replay: every
      // run fails until a run without --strict accepts the change.
      if (diagnostics_.strict() && guard_reports_ > 0) {
        writer_->remove_state_file(kRunStateFileName);
      } else {
        remember_run(*writer_, fingerprint_, state);
        if (published_now_) remember_published_items(*writer_, *published_now_);
      }
      lap("run-state");
    }
    report_folder_notices();
    if (!options_.reclaim_memory) {
      leave_for_process_exit(std::move(catalog_));
      leave_for_process_exit(std::move(files_));
    }
  }

  /// 5. --notify: tells WebSub hubs about the feeds whose bytes changed and IndexNow about the
  /// pages added, changed or removed, and sends again what the last run could not deliver.
  void announce() {
    if (!options_.notify || options_.mode != WriteMode::write) return;
    PendingNotifications due = read_pending_notifications(*writer_);
    std::vector<std::string> pages;
    if (last_published_ && published_now_) pages = changed_pages(*last_published_, *published_now_);
    due.merge(notifications_for(config_, result_.writes.changes, pages));
    if (due.empty()) return;
    NotifyCounts counts;
    const PendingNotifications failed = send_notifications(config_, due, diagnostics_, counts);
    result_.notifications_sent = counts.sent;
    result_.notifications_failed = counts.failed;
    remember_pending_notifications(*writer_, failed);
    lap("notify");
  }

  /// What the output folder's own files gave reason to report (a damaged manifest set aside).
  /// Not part of the run state: a replay must not report them again.
  void report_folder_notices() {
    for (Diagnostic& d : folder_notices_) diagnostics_.report(std::move(d));
    folder_notices_.clear();
  }

 private:
  /// Warns about items the last run published that this run drops or changes (a full run with
  /// a feed format only: an --only run plans part of the site), and plans what to remember.
  void guard_published_items(const RenderContext& context) {
    if (!options_.only.empty()) return;
    if (std::none_of(exporters_.begin(), exporters_.end(),
                     [](const Exporter* e) { return is_feed_media_type(e->info().media_type); }))
      return;
    published_now_ = published_items_of(context, exporters_, !config_.notify.indexnow_key.empty());
    last_published_ = read_published_items(*writer_);
    if (last_published_)
      guard_reports_ = check_published_items(*last_published_, *published_now_, catalog_,
                                             held_.source_paths, config_, diagnostics_);
  }

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
  const TimePoint reference_;  ///< drafts and future episodes are judged against it
  HeldBack held_;
  std::optional<PublishedItems> published_now_, last_published_;
  std::size_t guard_reports_ = 0;
  PublicationWindow window_;
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

/// The sitemaps.org location rule for the sitemap's parts: castmap.yaml was checked with its own
/// `exporters` and base URL, but --only and --base-url may differ.
std::optional<std::string> sitemap_placement_problem(const Config& config,
                                                     const std::vector<std::string>& names) {
  if (std::find(names.begin(), names.end(), "sitemap") == names.end()) return std::nullopt;
  std::string problem = sitemap_location_problem(config);
  if (problem.empty()) return std::nullopt;
  return "sitemap.parts_path: " + problem;
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
  if (!problem) problem = sitemap_placement_problem(config, std::get<0>(selection));
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
    run.announce();
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
