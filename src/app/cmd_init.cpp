// `castmap init [DIR]`: write a commented starter castmap.yaml into a content folder, with the
// shows found there. An existing castmap.yaml is never replaced without --force.
#include <fcntl.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "src/app/commands.hpp"
#include "src/app/starter_config.hpp"
#include "src/base/exit_status.hpp"
#include "src/base/unique_fd.hpp"
#include "src/load/loader.hpp"
#include "src/normalize/catalog_loading.hpp"
#include "src/output/atomic_file.hpp"
#include "src/output/output_writer.hpp"

namespace castmap {

namespace {

constexpr const char* kConfigName = "castmap.yaml";

struct InitOptions {
  std::string folder = ".";
  bool force = false;
};

ContentSurvey survey_folder(const std::filesystem::path& folder) {
  const Config config = default_config(folder);
  // Problems in the content are for `castmap validate` to report, not for init.
  DiagnosticSink ignored;
  LoadStats stats;
  const Catalog catalog = load_catalog(config, ignored, &stats);
  ContentSurvey survey = survey_catalog(catalog);
  survey.layout = config.layout;
  std::error_code error;
  survey.has_videos = std::filesystem::is_directory(folder / config.layout.videos, error);
  survey.has_shows = std::filesystem::is_directory(folder / config.layout.shows, error);
  survey.has_people = std::filesystem::is_directory(folder / config.layout.people, error);
  survey.has_technologies =
      std::filesystem::is_directory(folder / config.layout.technologies, error);
  survey.episode_files = stats.episode_files;
  return survey;
}

int run_init(const InitOptions& options) {
  const std::string shown = (std::filesystem::path(options.folder) / kConfigName).string();
  UniqueFd folder(::open(options.folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!folder.valid()) {
    std::fprintf(stderr, "castmap init: %s: %s\n", options.folder.c_str(),
                 errno == ENOTDIR ? "not a folder" : std::strerror(errno));
    return kExitUsage;
  }
  try {
    const ExistingFile existing = inspect_file(folder.get(), kConfigName);
    if (existing.kind != ExistingFile::Kind::missing && !options.force) {
      std::fprintf(stderr, "castmap init: %s already exists; --force replaces it\n", shown.c_str());
      return kExitUsage;
    }
    if (existing.kind == ExistingFile::Kind::other) {
      std::fprintf(stderr, "castmap init: %s exists and is not a file\n", shown.c_str());
      return kExitUsage;
    }
    const ContentSurvey survey = survey_folder(std::filesystem::absolute(options.folder));
    // Written whole under a temporary name and renamed: never a half-written castmap.yaml.
    replace_file_atomically(folder.get(), kConfigName, starter_config(survey), ".castmap.yaml.init",
                            existing.permissions, false);
    std::printf(
        "castmap init: wrote %s (%zu episode file%s, %zu show%s); set site.base_url, then run "
        "`castmap validate` and `castmap export`\n",
        shown.c_str(), survey.episode_files, survey.episode_files == 1 ? "" : "s",
        survey.shows.size(), survey.shows.size() == 1 ? "" : "s");
    return kExitOk;
  } catch (const OutputIoError& error) {
    std::fprintf(stderr, "castmap init: cannot write %s: %s\n", shown.c_str(), error.what());
    return kExitIo;
  }
}

}  // namespace

void setup_init_command(CLI::App& app, int& exit_status) {
  auto options = std::make_shared<InitOptions>();
  CLI::App* command = app.add_subcommand(
      "init", "Write a commented starter castmap.yaml for a content folder, with its shows");
  command->add_option("DIR", options->folder, "the content folder (default: the current folder)");
  command->add_flag("--force", options->force, "replace an existing castmap.yaml");
  command->callback([options, &exit_status] { exit_status = run_init(*options); });
}

}  // namespace castmap
