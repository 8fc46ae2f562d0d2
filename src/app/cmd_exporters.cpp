// `castmap exporters`: list the registered output formats.
#include <cstdio>

#include "exporters/registry.hpp"
#include "src/app/commands.hpp"
#include "src/app/console.hpp"
#include "src/app/exit_status.hpp"

namespace castmap {

void setup_exporters_command(CLI::App& app, int& exit_status) {
  CLI::App* command = app.add_subcommand("exporters", "List the available exporters");
  command->callback([&exit_status] {
    for (const Exporter* e : all_exporters()) {
      std::string name(e->name());
      if (name.size() < 14) name.resize(14, ' ');
      print_line(stdout, name + " " + std::string(e->description()));
    }
    exit_status = kExitOk;
  });
}

}  // namespace castmap
