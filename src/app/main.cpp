// castmap entry point: builds the command line from the subcommands and maps errors to exit
// statuses. Everything else lives in the library.
#include <CLI/CLI.hpp>

#include <string>

#include "src/app/commands.hpp"
#include "src/app/console.hpp"
#include "src/base/exit_status.hpp"
#include "src/base/message_text.hpp"

int main(int argc, char** argv) {
  castmap::ignore_broken_pipes();
  CLI::App app{"castmap: podcast feeds, chapter files and sitemaps from a Markdown catalog"};
  app.set_version_flag("--version", "castmap " CASTMAP_VERSION);
  app.require_subcommand(1);
  // CLI11 quotes the offending argument: escaped like every other message line.
  app.failure_message([](const CLI::App*, const CLI::Error& e) {
    return "castmap: error: " + castmap::escape_line(e.what()) +
           "\nRun with --help for more information.\n";
  });
  int exit_status = castmap::kExitOk;
  castmap::setup_validate_command(app, exit_status);
  castmap::setup_export_command(app, exit_status);
  castmap::setup_exporters_command(app, exit_status);
  castmap::setup_chapters_command(app, exit_status);
  castmap::setup_init_command(app, exit_status);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help/--version are "errors" with status 0; everything else is a usage error.
    int printed = app.exit(e);
    exit_status = printed == 0 ? castmap::kExitOk : castmap::kExitUsage;
  }
  return castmap::finish_console(exit_status);
}
