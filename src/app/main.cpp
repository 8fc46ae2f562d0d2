// castmap entry point: builds the command line from the subcommands and maps errors to exit
// statuses. Everything else lives in the library.
#include <CLI/CLI.hpp>

#include "src/app/commands.hpp"
#include "src/app/exit_status.hpp"

int main(int argc, char** argv) {
  CLI::App app{"castmap: podcast feeds, chapter files and sitemaps from a Markdown catalog"};
  app.set_version_flag("--version", "castmap " CASTMAP_VERSION);
  app.require_subcommand(1);
  int exit_status = castmap::kExitOk;
  castmap::setup_validate_command(app, exit_status);
  castmap::setup_export_command(app, exit_status);
  castmap::setup_exporters_command(app, exit_status);
  castmap::setup_init_command(app, exit_status);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help/--version are "errors" with status 0; everything else is a usage error.
    int printed = app.exit(e);
    return printed == 0 ? castmap::kExitOk : castmap::kExitUsage;
  }
  return exit_status;
}
