// `castmap exporters`: list the registered output formats, and which are written by default.
#include <cstdio>

#include "exporters/registry.hpp"
#include "src/app/commands.hpp"
#include "src/app/console.hpp"
#include "src/base/exit_status.hpp"

namespace castmap {

void setup_exporters_command(CLI::App& app, int& exit_status) {
  CLI::App* command = app.add_subcommand("exporters", "List the available exporters");
  command->callback([&exit_status] {
    for (const Exporter* e : all_exporters()) {
      const FormatInfo& format = e->info();
      std::string name(format.name);
      if (name.size() < 14) name.resize(14, ' ');
      // Which formats a run writes when neither --only nor `exporters:` names any.
      const char* when = format.on_by_default ? "default    " : "on request ";
      print_line(stdout, name + " " + when + std::string(format.description));
    }
    exit_status = kExitOk;
  });
}

}  // namespace castmap
