// Turns a file's bytes into its parsed YAML front matter with every guard the loader applies
// (size, UTF-8, delimiters, nesting depth, node count, mapping at the top), reporting each
// problem at its file line and column. Shared by episodes, shows, people and technologies.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "src/config/config.hpp"
#include "src/load/yaml_tree.hpp"
#include "src/model/diagnostics.hpp"

namespace castmap {

struct FrontMatterDocument {
  YamlTree tree;            ///< root() is always a mapping (empty front matter gives an empty one)
  int yaml_first_line = 2;  ///< file line of the YAML's first line (for position mapping)

  YamlRef root() const { return tree.root(); }
};

/// Parses the front matter of `bytes`. Returns nullopt after reporting an error
/// (file-too-large, front-matter-missing, front-matter-unterminated, yaml-too-deep,
/// yaml-too-large, yaml-syntax, yaml-merge-invalid, front-matter-not-mapping). Merge keys are
/// expanded; a key repeated in any map is reported (duplicate-key) and dropped, so readers see
/// each key once, with its first value. Warnings (invalid-utf8, control-character,
/// duplicate-key) do not stop parsing. When `body` is given it receives the text after
/// the front matter (cleaned like the rest of the file).
std::optional<FrontMatterDocument> parse_front_matter_document(std::string_view bytes,
                                                               std::string_view path,
                                                               const LoaderLimits& limits,
                                                               DiagnosticSink& diagnostics,
                                                               std::string* body = nullptr);

/// Counts the nodes of `root`, visiting aliased nodes again at every alias (which is what any
/// consumer walking the tree pays). Stops at `limit + 1`; returns the node where it stopped,
/// or nullopt when the tree has at most `limit` nodes.
std::optional<YamlRef> find_node_over_limit(YamlRef root, std::size_t limit);

}  // namespace castmap
