// A compact read-only YAML tree built from yaml-cpp's parser events: yaml-cpp still does all the
// YAML parsing, but its events land in three flat arrays instead of YAML::Load's shared_ptr
// node graph, which cost as much time as the parsing itself on a large catalog.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace castmap {

enum class YamlKind : std::uint8_t { null, scalar, sequence, map };

/// One node. Containers own a run of `YamlTree::children`; a map's run holds key, value, key,
/// value... for every pair in document order, duplicates included.
struct YamlNode {
  std::uint32_t text_offset = 0;  ///< scalar text: `YamlTree::text[offset, offset + size)`
  std::uint32_t text_size = 0;
  std::uint32_t first_child = 0;  ///< index into `YamlTree::children`
  std::uint32_t child_count = 0;  ///< sequence items, or twice the map's pairs
  int line = -1;                  ///< yaml-cpp's mark (0-based); -1 when unknown
  int column = -1;
  YamlKind kind = YamlKind::null;
  bool plain = false;  ///< an unquoted, untagged scalar (yaml-cpp's tag "?")
};

class YamlRef;
struct YamlPair;

/// Nodes may be shared: an alias (`*a`) refers to the node its anchor (`&a`) is on, like
/// YAML::Load's shared nodes, so the tree is a graph (an alias inside its own anchored
/// collection even makes a cycle). Walkers that follow every edge need a budget.
struct YamlTree {
  std::vector<YamlNode> nodes;
  std::vector<std::uint32_t> children;
  std::string text;  ///< all scalar texts, back to back
  std::uint32_t root_index = 0;

  YamlRef root() const;
};

/// Parses the first document of `yaml` like YAML::Load: no document, or one without content,
/// gives a null root; plain `~`/`null`/empty values are null nodes. Throws YAML::Exception
/// (with yaml-cpp's mark) on invalid YAML, including an alias to an unknown anchor.
YamlTree parse_yaml_tree(std::string_view yaml);

/// Iterates a container's children one at a time (items) or two at a time (pairs).
template <typename Value, std::size_t Step>
class YamlChildIterator {
 public:
  YamlChildIterator(const YamlTree& tree, const std::uint32_t* at) : tree_(&tree), at_(at) {}
  Value operator*() const;
  YamlChildIterator& operator++() {
    at_ += Step;
    return *this;
  }
  bool operator!=(const YamlChildIterator& other) const { return at_ != other.at_; }

 private:
  const YamlTree* tree_;
  const std::uint32_t* at_;
};

template <typename Value, std::size_t Step>
struct YamlChildRange {
  YamlChildIterator<Value, Step> first;
  YamlChildIterator<Value, Step> last;
  YamlChildIterator<Value, Step> begin() const { return first; }
  YamlChildIterator<Value, Step> end() const { return last; }
};

/// A node of a YamlTree (which must outlive it), with the few YAML::Node queries the readers
/// use, under the same names.
class YamlRef {
 public:
  YamlRef(const YamlTree& tree, std::uint32_t index) : tree_(&tree), index_(index) {}

  std::uint32_t index() const { return index_; }
  YamlKind kind() const { return node().kind; }
  bool IsNull() const { return kind() == YamlKind::null; }
  bool IsScalar() const { return kind() == YamlKind::scalar; }
  bool IsSequence() const { return kind() == YamlKind::sequence; }
  bool IsMap() const { return kind() == YamlKind::map; }
  /// True for unquoted, untagged scalars (`42`, not `"42"` or `!!str 42`).
  bool IsPlain() const { return node().plain; }

  /// A scalar's text; empty for other nodes (as YAML::Node::Scalar()).
  std::string_view Scalar() const {
    const YamlNode& n = node();
    return std::string_view(tree_->text.data() + n.text_offset, n.text_size);
  }

  /// Items of a sequence, pairs of a map, 0 otherwise (as YAML::Node::size()).
  std::size_t size() const {
    const YamlNode& n = node();
    return n.kind == YamlKind::map ? n.child_count / 2 : n.child_count;
  }

  /// 0-based line and column where yaml-cpp saw the node start; -1 when unknown.
  int line() const { return node().line; }
  int column() const { return node().column; }

  /// The `i`-th child in the tree's order (for a map: key 0, value 0, key 1, ...).
  YamlRef child(std::size_t i) const { return {*tree_, tree_->children[node().first_child + i]}; }
  YamlRef key(std::size_t pair) const { return child(2 * pair); }
  YamlRef value(std::size_t pair) const { return child(2 * pair + 1); }

  /// The value of the first pair whose key is the scalar `name` (as const YAML::Node[]).
  std::optional<YamlRef> find(std::string_view name) const;

  /// A sequence's items (empty for other nodes).
  YamlChildRange<YamlRef, 1> items() const;
  /// A map's key/value pairs in document order (empty for other nodes).
  YamlChildRange<YamlPair, 2> pairs() const;

 private:
  const YamlNode& node() const { return tree_->nodes[index_]; }

  template <typename Value, std::size_t Step>
  YamlChildRange<Value, Step> range(YamlKind wanted) const;

  const YamlTree* tree_;
  std::uint32_t index_;
};

struct YamlPair {
  YamlRef key;
  YamlRef value;
};

inline YamlRef YamlTree::root() const { return {*this, root_index}; }

template <typename Value, std::size_t Step>
Value YamlChildIterator<Value, Step>::operator*() const {
  if constexpr (Step == 1) {
    return YamlRef(*tree_, at_[0]);
  } else {
    return YamlPair{YamlRef(*tree_, at_[0]), YamlRef(*tree_, at_[1])};
  }
}

template <typename Value, std::size_t Step>
YamlChildRange<Value, Step> YamlRef::range(YamlKind wanted) const {
  const YamlNode& n = node();
  const std::uint32_t* first = tree_->children.data() + n.first_child;
  const std::size_t count = n.kind == wanted ? n.child_count - n.child_count % Step : 0;
  return {{*tree_, first}, {*tree_, first + count}};
}

inline YamlChildRange<YamlRef, 1> YamlRef::items() const {
  return range<YamlRef, 1>(YamlKind::sequence);
}

inline YamlChildRange<YamlPair, 2> YamlRef::pairs() const {
  return range<YamlPair, 2>(YamlKind::map);
}

}  // namespace castmap
