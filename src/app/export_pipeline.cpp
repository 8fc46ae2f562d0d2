// Orchestrates one export run and measures its phases.
#include "src/app/export_pipeline.hpp"

#include <chrono>

#include <filesystem>
#include <future>

#include "exporters/registry.hpp"
#include "src/base/exit_status.hpp"
#include "src/base/parallel.hpp"
#include "src/base/process_tricks.hpp"
#include "src/incremental/render_inputs.hpp"
#include "src/incremental/renderer.hpp"
#include "src/load/content_listing.hpp"
#include "src/output/atomic_file.hpp"

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
    for (const Exporter* e : all_exporters()) names.emplace_back(e->info().name);
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
/// The warm path: when every input file has the stamp the last complete run recorded, the
/// configuration and exporters are the same, and every output is still exactly as that run left
/// it, nothing can have changed. Then nothing is parsed or rendered: the outputs are kept and the
/// last run's diagnostics replayed. Returns false (and changes nothing) otherwise.
bool replay_unchanged_run(const std::vector<ContentFile>& files,
                          const std::vector<std::string>& exporters, std::uint64_t fingerprint,
                          OutputWriter& writer, DiagnosticSink& diagnostics, ExportResult& result) {
  std::int64_t written_ns = 0;
  auto bytes = writer.read_state_file(kRunStateFileName, &written_ns);
  if (!bytes) return false;
  std::optional<RunState> last = RunState::decode(bytes->view(), fingerprint);
  if (!last || last->exporters != exporters) return false;
  if (files.size() != last->inputs.size()) return false;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const auto& [path, stamp] = last->inputs[i];
    // The listing stamped every file. One changed in the same clock tick as the state was
    // written is not trusted; nor is one that could not be inspected.
    if (files[i].relative != path || files[i].stamp != stamp || stamp.mtime_ns >= written_ns ||
        stamp == FileStamp{})
      return false;
  }
  if (!writer.keep_previous_outputs(exporters)) return false;
  for (const Diagnostic& d : last->diagnostics) diagnostics.report(d);
  result.load.episode_files = last->episode_files;
  result.load.episodes_loaded = last->episodes_loaded;
  result.load.episodes_failed = last->episodes_failed;
  result.normalize.episodes_rejected = last->episodes_rejected;
  result.episodes_exported = last->episodes_exported;
  result.episodes_from_cache = last->episode_files;
  result.replayed = true;
  return true;
}
}  // namespace

