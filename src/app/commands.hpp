// The subcommands of the castmap CLI. Each `setup_*` registers one subcommand on the root app;
// its callback stores the exit status in `exit_status`.
#pragma once

#include <CLI/CLI.hpp>

namespace castmap {

void setup_validate_command(CLI::App& app, int& exit_status);
void setup_export_command(CLI::App& app, int& exit_status);
void setup_exporters_command(CLI::App& app, int& exit_status);
void setup_chapters_command(CLI::App& app, int& exit_status);
void setup_init_command(CLI::App& app, int& exit_status);

}  // namespace castmap
