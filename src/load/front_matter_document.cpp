// Front matter parsing pipeline: clean -> split -> shape pre-scan -> yaml-cpp -> node budget.
#include "src/load/front_matter_document.hpp"

#include <vector>

#include <yaml-cpp/exceptions.h>

#include "src/load/front_matter.hpp"
#include "src/load/input_text.hpp"
#include "src/load/yaml_fields.hpp"
#include "src/load/yaml_keys.hpp"
#include "src/load/yaml_shape.hpp"

namespace castmap {

namespace {

SourceLocation at(std::string_view path, int line, int column) {
  return {std::string(path), line, column};
}

/// File position of a yaml-cpp mark; the opening `---` line when the mark is unknown.
SourceLocation at(std::string_view path, FieldPosition position) {
  return at(path, position.line, position.column);
}

SourceLocation at_mark(std::string_view path, const YAML::Mark& mark, int yaml_first_line) {
  return at(path, file_position(mark.is_null() ? -1 : mark.line, mark.column, yaml_first_line));
}

/// File position of a node (same mapping as its yaml-cpp mark).
SourceLocation at_node(std::string_view path, YamlRef node, int yaml_first_line) {
  return at(path, file_position(node.line(), node.column(), yaml_first_line));
}

void report_merge_issue(const YamlMergeIssue& issue, std::string_view path, int yaml_first_line,
                        const LoaderLimits& limits, DiagnosticSink& diagnostics) {
  SourceLocation where = at_node(path, issue.at, yaml_first_line);
  switch (issue.kind) {
    case YamlMergeIssue::Kind::not_a_map:
      diagnostics.error(std::move(where), "yaml-merge-invalid",
                        "a merge key '<<' takes a map or a list of maps, not " +
                            std::string(YamlFields::kind_name(issue.at)));
      break;
    case YamlMergeIssue::Kind::cycle:
      diagnostics.error(std::move(where), "yaml-merge-invalid",
                        "this map merges itself through merge keys '<<'");
      break;
    case YamlMergeIssue::Kind::too_large:
      diagnostics.error(std::move(where), "yaml-too-large",
                        "merge keys '<<' expand the front matter by more than " +
                            std::to_string(limits.max_yaml_nodes) + " YAML nodes");
      break;
  }
}

}  // namespace

std::optional<YamlRef> find_node_over_limit(YamlRef root, std::size_t limit) {
  std::vector<YamlRef> pending{root};
  std::size_t count = 0;
  while (!pending.empty()) {
    const YamlRef node = pending.back();
    pending.pop_back();
    ++count;
    // Every pending node will be counted too, so stop as soon as they cannot fit: this also
    // keeps `pending` itself within the budget.
    const std::size_t children = node.IsMap() ? 2 * node.size() : node.size();
    if (count + pending.size() + children > limit) return node;
    // A map's children are its keys and values, in the tree's order.
    if (node.IsSequence() || node.IsMap())
      for (std::size_t i = 0; i < children; ++i) pending.push_back(node.child(i));
  }
  return std::nullopt;
}

std::optional<FrontMatterDocument> parse_front_matter_document(std::string_view bytes,
                                                               std::string_view path,
                                                               const LoaderLimits& limits,
                                                               DiagnosticSink& diagnostics,
                                                               std::string* body) {
  if (bytes.size() > limits.max_file_bytes) {
    diagnostics.error(at(path, 0, 0), "file-too-large",
                      "file is " + std::to_string(bytes.size()) + " bytes, over the limit of " +
                          std::to_string(limits.max_file_bytes));
    return std::nullopt;
  }
  std::string cleaned;
  std::string_view text = clean_input(bytes, path, diagnostics, cleaned);

  FrontMatterSplit split = split_front_matter(text);
  if (split.status == FrontMatterStatus::missing) {
    diagnostics.error(at(path, 1, 1), "front-matter-missing",
                      "file does not start with a '---' front matter line");
    return std::nullopt;
  }
  if (split.status == FrontMatterStatus::unterminated) {
    diagnostics.error(at(path, 1, 1), "front-matter-unterminated",
                      "front matter opened here is never closed with '---'");
    return std::nullopt;
  }

  FrontMatterDocument document;
  document.yaml_first_line = split.yaml_first_line;
  if (auto issue = check_yaml_shape(split.yaml, limits.max_nesting_depth, limits.max_yaml_nodes)) {
    SourceLocation where =
        at(path, file_position(issue->line, issue->column, split.yaml_first_line));
    if (issue->kind == YamlShapeIssue::Kind::too_deep) {
      diagnostics.error(
          std::move(where), "yaml-too-deep",
          "front matter nests deeper than " + std::to_string(limits.max_nesting_depth) + " levels");
    } else {
      diagnostics.error(
          std::move(where), "yaml-too-large",
          "front matter has more than " + std::to_string(limits.max_yaml_nodes) + " YAML nodes");
    }
    return std::nullopt;
  }

  try {
    document.tree = parse_yaml_tree(split.yaml);
  } catch (const YAML::Exception& e) {
    diagnostics.error(at_mark(path, e.mark, split.yaml_first_line), "yaml-syntax",
                      "invalid YAML: " + e.msg);
    return std::nullopt;
  }

  if (auto issue = apply_merge_keys(document.tree, limits.max_yaml_nodes)) {
    report_merge_issue(*issue, path, split.yaml_first_line, limits, diagnostics);
    return std::nullopt;
  }

  // Only aliases (`*name`) and merge keys can make the tree larger than the text the pre-scan
  // already bounded, so files without a '*' or "<<" skip the walk.
  const bool may_expand = split.yaml.find('*') != std::string_view::npos ||
                          split.yaml.find("<<") != std::string_view::npos;
  if (may_expand) {
    if (auto over = find_node_over_limit(document.root(), limits.max_yaml_nodes)) {
      diagnostics.error(at_node(path, *over, split.yaml_first_line), "yaml-too-large",
                        "front matter expands to more than " +
                            std::to_string(limits.max_yaml_nodes) +
                            " YAML nodes (aliases count every time they are used)");
      return std::nullopt;
    }
  }

  const YamlRef root = document.root();
  if (root.IsNull()) {
    // `---\n---`: no fields at all. The null root becomes an empty map without a mark.
    YamlNode& node = document.tree.nodes[root.index()];
    node = YamlNode{};
    node.kind = YamlKind::map;
  } else if (!root.IsMap()) {
    diagnostics.error(at_node(path, root, split.yaml_first_line), "front-matter-not-mapping",
                      "front matter must be 'key: value' pairs, not a " +
                          std::string(root.IsSequence() ? "list" : "single value"));
    return std::nullopt;
  }
  drop_duplicate_keys(document.tree, [&](YamlRef key) {
    diagnostics.warning(at_node(path, key, split.yaml_first_line), "duplicate-key",
                        "key " + YamlFields::quoted(key.Scalar()) +
                            " appears again in the same map; the first value is used");
  });
  if (body) body->assign(split.body);
  return document;
}

}  // namespace castmap
