// `castmap export`: run the exporters and write (or, with --check/--dry-run, compare) outputs.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>

#include "src/app/cli_options.hpp"
#include "src/app/commands.hpp"
#include "src/app/console.hpp"
#include "src/app/export_pipeline.hpp"
#include "src/app/progress.hpp"
#include "src/app/run_report.hpp"
#include "src/base/exit_status.hpp"
#include "src/config/config_provenance.hpp"
#include "src/config/shard.hpp"

namespace castmap {

namespace {

struct ExportCommandOptions {
  CommonOptions common;
  std::string output_dir;
  std::string base_url;
  std::string shard;
  std::vector<std::string> only;
  bool check = false;
  bool dry_run = false;
  bool quiet = false;
  bool wait_lock = false;
  bool durable = false;
  bool allow_large_prune = false;
  std::string report_file;
  std::vector<GivenOption> settings;  ///< the options that shape outputs, for Config::provenance
  std::string as_of;
  bool notify = false;
};

const char* verb(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::created:
      return "create";
    case ChangeKind::changed:
      return "change";
    case ChangeKind::removed:
      return "remove";
    case ChangeKind::unchanged:
      break;
  }
  return "keep";
}

/// Whether `report` would land inside the output folder, where the run would count it among
/// its outputs' neighbours and a later run could prune or overwrite it.
bool inside_output(const std::filesystem::path& report, const std::filesystem::path& output) {
  std::error_code ec;
  const auto real_report = std::filesystem::weakly_canonical(std::filesystem::absolute(report), ec);
  if (ec) return false;
  const auto real_output = std::filesystem::weakly_canonical(output, ec);
  if (ec) return false;
  const std::filesystem::path relative = real_report.lexically_relative(real_output);
  return !relative.empty() && *relative.begin() != "..";
}

/// Applies --out, --base-url and --shard to the configuration; false (after printing why) on
/// a usage error.
bool apply_command_line(const ExportCommandOptions& options, Config& config) {
  if (!options.output_dir.empty())
    config.output = std::filesystem::absolute(options.output_dir).lexically_normal();
  if (!options.base_url.empty()) {
    std::string problem;
    if (!set_base_url(config, options.base_url, problem)) {
      print_line(stderr, "castmap: error: --base-url: " + problem);
      return false;
    }
  }
  if (!options.shard.empty()) {
    std::string error;
    const std::optional<Shard> shard = parse_shard(options.shard, error);
    if (!shard) {
      print_line(stderr, "castmap: error: " + error);
      return false;
    }
    config.shard = *shard;
  }
  if (!options.report_file.empty() && inside_output(options.report_file, config.output)) {
    print_line(stderr, "castmap: error: --report '" + options.report_file +
                           "' is inside the output folder '" + config.output.string() +
                           "': write the report elsewhere");
    return false;
  }
  return true;
}

int run_export_command(const ExportCommandOptions& options) {
  const auto started = std::chrono::system_clock::now();
  const auto steady_start = std::chrono::steady_clock::now();
  DiagnosticSink diagnostics;
  auto config = resolve_config(options.common, diagnostics);
  if (!config) {
    print_diagnostics(diagnostics.sorted(), options.common.format, stderr);
    return kExitUsage;
  }
  if (!apply_command_line(options, *config)) return kExitUsage;
  for (const GivenOption& setting : options.settings)
    record_setting(*config, setting.name, setting.value);
  diagnostics.set_strict(config->strict);

  ExportOptions export_options;
  export_options.mode = options.check || options.dry_run ? WriteMode::check : WriteMode::write;
  export_options.durable = options.durable;
  export_options.wait_lock = options.wait_lock;
  export_options.only = options.only;
  export_options.allow_large_prune = options.allow_large_prune;
  export_options.as_of = reference_time(options.as_of);
  export_options.notify = options.notify;
  export_options.reclaim_memory = false;  // the process exits right after
  ExportResult result;
  {
    ProgressDisplay progress_bar(!options.quiet);
    result = run_export(*config, export_options, diagnostics);
  }

  const auto sorted = diagnostics.sorted();
  if (options.quiet) {
    // Only the errors: a copy of those, not of every warning (10,000 at 100,000 episodes).
    std::vector<Diagnostic> errors;
    for (const auto& d : sorted)
      if (d.severity == Severity::error) errors.push_back(d);
    print_diagnostics(errors, options.common.format, stderr);
  } else {
    print_diagnostics(sorted, options.common.format, stderr);
  }

  // Fatal messages quote paths and damaged state files: printed escaped, as one line.
  if (!result.fatal_message.empty()) print_line(stderr, "castmap: error: " + result.fatal_message);

  if (export_options.mode == WriteMode::check && result.fatal_message.empty()) {
    for (const auto& change : result.writes.changes)
      if (change.kind != ChangeKind::unchanged)
        print_line(stdout, std::string(verb(change.kind)) + " " + change.path);
  }
  if (options.dry_run && result.exit_status == kExitStale) result.exit_status = kExitOk;

  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - steady_start).count();
  if (!options.quiet && result.fatal_message.empty()) {
    print_line(stderr, summary_line(result, diagnostics.error_count(), diagnostics.warning_count(),
                                    seconds, export_options.mode == WriteMode::check));
  }
  if (!options.report_file.empty()) {
    RunTimes times{started, std::chrono::system_clock::now()};
    const std::string failure =
        write_run_report(options.report_file, render_run_report(result, sorted, times));
    if (!failure.empty()) {
      print_line(stderr, "castmap: error: " + failure);
      // The report is how a scheduler learns what happened: losing it is an I/O failure,
      // whatever the run itself ended with (a fatal status from the run is kept).
      const int status = result.exit_status;
      if (status == kExitOk || status == kExitContentErrors || status == kExitStale)
        result.exit_status = kExitIo;
    }
  }
  return result.exit_status;
}

}  // namespace

