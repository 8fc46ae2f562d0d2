// Reading of the podcast channel settings that carry lists or maps (funding, txt, license,
// location) and of the `feeds` section: the parts of castmap.yaml that fill the RSS channel
// beyond the plain text and flag settings config.cpp reads.
#pragma once

#include <yaml-cpp/yaml.h>

#include <set>
#include <string>

#include "src/config/config.hpp"
#include "src/config/config_reader.hpp"

namespace castmap {

/// Reads `key` (funding, new_feed_url, block, complete, txt, license, location) of a podcast
/// settings mapping into `settings`; `full` is its dotted name. False for any other key.
bool read_channel_setting(ConfigReader& reader, const std::string& key, const YAML::Node& value,
                          const std::string& full, PodcastSettings& settings);

/// `urls.alternates`: a list of {url, type, title, bitrate, height}.
std::vector<AlternateTemplate> read_alternate_templates(ConfigReader& reader,
                                                        const YAML::Node& value,
                                                        const std::string& key);

/// The `feeds` section (max_items, all_max_items).
void read_feeds(ConfigReader& reader, const YAML::Node& node, FeedsConfig& feeds);

/// The keys of the `feeds` section, for config_keys().
const std::set<std::string>& feeds_keys();

}  // namespace castmap
