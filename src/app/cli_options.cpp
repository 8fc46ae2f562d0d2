// Config resolution and diagnostic printing for the subcommands.
#include "src/app/cli_options.hpp"

#include "src/app/console.hpp"
#include "src/config/config_provenance.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>

namespace castmap {

void add_common_options(CLI::App& command, CommonOptions& options) {
  command.add_option("--config", options.config_file,
                     "castmap.yaml to read (default: ./castmap.yaml when present)");
  command.add_option("--content", options.content_dir,
                     "content root (overrides the config's `content`)");
  command.add_flag("--strict", options.strict, "treat warnings as errors");
  command.add_option("--format", options.format, "diagnostic output format")
      ->check(CLI::IsMember({"text", "json"}));
}

void add_as_of_option(CLI::App& command, std::string& as_of) {
  command
      .add_option("--as-of", as_of,
                  "judge drafts and future episodes as at this time (RFC 3339, e.g. "
                  "2030-01-01T00:00:00Z) instead of now")
      ->check(CLI::Validator(
          [](const std::string& text) {
            std::string problem;
            if (parse_timestamp(text, &problem)) return std::string();
            return "not an RFC 3339 time: " + text + (problem.empty() ? "" : " (" + problem + ")");
          },
          ""));  // no name: the help shows "--as-of TEXT", as the man page and completion read
}

TimePoint reference_time(const std::string& as_of) {
  if (!as_of.empty())
    if (std::optional<TimePoint> t = parse_timestamp(as_of)) return *t;
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

std::optional<Config> resolve_config(const CommonOptions& options, DiagnosticSink& diagnostics) {
  namespace fs = std::filesystem;
  std::optional<Config> config;
  std::error_code ec;
  if (!options.config_file.empty()) {
    config = load_config(options.config_file, diagnostics);  // says why it cannot, naming it
  } else if (fs::exists(fs::symlink_status("castmap.yaml", ec))) {
    // Whatever is there (a folder, a FIFO, a dangling link) is meant as the configuration:
    // load_config refuses what it cannot read rather than running with the defaults.
    config = load_config("castmap.yaml", diagnostics);
  } else {
    config = default_config(fs::current_path());
  }
  if (!config) return std::nullopt;
  if (!options.content_dir.empty()) {
    config->content = fs::absolute(options.content_dir).lexically_normal();
    // As resolved: the same relative --content from another folder is another catalog.
    record_setting(*config, "content", config->content.native());
  }
  if (options.strict) config->strict = true;
  return config;
}

std::vector<GivenOption> options_affecting_outputs(
    const CLI::App& command, std::initializer_list<std::string_view> not_affecting_outputs) {
  std::vector<GivenOption> given;
  for (const CLI::Option* option : command.get_options()) {
    if (option->count() == 0) continue;
    const std::string name = option->get_name();
    if (std::find(not_affecting_outputs.begin(), not_affecting_outputs.end(), name) !=
        not_affecting_outputs.end())
      continue;
    GivenOption entry{name, {}};
    for (const std::string& value : option->results()) {
      if (!entry.value.empty()) entry.value += ',';
      entry.value += value;
    }
    given.push_back(std::move(entry));
  }
  return given;
}

void print_diagnostics(const std::vector<Diagnostic>& diagnostics, const std::string& format,
                       std::FILE* out) {
  for (const auto& d : diagnostics)
    print_line(out, format == "json" ? format_json(d) : format_text(d));
}

}  // namespace castmap