void setup_export_command(CLI::App& app, int& exit_status) {
  auto options = std::make_shared<ExportCommandOptions>();
  CLI::App* command = app.add_subcommand("export", "Write feeds, chapter files and sitemaps");
  add_common_options(*command, options->common);
  command->add_option("--out", options->output_dir,
                      "output folder (overrides the config's `output`)");
  command->add_option("--base-url", options->base_url, "site base URL (overrides site.base_url)");
  command->add_option("--shard", options->shard,
                      "export only shard K of N (e.g. 2/8), split by show, into its own --out; "
                      "see docs/sharding.md");
  command->add_option("--only", options->only, "run only these exporters (comma-separated)")
      ->delimiter(',');
  auto* check = command->add_flag("--check", options->check,
                                  "write nothing; list what would change; exit 4 when stale");
  command->add_flag("--dry-run", options->dry_run, "like --check but exit 0 when stale")
      ->excludes(check);
  command->add_flag("--quiet", options->quiet, "print only errors");
  command->add_flag("--wait-lock", options->wait_lock,
                    "wait for another run on the same output folder instead of exiting with 5");
  command->add_flag("--durable", options->durable,
                    "fsync files and folders so outputs survive power loss");
  command->add_flag("--allow-large-prune", options->allow_large_prune,
                    "accept, this once, removing more published files than prune.max_remove "
                    "allows (else exit 6, nothing removed)");
  command->add_option("--report", options->report_file, "write a JSON run report to this file");
  add_as_of_option(*command, options->as_of);
  command->add_flag("--notify", options->notify,
                    "after a run that changed outputs, ping WebSub hubs and IndexNow (notify.*); "
                    "what fails is retried by the next --notify run");
  command->callback([options, command, &exit_status] {
    // Options that only say where and how to run, never what the outputs contain.
    options->settings = options_affecting_outputs(
        *command, {"--help", "--config", "--format", "--out", "--check", "--dry-run", "--quiet",
                   "--wait-lock", "--durable", "--allow-large-prune", "--report",
                   // The reference time decides which episodes are held back, and the
                   // incremental layer keys on that set (src/normalize/publishing_state.hpp).
                   "--as-of", "--notify"});
    exit_status = run_export_command(*options);
  });
}

}  // namespace castmap
