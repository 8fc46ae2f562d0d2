// The commented starter castmap.yaml that `castmap init` writes: what was found in a content
// folder, turned into a configuration that `castmap validate` accepts as it is.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "src/config/config.hpp"
#include "src/model/model.hpp"

namespace castmap {

/// What `castmap init` found in a content folder laid out as ContentLayout's defaults say.
struct ContentSurvey {
  struct FoundShow {
    std::string id;
    std::string name;
    std::size_t episodes = 0;
  };

  ContentLayout layout;  ///< the layout that was looked at (the defaults)
  bool has_videos = false, has_shows = false, has_people = false, has_technologies = false;
  std::size_t episode_files = 0;
  std::vector<FoundShow> shows;  ///< sorted by id
  std::size_t people = 0, technologies = 0;
};

/// The shows (with their episodes counted), people and technologies of a loaded catalog; the
/// caller fills in the folders and the episode files.
ContentSurvey survey_catalog(const Catalog& catalog);

/// The starter castmap.yaml: every section with a comment saying what it does, the values that
/// matter set to their defaults, optional keys commented out, and one `shows.<id>` entry per
/// show found. Its paths are relative to the folder it is written in.
std::string starter_config(const ContentSurvey& survey);

}  // namespace castmap
