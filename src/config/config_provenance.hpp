// What a configuration was made from, as one canonical text: the config file's YAML tree (keys
// sorted, comments and layout ignored), the folder its relative paths resolve against, and every
// setting applied on top of it (command-line options, library calls). The incremental layer
// digests this text, with the build's identity, instead of listing Config's fields: a new key or
// option changes the digest without a second edit anywhere (docs/architecture.md).
#pragma once

#include <string>
#include <string_view>

namespace YAML {
class Node;
}

namespace castmap {

struct Config;

/// The canonical text of `root`, anchored at `folder`, for Config::provenance. Aliases are
/// followed; a tree too large to walk (an alias bomb) falls back to `raw_text`, which is as
/// exact, only more sensitive to layout.
std::string config_file_provenance(const YAML::Node& root, std::string_view folder,
                                   std::string_view raw_text);

/// Records that `name` (a command-line option or an API setting) was applied with `value`.
/// Whoever changes a Config after loading it calls this, so re-runs notice.
void record_setting(Config& config, std::string_view name, std::string_view value);

}  // namespace castmap
