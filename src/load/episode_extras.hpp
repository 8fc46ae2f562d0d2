// The Podcasting 2.0 front matter keys of an episode that most episodes lack: `alternates`,
// `soundbites`, `seasonName`, `license` and `location` (README "Episode front matter"), read
// into Episode::extras with the loader's policy: what cannot be used is reported and dropped.
#pragma once

#include <string_view>

#include "src/load/yaml_fields.hpp"
#include "src/load/yaml_tree.hpp"
#include "src/model/model.hpp"

namespace castmap {

/// Reads `key`'s value into episode.extras (and records its position) when `key` is one of the
/// keys above; returns false, reading nothing, for any other key.
bool read_episode_extra(std::string_view key, YamlRef key_node, YamlRef value,
                        const YamlFields& fields, Episode& episode);

}  // namespace castmap
