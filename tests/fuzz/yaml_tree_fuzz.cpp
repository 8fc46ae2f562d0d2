// libFuzzer entry point for the YAML tree on its own, without the loader's pre-scan: the tree
// built from yaml-cpp's events must match YAML::Load node for node (kinds, text, plainness,
// marks, pair order), and merge keys and duplicate keys must be applied without a crash, hang
// or undefined behaviour. A difference aborts, so libFuzzer keeps the input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "src/load/front_matter_document.hpp"
#include "src/load/yaml_keys.hpp"
#include "src/load/yaml_tree.hpp"

namespace {

void require(bool condition) {
  if (!condition) std::abort();
}

/// Compares the tree with YAML::Load's, node for node. Iterative, with a budget: aliases make
/// both graphs, and a cycle (`a: &a [*a]`) would otherwise never end.
void require_same(castmap::YamlRef root, const YAML::Node& loaded_root) {
  std::vector<std::pair<castmap::YamlRef, YAML::Node>> pending{{root, loaded_root}};
  for (int budget = 20000; !pending.empty() && budget > 0 && pending.size() < 100000; --budget) {
    const auto [ours, theirs] = pending.back();
    pending.pop_back();
    switch (theirs.Type()) {
      case YAML::NodeType::Null:
        require(ours.IsNull());
        break;
      case YAML::NodeType::Scalar:
        require(ours.IsScalar() && ours.Scalar() == theirs.Scalar());
        require(ours.IsPlain() == (theirs.Tag() == "?"));
        break;
      case YAML::NodeType::Sequence:
        require(ours.IsSequence());
        break;
      case YAML::NodeType::Map:
        require(ours.IsMap());
        break;
      case YAML::NodeType::Undefined:
        require(false);
    }
    require(ours.line() == theirs.Mark().line && ours.column() == theirs.Mark().column);
    require(ours.size() == theirs.size());
    std::size_t i = 0;
    if (theirs.IsSequence()) {
      for (const auto& item : theirs) pending.emplace_back(ours.child(i++), item);
    } else if (theirs.IsMap()) {
      for (const auto& entry : theirs) {
        pending.emplace_back(ours.key(i), entry.first);
        pending.emplace_back(ours.value(i), entry.second);
        ++i;
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // yaml-cpp's recursive descent (shared by both parsers) is what the loader's pre-scan guards;
  // nesting within its own limit is enough here.
  if (size > 1u << 16) return 0;
  const std::string yaml(reinterpret_cast<const char*>(data), size);
  if (yaml.find('\0') != std::string::npos) return 0;  // the loader never hands yaml-cpp a NUL
  YAML::Node loaded;
  bool load_failed = false;
  try {
    loaded = YAML::Load(yaml);
  } catch (const YAML::Exception&) {
    load_failed = true;
  }
  castmap::YamlTree tree;
  try {
    tree = castmap::parse_yaml_tree(yaml);
  } catch (const YAML::Exception&) {
    require(load_failed);
    return 0;
  }
  require(!load_failed);
  require_same(tree.root(), loaded);

  if (!castmap::apply_merge_keys(tree, 20000)) {
    std::size_t repeated = 0;
    castmap::drop_duplicate_keys(tree, [&](castmap::YamlRef) { ++repeated; });
    (void)castmap::find_node_over_limit(tree.root(), 20000);
  }
  return 0;
}
