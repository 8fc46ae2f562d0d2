// A cheap structural pre-scan of YAML text, run before the text reaches yaml-cpp: yaml-cpp
// parses recursively (deep `[[[[...` or deeply indented maps can exhaust the stack) and builds a
// node per item (a flat 4 MB list costs far more memory than the file). The scan rejects such
// input early; the exact node count (with aliases) is checked again after parsing.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace castmap {

struct YamlShapeIssue {
  enum class Kind { too_deep, too_many_nodes };
  Kind kind = Kind::too_deep;
  int line = 0;    ///< 0-based line in the scanned text
  int column = 0;  ///< 0-based byte column
};

/// Estimates nesting depth (block indentation levels, `- `/`? ` indicators, flow brackets)
/// and node count of `yaml`. The depth estimate errs on the high side by at most a level or
/// two per line, never low for nesting written with indentation, indicators or brackets.
/// Returns the first place where depth exceeds `max_depth` or the node estimate exceeds
/// `max_nodes`; nullopt when the text is within both limits.
std::optional<YamlShapeIssue> check_yaml_shape(std::string_view yaml, int max_depth,
                                               std::size_t max_nodes);

}  // namespace castmap
