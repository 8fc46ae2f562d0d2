// Canonical text of a configuration's sources (see config_provenance.hpp).
#include "src/config/config_provenance.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

#include "src/config/config.hpp"

namespace castmap {

namespace {

/// Nodes walked at most: a 1 MB config has far fewer unless aliases multiply them.
constexpr std::size_t kMaxCanonicalNodes = 200000;
/// Nesting walked at most: a recursive alias (`a: &a [*a]`) nests without end.
constexpr std::size_t kMaxCanonicalDepth = 64;

/// Length-prefixed, so no value can imitate structure.
void add_text(std::string& out, std::string_view text) {
  out += std::to_string(text.size());
  out += ':';
  out += text;
}

/// Appends the canonical form of `node`; false when the node budget runs out.
bool add_node(std::string& out, const YAML::Node& node, std::size_t& budget,
              std::size_t depth = 0) {
  if (budget == 0 || depth > kMaxCanonicalDepth) return false;
  --budget;
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      // The tag is kept: `!!str 1` and `1` may read differently.
      out += 's';
      add_text(out, node.Tag());
      add_text(out, node.Scalar());
      return true;
    case YAML::NodeType::Sequence:
      out += '[';
      for (const YAML::Node& item : node)
        if (!add_node(out, item, budget, depth + 1)) return false;
      out += ']';
      return true;
    case YAML::NodeType::Map: {
      std::vector<std::pair<std::string, std::string>> entries;
      for (const auto& entry : node) {
        std::pair<std::string, std::string> canonical;
        if (!add_node(canonical.first, entry.first, budget, depth + 1) ||
            !add_node(canonical.second, entry.second, budget, depth + 1))
          return false;
        entries.push_back(std::move(canonical));
      }
      std::sort(entries.begin(), entries.end());
      out += '{';
      for (const auto& [key, value] : entries) out += key + value;
      out += '}';
      return true;
    }
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      out += 'n';
      return true;
  }
  return true;
}

}  // namespace

std::string config_file_provenance(const YAML::Node& root, std::string_view folder,
                                   std::string_view raw_text) {
  std::string out = "config-file ";
  add_text(out, folder);
  std::size_t budget = kMaxCanonicalNodes;
  std::string tree;
  if (add_node(tree, root, budget)) {
    out += " tree ";
    out += tree;
  } else {
    out += " text ";
    add_text(out, raw_text);
  }
  return out;
}

void record_setting(Config& config, std::string_view name, std::string_view value) {
  config.provenance += "\nsetting ";
  add_text(config.provenance, name);
  add_text(config.provenance, value);
}

}  // namespace castmap
