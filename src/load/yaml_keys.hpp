// The two map-key rules yaml-cpp leaves to its users, applied to a parsed YamlTree: merge keys
// (`<<: *defaults`) are expanded, and a key given twice in one map is reported and dropped, so
// every reader sees each key of every map once.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>

#include "src/load/yaml_tree.hpp"

namespace castmap {

/// Why apply_merge_keys stopped.
struct YamlMergeIssue {
  enum class Kind {
    not_a_map,  ///< the value of `<<` (or an item of its list) is not a map
    cycle,      ///< a map merges itself, directly or through other maps
    too_large,  ///< the merged maps would add more than the budget of entries
  };
  Kind kind;
  YamlRef at;  ///< the offending value, the map that closes the cycle, or the map being merged
};

/// Expands YAML merge keys in place, as YAML 1.1's merge type defines them: a map with a plain
/// `<<` key whose value is a map (or a list of maps) gets every pair of those maps whose key it
/// does not have itself; of several maps in a list, the earlier one wins. Merging is shallow and
/// applies to merged maps first (they may merge others). The `<<` pairs are removed. Entries
/// added in all (keys plus values) are limited to `budget`. Cheap when the text has no `<<`.
std::optional<YamlMergeIssue> apply_merge_keys(YamlTree& tree, std::size_t budget);

/// Removes from every map each pair whose scalar key (compared by text, plain or quoted) an
/// earlier pair of the same map already has, calling `report` with the removed key: the first
/// value wins, as yaml-cpp's own lookups decide. Each map is visited once however many aliases
/// use it.
void drop_duplicate_keys(YamlTree& tree, const std::function<void(YamlRef key)>& report);

}  // namespace castmap
