// Builds a YamlTree from yaml-cpp's event stream, mirroring what YAML::NodeBuilder does for
// YAML::Load (same nodes, marks, anchors and pair order) without its per-node allocations.
#include "src/load/yaml_tree.hpp"

#include <istream>
#include <limits>
#include <streambuf>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

namespace castmap {

namespace {

/// Lets yaml-cpp read the text in place (an std::istringstream would copy it).
class ViewStreamBuf : public std::streambuf {
 public:
  explicit ViewStreamBuf(std::string_view text) {
    // The get area is only read; std::streambuf just lacks a const interface.
    char* begin = const_cast<char*>(text.data());
    setg(begin, begin, begin + text.size());
  }
};

constexpr std::uint32_t kNoNode = std::numeric_limits<std::uint32_t>::max();

/// The tree indexes with 32 bits; no front matter within sane limits comes near that.
std::uint32_t to_index(std::size_t size) {
  if (size >= kNoNode) throw YAML::Exception(YAML::Mark::null_mark(), "YAML text is too large");
  return static_cast<std::uint32_t>(size);
}

class TreeBuilder final : public YAML::EventHandler {
 public:
  explicit TreeBuilder(YamlTree& tree) : tree_(tree) {}

  bool has_root() const { return root_ != kNoNode; }
  std::uint32_t root() const { return root_; }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    attach(add(mark, YamlKind::null, anchor));
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    // yaml-cpp rejects unknown aliases before reporting them; stay safe if one slips through.
    if (anchor < anchors_.size() && anchors_[anchor] != kNoNode) {
      attach(anchors_[anchor]);
    } else {
      attach(add(mark, YamlKind::null, YAML::NullAnchor));
    }
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    const std::uint32_t index = add(mark, YamlKind::scalar, anchor);
    YamlNode& node = tree_.nodes[index];
    node.plain = tag == "?";
    node.text_offset = to_index(tree_.text.size());
    node.text_size = to_index(value.size());
    to_index(tree_.text.size() + value.size());  // the end must be addressable too
    tree_.text += value;
    attach(index);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(add(mark, YamlKind::sequence, anchor));
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(add(mark, YamlKind::map, anchor));
  }
  void OnMapEnd() override { close(); }

 private:
  struct OpenContainer {
    std::uint32_t node;
    std::size_t first_pending;  ///< where its children start in pending_
  };

  /// A new node; anchored nodes are registered at once (as NodeBuilder does), so an alias
  /// inside an anchored collection refers to that collection.
  std::uint32_t add(const YAML::Mark& mark, YamlKind kind, YAML::anchor_t anchor) {
    const std::uint32_t index = to_index(tree_.nodes.size());
    YamlNode& node = tree_.nodes.emplace_back();
    node.kind = kind;
    if (!mark.is_null()) {
      node.line = mark.line;
      node.column = mark.column;
    }
    if (anchor != YAML::NullAnchor) {
      if (anchor >= anchors_.size()) anchors_.resize(anchor + 1, kNoNode);
      anchors_[anchor] = index;
    }
    return index;
  }

  /// A finished node becomes the next child of the innermost open container, or the root.
  void attach(std::uint32_t index) {
    if (open_.empty()) {
      if (root_ == kNoNode) root_ = index;
    } else {
      pending_.push_back(index);
    }
  }

  void open(std::uint32_t index) { open_.push_back({index, pending_.size()}); }

  void close() {
    if (open_.empty()) return;
    const OpenContainer container = open_.back();
    open_.pop_back();
    YamlNode& node = tree_.nodes[container.node];
    node.first_child = to_index(tree_.children.size());
    node.child_count = to_index(pending_.size() - container.first_pending);
    to_index(tree_.children.size() + node.child_count);
    tree_.children.insert(tree_.children.end(),
                          pending_.begin() + static_cast<std::ptrdiff_t>(container.first_pending),
                          pending_.end());
    pending_.resize(container.first_pending);
    attach(container.node);
  }

  YamlTree& tree_;
  std::vector<std::uint32_t> pending_;
  std::vector<OpenContainer> open_;
  std::vector<std::uint32_t> anchors_;  ///< anchor id -> node
  std::uint32_t root_ = kNoNode;
};

}  // namespace

std::optional<YamlRef> YamlRef::find(std::string_view name) const {
  for (const YamlPair& pair : pairs())
    if (pair.key.IsScalar() && pair.key.Scalar() == name) return pair.value;
  return std::nullopt;
}

YamlTree parse_yaml_tree(std::string_view yaml) {
  YamlTree tree;
  tree.text.reserve(yaml.size());
  {
    ViewStreamBuf buffer(yaml);
    std::istream in(&buffer);
    YAML::Parser parser(in);
    TreeBuilder builder(tree);
    parser.HandleNextDocument(builder);
    if (builder.has_root()) {
      tree.root_index = builder.root();
      return tree;
    }
  }
  tree.root_index = to_index(tree.nodes.size());
  tree.nodes.emplace_back();  // no document or no content: a null root with no mark
  return tree;
}

}  // namespace castmap
