// The export pipeline: load -> normalize -> run the selected exporters into the output writer
// -> prune and record. Shared by `castmap export` and the tests; prints nothing itself.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "src/base/time_format.hpp"
#include "src/config/config.hpp"
#include "src/config/shard.hpp"
#include "src/load/loader.hpp"
#include "src/model/diagnostics.hpp"
#include "src/normalize/normalizer.hpp"
#include "src/output/output_writer.hpp"

namespace castmap {

struct ExportOptions {
  WriteMode mode = WriteMode::write;
  bool durable = false;
  bool wait_lock = false;
  std::vector<std::string> only;  ///< --only: run just these exporters (no pruning of others)
  /// false: the catalog, the listing and the writer's tables are not freed but left for the
  /// process exit to reclaim, which saves over a second at 100,000 episodes. Only for a
  /// process that exits right after the run (the CLI); see src/process_exit.hpp.
  bool reclaim_memory = true;
  /// --allow-large-prune: accept, this once, removing more than prune.max_remove allows.
  bool allow_large_prune = false;
  /// --as-of: the reference time drafts and future episodes are judged against (unset: now).
  std::optional<TimePoint> as_of;
  /// --notify: after the run, ping WebSub hubs and IndexNow (src/app/notify.hpp).
  bool notify = false;
};

struct ExportResult {
  int exit_status = 0;        ///< see src/exit_status.hpp
  std::string fatal_message;  ///< set for exit statuses 2, 3 and 5
  LoadStats load;
  NormalizeStats normalize;
  WriteSummary writes;
  std::size_t episodes_exported = 0;
  std::size_t episodes_from_cache = 0;  ///< episode files not parsed again (parse cache)
  /// Fragments (feed items, sitemap URLs) taken from the last run's files instead of rendered.
  std::size_t fragments_recalled = 0;
  bool replayed = false;  ///< nothing changed: outputs kept, the last run's diagnostics replayed
  Shard shard;            ///< the part of the catalog this run exported (--shard)
  std::size_t held_back = 0;  ///< drafts and episodes dated after the reference time
  /// When the next held-back episode goes live (the run report's next_change_at).
  std::optional<TimePoint> next_change_at;
  std::size_t notifications_sent = 0;    ///< --notify requests accepted
  std::size_t notifications_failed = 0;  ///< --notify requests kept for the next run
  /// Wall seconds per phase in run order: list, read+parse, normalize, render:<exporter>, finish.
  std::vector<std::pair<std::string, double>> phases;
};

/// Names of the exporters a run uses (--only, else config.exporters, else the default ones:
/// FormatInfo::on_by_default), validated.
/// Returns an error message instead when a name is unknown.
std::variant<std::vector<std::string>, std::string> select_exporters(
    const Config& config, const std::vector<std::string>& only);

/// Runs a whole export. Content problems go to `diagnostics`; fatal problems (lock, I/O,
/// configuration) end the run early with the matching exit status and message.
ExportResult run_export(const Config& config, const ExportOptions& options,
                        DiagnosticSink& diagnostics);

}  // namespace castmap
