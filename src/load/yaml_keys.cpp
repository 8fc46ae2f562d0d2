// Merge keys and duplicate keys. Both rewrite a map's run of children: merging appends a new
// run (the old one stays unused in the arena), dropping duplicates compacts the run in place.
// No recursion: merged maps may chain as deep as the document allows.
#include "src/load/yaml_keys.hpp"

#include <cstdint>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace castmap {

namespace {

bool is_merge_key(YamlRef key) { return key.IsScalar() && key.IsPlain() && key.Scalar() == "<<"; }

enum class MergeState : std::uint8_t { unvisited, active, done };

class MergeResolver {
 public:
  MergeResolver(YamlTree& tree, std::size_t budget)
      : tree_(tree), budget_(budget), state_(tree.nodes.size(), MergeState::unvisited) {}

  std::optional<YamlMergeIssue> run() {
    for (std::uint32_t index = 0; index < tree_.nodes.size(); ++index) {
      if (tree_.nodes[index].kind != YamlKind::map || state_[index] == MergeState::done) continue;
      if (auto issue = resolve(index)) return issue;
    }
    return std::nullopt;
  }

 private:
  YamlRef ref(std::uint32_t index) const { return {tree_, index}; }

  /// The maps `map` merges, in order of precedence; an issue when a `<<` value is no map.
  std::optional<YamlMergeIssue> sources_of(YamlRef map, std::vector<std::uint32_t>& sources) {
    sources.clear();
    for (const YamlPair& pair : map.pairs()) {
      if (!is_merge_key(pair.key)) continue;
      if (pair.value.IsMap()) {
        sources.push_back(pair.value.index());
      } else if (pair.value.IsSequence()) {
        for (YamlRef item : pair.value.items()) {
          if (!item.IsMap()) return YamlMergeIssue{YamlMergeIssue::Kind::not_a_map, item};
          sources.push_back(item.index());
        }
      } else {
        return YamlMergeIssue{YamlMergeIssue::Kind::not_a_map, pair.value};
      }
    }
    return std::nullopt;
  }

  /// Resolves `start` and every map it depends on, innermost first, with an explicit stack.
  std::optional<YamlMergeIssue> resolve(std::uint32_t start) {
    std::vector<std::uint32_t> stack{start};
    std::vector<std::uint32_t> sources;
    while (!stack.empty()) {
      const std::uint32_t top = stack.back();
      if (state_[top] == MergeState::done) {
        stack.pop_back();
        continue;
      }
      state_[top] = MergeState::active;
      if (auto issue = sources_of(ref(top), sources)) return issue;
      bool waiting = false;
      for (std::uint32_t source : sources) {
        if (state_[source] == MergeState::done) continue;
        // Active maps are exactly the ones on the stack: merging one would merge itself.
        if (state_[source] == MergeState::active)
          return YamlMergeIssue{YamlMergeIssue::Kind::cycle, ref(top)};
        stack.push_back(source);
        waiting = true;
        break;
      }
      if (waiting) continue;
      if (!sources.empty()) {
        if (auto issue = merge(top, sources)) return issue;
      }
      state_[top] = MergeState::done;
      stack.pop_back();
    }
    return std::nullopt;
  }

  /// Gives `map` a new run: its own pairs but `<<`, then the sources' pairs with new keys.
  std::optional<YamlMergeIssue> merge(std::uint32_t map,
                                      const std::vector<std::uint32_t>& sources) {
    run_.clear();
    std::unordered_set<std::string_view> keys;
    const auto add = [&](const YamlPair& pair, bool own) {
      if (pair.key.IsScalar() && !keys.insert(pair.key.Scalar()).second && !own) return;
      run_.push_back(pair.key.index());
      run_.push_back(pair.value.index());
    };
    for (const YamlPair& pair : ref(map).pairs())
      if (!is_merge_key(pair.key)) add(pair, true);  // own duplicates stay, to be reported
    for (std::uint32_t source : sources)
      for (const YamlPair& pair : ref(source).pairs()) add(pair, false);
    added_ += run_.size();
    if (added_ > budget_) return YamlMergeIssue{YamlMergeIssue::Kind::too_large, ref(map)};
    YamlNode& node = tree_.nodes[map];
    node.first_child = static_cast<std::uint32_t>(tree_.children.size());
    node.child_count = static_cast<std::uint32_t>(run_.size());
    tree_.children.insert(tree_.children.end(), run_.begin(), run_.end());
    return std::nullopt;
  }

  YamlTree& tree_;
  std::size_t budget_;
  std::size_t added_ = 0;
  std::vector<MergeState> state_;
  std::vector<std::uint32_t> run_;
};

}  // namespace

std::optional<YamlMergeIssue> apply_merge_keys(YamlTree& tree, std::size_t budget) {
  // Every scalar's text is in tree.text: without "<<" there is no merge key.
  if (tree.text.find("<<") == std::string::npos) return std::nullopt;
  return MergeResolver(tree, budget).run();
}

void drop_duplicate_keys(YamlTree& tree, const std::function<void(YamlRef key)>& report) {
  // Small maps (chapters, most front matter) are checked pair against pair; larger ones
  // through a set, so a map of 50,000 keys costs no 50,000-squared comparisons.
  constexpr std::uint32_t kLargeMap = 16;
  std::unordered_set<std::string_view> seen;
  for (std::uint32_t index = 0; index < tree.nodes.size(); ++index) {
    YamlNode& node = tree.nodes[index];
    if (node.kind != YamlKind::map || node.child_count < 4) continue;
    std::uint32_t* pairs = tree.children.data() + node.first_child;
    const std::uint32_t count = node.child_count / 2;
    const bool large = count > kLargeMap;
    if (large) seen.clear();
    std::uint32_t kept = 0;
    for (std::uint32_t p = 0; p < count; ++p) {
      const YamlRef key(tree, pairs[2 * p]);
      bool repeated = false;
      if (key.IsScalar()) {
        if (large) {
          repeated = !seen.insert(key.Scalar()).second;
        } else {
          for (std::uint32_t q = 0; q < kept && !repeated; ++q) {
            const YamlRef earlier(tree, pairs[2 * q]);
            repeated = earlier.IsScalar() && earlier.Scalar() == key.Scalar();
          }
        }
      }
      if (repeated) {
        report(key);
        continue;
      }
      pairs[2 * kept] = pairs[2 * p];
      pairs[2 * kept + 1] = pairs[2 * p + 1];
      ++kept;
    }
    node.child_count = 2 * kept;
  }
}

}  // namespace castmap
