// Options shared by the subcommands and the one place that turns them into a Config:
// --config (or ./castmap.yaml) first, then command-line overrides.
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

#include "src/base/time_format.hpp"
#include "src/config/config.hpp"
#include "src/model/diagnostics.hpp"

namespace castmap {

struct CommonOptions {
  std::string config_file;      ///< --config; empty = ./castmap.yaml if present
  std::string content_dir;      ///< --content
  bool strict = false;          ///< --strict
  std::string format = "text";  ///< --format text|json (diagnostics)
};

/// Registers --config, --content, --strict and --format on a subcommand.
void add_common_options(CLI::App& command, CommonOptions& options);

/// Registers --as-of TIME (the reference time drafts and future episodes are judged against),
/// checked on parsing: a bad time is a usage error.
void add_as_of_option(CLI::App& command, std::string& as_of);
/// The reference time: --as-of when given, else now (to the second).
TimePoint reference_time(const std::string& as_of);

/// Loads the configuration the options point at and applies the overrides. Prints config
/// diagnostics to stderr; returns nullopt when the configuration is unusable (exit status 2).
std::optional<Config> resolve_config(const CommonOptions& options, DiagnosticSink& diagnostics);

/// An option given on the command line, as it was given.
struct GivenOption {
  std::string name;   ///< e.g. "--base-url"
  std::string value;  ///< its values, joined by ','; empty for a flag
};

/// The options given to `command`, except those named in `not_affecting_outputs`: what must
/// reach Config::provenance (record_setting) so a re-run with other options renders again. New
/// options are included unless listed, so forgetting one costs a re-render, never a stale file.
std::vector<GivenOption> options_affecting_outputs(
    const CLI::App& command, std::initializer_list<std::string_view> not_affecting_outputs);

/// Prints diagnostics in the chosen format, one per line, to `out`.
void print_diagnostics(const std::vector<Diagnostic>& diagnostics, const std::string& format,
                       std::FILE* out);

}  // namespace castmap
