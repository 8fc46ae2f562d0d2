// `castmap export`: run the exporters and write (or, with --check/--dry-run, compare) outputs.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>

#include "src/app/cli_options.hpp"
#include "src/app/commands.hpp"
#include "src/app/export_pipeline.hpp"
#include "src/app/progress.hpp"
#include "src/app/run_report.hpp"
#include "src/base/exit_status.hpp"
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

/// The report is not an export output (it lives wherever the user wants it), but it is still
/// replaced atomically so a scheduler never reads half of it.
bool write_report(const std::string& path, const std::string& bytes) {
  const std::string temp = path + ".castmap-tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out.flush()) return false;
  }
  std::error_code ec;
  std::filesystem::rename(temp, path, ec);
  if (ec) std::filesystem::remove(temp, ec);
  return !ec;
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
  if (!options.output_dir.empty())
    config->output = std::filesystem::absolute(options.output_dir).lexically_normal();
  if (!options.base_url.empty()) {
    config->site.base_url = options.base_url;
    while (config->site.base_url.ends_with('/')) config->site.base_url.pop_back();
  }
  if (!options.shard.empty()) {
    std::string error;
    const std::optional<Shard> shard = parse_shard(options.shard, error);
    if (!shard) {
      std::fprintf(stderr, "castmap: error: %s\n", error.c_str());
      return kExitUsage;
    }
    config->shard = *shard;
  }
  diagnostics.set_strict(config->strict);

  ExportOptions export_options;
  export_options.mode = options.check || options.dry_run ? WriteMode::check : WriteMode::write;
  export_options.durable = options.durable;
  export_options.wait_lock = options.wait_lock;
  export_options.only = options.only;
  export_options.allow_large_prune = options.allow_large_prune;
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

  if (!result.fatal_message.empty())
    std::fprintf(stderr, "castmap: error: %s\n", result.fatal_message.c_str());

  if (export_options.mode == WriteMode::check && result.fatal_message.empty()) {
    for (const auto& change : result.writes.changes)
      if (change.kind != ChangeKind::unchanged)
        std::printf("%s %s\n", verb(change.kind), change.path.c_str());
  }
  if (options.dry_run && result.exit_status == kExitStale) result.exit_status = kExitOk;

  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - steady_start).count();
  if (!options.quiet && result.fatal_message.empty()) {
    std::fprintf(stderr, "%s\n",
                 summary_line(result, diagnostics.error_count(), diagnostics.warning_count(),
                              seconds, export_options.mode == WriteMode::check)
                     .c_str());
  }
  if (!options.report_file.empty()) {
    RunTimes times{started, std::chrono::system_clock::now()};
    if (!write_report(options.report_file, render_run_report(result, sorted, times))) {
      std::fprintf(stderr, "castmap: error: cannot write report '%s'\n",
                   options.report_file.c_str());
      if (result.exit_status == kExitOk) result.exit_status = kExitIo;
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
  command->callback([options, &exit_status] { exit_status = run_export_command(*options); });
}

}  // namespace castmap
