// `castmap validate`: load and normalize the catalog, print every diagnostic, write nothing.
#include <cstdio>
#include <memory>

#include <nlohmann/json.hpp>

#include "src/app/cli_options.hpp"
#include "src/app/commands.hpp"
#include "src/app/console.hpp"
#include "src/base/exit_status.hpp"
#include "src/load/loader.hpp"
#include "src/normalize/catalog_loading.hpp"
#include "src/normalize/normalizer.hpp"
#include "src/normalize/publishing_state.hpp"

namespace castmap {

namespace {
struct ValidateOptions : CommonOptions {
  std::string as_of;
};

int run_validate(const ValidateOptions& options) {
  DiagnosticSink diagnostics;
  auto config = resolve_config(options, diagnostics);
  if (config && !std::filesystem::is_directory(config->content)) {
    diagnostics.error({config->content.string(), 0, 0}, "content-root-missing",
                      "content folder does not exist");
    config.reset();
  }
  if (!config) {
    print_diagnostics(diagnostics.sorted(), options.format, stderr);
    return kExitUsage;
  }
  diagnostics.set_strict(config->strict);

  LoadStats load;
  Catalog catalog = load_catalog(*config, diagnostics, &load);
  NormalizeStats normalized;
  normalize(catalog, *config, diagnostics, &normalized);
  const HeldBack held = hold_back_unpublished(catalog, reference_time(options.as_of), diagnostics);
  const std::size_t held_back = held.drafts + held.scheduled;
  const std::size_t rejected = load.episode_files - catalog.episodes.size() - held_back;

  print_diagnostics(diagnostics.sorted(), options.format, stdout);
  const std::size_t errors = diagnostics.error_count();
  const std::size_t warnings = diagnostics.warning_count();
  if (options.format == "json") {
    nlohmann::ordered_json summary = {{"summary", true},
                                      {"episode_files", load.episode_files},
                                      {"episodes", catalog.episodes.size()},
                                      {"rejected", rejected},
                                      {"held_back", held_back},
                                      {"errors", errors},
                                      {"warnings", warnings}};
    print_line(stdout, summary.dump());
  } else {
    char line[256];
    std::snprintf(line, sizeof line,
                  "castmap: %zu episode files, %zu episodes valid, %zu rejected, %zu held back; "
                  "%zu errors, %zu warnings",
                  load.episode_files, catalog.episodes.size(), rejected, held_back, errors,
                  warnings);
    print_line(stdout, line);
  }
  return errors > 0 ? kExitContentErrors : kExitOk;
}
}  // namespace

void setup_validate_command(CLI::App& app, int& exit_status) {
  auto options = std::make_shared<ValidateOptions>();
  CLI::App* command = app.add_subcommand(
      "validate", "Load and check the catalog; print diagnostics, write nothing");
  add_common_options(*command, *options);
  add_as_of_option(*command, options->as_of);
  command->callback([options, &exit_status] { exit_status = run_validate(*options); });
}

}  // namespace castmap