ExportResult run_export(const Config& config, const ExportOptions& options,
                        DiagnosticSink& diagnostics) {
  ExportResult result;
  result.shard = config.shard;
  auto selection = select_exporters(config, options.only);
  if (auto* message = std::get_if<std::string>(&selection)) {
    result.exit_status = kExitUsage;
    result.fatal_message = *message;
    return result;
  }
  const auto& exporter_names = std::get<std::vector<std::string>>(selection);
  // An --only run must not prune the other formats' files; a full run prunes everything stale.
  const std::vector<std::string> prune_scope =
      options.only.empty() ? std::vector<std::string>{} : exporter_names;

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
    // The content is listed (and every file stamped) while the writer takes the lock and reads
    // the last run's manifest: listing only reads the content folder, and both are system-call
    // bound. Listed once, for both the unchanged check and the loader; its diagnostics are
    // reported only when the run is not replayed (the replayed ones include them).
    PhaseClock clock;
    DiagnosticSink listing_diagnostics;
    std::future<std::vector<ContentFile>> listing = std::async(std::launch::async, [&] {
      return list_content(config.content, config.layout, listing_diagnostics, config.shard);
    });
    // A second run waits or leaves at once, before any output work (a failure here waits for
    // the listing: the future's destructor joins it).
    OutputWriter writer(
        {config.output, options.mode, options.durable, options.wait_lock, options.reclaim_memory});
    result.phases.emplace_back("lock+manifest", clock.lap());

    const std::uint64_t fingerprint = config_fingerprint(config);
    std::vector<ContentFile> files = listing.get();
    result.phases.emplace_back("list", clock.lap());
    if (replay_unchanged_run(files, exporter_names, fingerprint, writer, diagnostics, result)) {
      result.phases.emplace_back("unchanged-check", clock.lap());
      result.writes = writer.finish(prune_scope);
      result.phases.emplace_back("finish", clock.lap());
      if (!options.reclaim_memory) leave_for_process_exit(std::move(files));
      result.exit_status = diagnostics.error_count() > 0 ? kExitContentErrors : kExitOk;
      return result;
    }

    // Parse only what changed since the last run; the new cache is written right after loading
    // (its episode pointers go stale once the normalizer edits the catalog).
    std::int64_t cache_written_ns = 0, delta_written_ns = 0;
    ParseCache previous;
    if (auto bytes = writer.read_state_file(kParseCacheFileName, &cache_written_ns))
      previous = ParseCache::decode(std::move(*bytes), fingerprint, cache_written_ns);
    if (!previous.empty())
      if (auto delta = writer.read_state_file(kParseCacheDeltaFileName, &delta_written_ns))
        previous.add_delta(std::move(*delta), fingerprint, delta_written_ns);
    // A re-run decodes most episodes from the cache: its heaps grow fast, so in large steps.
    if (!previous.empty() && !options.reclaim_memory) grow_heaps_in_large_steps();
    result.phases.emplace_back("cache-read", clock.lap());
    std::vector<CacheEntrySource> next_cache;
    std::future<void> cache_writing;  // declared after what it reads: destroyed (joined) first
    RunState run_state;
    run_state.exporters = exporter_names;
    for (const Diagnostic& d : listing_diagnostics.sorted()) diagnostics.report(d);
    LoadCacheIO cache_io{&previous, &next_cache, &run_state.inputs, 0, &files};
    Catalog catalog = load_catalog(config, diagnostics, &result.load, &cache_io);
    result.episodes_from_cache = cache_io.reused;
    // The cache is mapped: entries decoded from a file another program wrote to meanwhile are
    // not trusted (castmap replaces its cache by renaming, never in place).
    if (!previous.unchanged_since_read())
      throw OutputIoError("'" + (config.output / kParseCacheFileName).string() +
                          "' was written to by another program while castmap read it; run again");
    result.phases.emplace_back("read+parse", clock.lap());
    const auto done_with_cache = [&next_cache, &previous] {
      next_cache = {};
      previous = ParseCache{};
    };
    if (choose_cache_write(previous, next_cache) == CacheWrite::delta) {
      // A few files changed: only their entries are written (kilobytes, not the 300 MB base),
      // and the base stays as it is.
      writer.write_state_file(kParseCacheDeltaFileName, [&](const auto& sink) {
        write_parse_cache_delta(next_cache, previous, fingerprint, sink);
      });
      done_with_cache();
    } else {
      auto write_cache = [&writer, &next_cache, fingerprint, &done_with_cache] {
        writer.write_state_file(kParseCacheFileName, [&](const auto& sink) {
          write_parse_cache(next_cache, fingerprint, sink);
        });
        writer.remove_state_file(kParseCacheDeltaFileName);  // it named the replaced base
        done_with_cache();
      };
      // A re-run with few fresh parses but a base to compact writes its cache (mostly old
      // blobs, 300 MB at 100,000) on another thread while the catalog is normalized and
      // rendered; the fresh parses are encoded first because the normalizer edits them. A cold
      // run streams its cache now instead: encoding all of it up front would hold it in memory.
      if (encode_fresh_entries(next_cache, next_cache.size() / 8))
        cache_writing = std::async(std::launch::async, write_cache);
      else
        write_cache();
    }
    result.phases.emplace_back("cache", clock.lap());

    normalize(catalog, config, diagnostics, &result.normalize);
    result.phases.emplace_back("normalize", clock.lap());
    result.episodes_exported = catalog.episodes.size();

    // Lets the renderer keep files whose inputs did not change since the last run unrendered.
    const FormatSet formats = published_formats(config.exporters);
    const RenderContext context{catalog, config, formats};
    Renderer renderer(context, input_keys_of(catalog, fingerprint), writer, &writer, diagnostics);
    result.phases.emplace_back("digest", clock.lap());

    // A re-run that took most episodes from the cache is bound by rendering, and each
    // exporter has stretches on one core (streaming a feed or sitemap part to disk, packing
    // parts): the exporters then render side by side and fill both cores. A cold run renders
    // one exporter at a time: its memory is at its peak, and parsing, not rendering, is its cost.
    const auto render = [&renderer](const std::string& name) {
      renderer.render(*find_exporter(name));
    };
    const bool side_by_side = result.episodes_from_cache * 2 > result.load.episode_files;
    if (side_by_side) {
      std::vector<std::future<double>> renders;
      for (const auto& name : exporter_names)
        renders.push_back(std::async(std::launch::async, [&render, &name] {
          PhaseClock own;
          render(name);
          return own.lap();
        }));
      // Each exporter's own time; together they took the "render" phase.
      for (std::size_t i = 0; i < renders.size(); ++i)
        result.phases.emplace_back("render:" + exporter_names[i], renders[i].get());
      result.phases.emplace_back("render", clock.lap());
    } else {
      for (const auto& name : exporter_names) {
        render(name);
        result.phases.emplace_back("render:" + name, clock.lap());
      }
    }
    renderer.finish();
    result.fragments_recalled = renderer.fragments_recalled();
    // Rendering's memory goes back to the system before the summary and the manifest are
    // built: a cold run's memory peaks here.
    return_freed_memory();
    if (cache_writing.valid()) cache_writing.get();  // rethrows the cache's write error
    result.writes = writer.finish(prune_scope);
    result.phases.emplace_back("finish", clock.lap());

    // Remember what this complete run reported, so an unchanged re-run can replay it.
    run_state.episode_files = result.load.episode_files;
    run_state.episodes_loaded = result.load.episodes_loaded;
    run_state.episodes_failed = result.load.episodes_failed;
    run_state.episodes_rejected = result.normalize.episodes_rejected;
    run_state.episodes_exported = result.episodes_exported;
    run_state.diagnostics = diagnostics.sorted();
    writer.write_state_file(kRunStateFileName,
                            [&](const auto& sink) { run_state.encode(fingerprint, sink); });
    result.phases.emplace_back("run-state", clock.lap());
    // The run state's diagnostics and input list (a few MB at 100,000) are freed now, so the
    // caller's report can reuse that memory at the run's peak; the catalog is left for exit.
    run_state = RunState{};
    if (!options.reclaim_memory) {
      leave_for_process_exit(std::move(catalog));
      leave_for_process_exit(std::move(files));
    }
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
