// The YAML shape pre-scan: a line-based approximation of the YAML block and flow grammar that
// only tracks what creates nesting (indentation, `- `/`? `/`: ` indicators, brackets) and skips
// what cannot (quoted, block and multi-line plain scalars, comments).
#include "src/load/yaml_shape.hpp"

#include <vector>

namespace castmap {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

class ShapeScanner {
 public:
  ShapeScanner(int max_depth, std::size_t max_nodes)
      : max_depth_(max_depth), max_nodes_(max_nodes) {}

  std::optional<YamlShapeIssue> run(std::string_view yaml) {
    std::size_t start = 0;
    while (start < yaml.size() && !issue_) {
      std::size_t end = yaml.find('\n', start);
      if (end == std::string_view::npos) end = yaml.size();
      std::string_view line = yaml.substr(start, end - start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      scan_line(line);
      ++line_no_;
      start = end + 1;
    }
    return issue_;
  }

 private:
  void scan_line(std::string_view line) {
    std::size_t indent = line.find_first_not_of(' ');
    const bool blank = indent == std::string_view::npos ||
                       line.find_first_not_of(" \t", indent) == std::string_view::npos;
    if (indent == std::string_view::npos) indent = line.size();
    const int column = static_cast<int>(indent);

    if (block_scalar_owner_ >= 0) {
      if (blank || column > block_scalar_owner_) return;  // literal/folded text
      block_scalar_owner_ = -1;
    }
    if (pending_quote_ != 0) {
      std::size_t pos = skip_quoted_from(line, 0, pending_quote_);
      if (pending_quote_ == 0 && flow_depth_ > 0) scan_flow(line, pos);
      return;
    }
    if (flow_depth_ > 0) {
      flow_prev_ = ',';  // a new line inside a flow collection starts a token
      scan_flow(line, 0);
      return;
    }
    if (blank || line[indent] == '#') return;
    if (plain_owner_ >= 0 && column > plain_owner_) return;  // multi-line plain scalar
    plain_owner_ = -1;
    if (is_document_marker(line)) {
      // `--- [[[...`: a new document whose root node starts on the marker line.
      indents_.clear();
      indents_.push_back(0);
      scan_node(line, 4, 1, -1, true);
      return;
    }

    while (!indents_.empty() && indents_.back() > column) indents_.pop_back();
    if (indents_.empty() || indents_.back() < column) {
      indents_.push_back(column);
      if (!check_depth(static_cast<int>(indents_.size()), column)) return;
    }
    scan_block_content(line, indent, static_cast<int>(indents_.size()));
  }

  void scan_block_content(std::string_view line, std::size_t pos, int depth) {
    int owner = static_cast<int>(pos) - 1;  // a bare scalar continues on lines indented as much
    // Compact nesting: `- - - x`, `? - x`, `- ? x` each open a level on the same line.
    while (pos < line.size() && (line[pos] == '-' || line[pos] == '?' || line[pos] == ':') &&
           (pos + 1 == line.size() || is_blank(line[pos + 1]))) {
      owner = static_cast<int>(pos);
      ++depth;
      if (!check_depth(depth, owner) || !count_nodes(1, owner)) return;
      ++pos;
      while (pos < line.size() && is_blank(line[pos])) ++pos;
    }
    scan_node(line, pos, depth, owner, true);
  }

  /// One node in block context starting at `pos` (after indicators or a key's `: `).
  void scan_node(std::string_view line, std::size_t pos, int depth, int owner, bool allow_key) {
    pos = skip_properties(line, pos);
    if (pos >= line.size() || line[pos] == '#') return;  // value continues on deeper lines
    const int start = static_cast<int>(pos);
    const char c = line[pos];
    if (c == '[' || c == '{') {
      flow_base_ = depth;
      flow_prev_ = ',';
      pos = scan_flow(line, pos);
      if (flow_depth_ > 0 || issue_) return;
      after_scalar(line, pos, depth, start, allow_key);
    } else if (c == '"' || c == '\'') {
      pos = skip_quoted_from(line, pos + 1, c);
      if (pending_quote_ != 0) return;
      after_scalar(line, pos, depth, start, allow_key);
    } else if (c == '|' || c == '>') {
      block_scalar_owner_ = owner;
    } else {
      std::size_t colon = allow_key ? find_key_indicator(line, pos) : std::string_view::npos;
      if (colon != std::string_view::npos) {
        if (!count_nodes(2, start)) return;
        skip_to_value(line, colon + 1, depth, start);
        return;
      }
      if (!count_nodes(1, start)) return;
      plain_owner_ = owner;
    }
  }

  /// After a quoted scalar, flow collection or alias: it may be a key (`"a b": value`).
  void after_scalar(std::string_view line, std::size_t pos, int depth, int key_column,
                    bool allow_key) {
    while (pos < line.size() && is_blank(line[pos])) ++pos;
    if (allow_key && pos < line.size() && line[pos] == ':' &&
        (pos + 1 == line.size() || is_blank(line[pos + 1]))) {
      if (!count_nodes(2, key_column)) return;
      skip_to_value(line, pos + 1, depth, key_column);
      return;
    }
    count_nodes(1, key_column);
  }

  void skip_to_value(std::string_view line, std::size_t pos, int depth, int key_column) {
    while (pos < line.size() && is_blank(line[pos])) ++pos;
    scan_node(line, pos, depth, key_column, false);  // `a: b: c` is not YAML
  }

  /// Scans flow content; returns the position after the collection that closed, or the line
  /// end when it continues on the next line.
  std::size_t scan_flow(std::string_view line, std::size_t pos) {
    for (; pos < line.size(); ++pos) {
      const char c = line[pos];
      if (is_blank(c)) continue;
      const bool token_start =
          flow_prev_ == '[' || flow_prev_ == '{' || flow_prev_ == ',' || flow_prev_ == ':';
      if ((c == '"' || c == '\'') && token_start) {
        pos = skip_quoted_from(line, pos + 1, c);
        if (pending_quote_ != 0) return line.size();
        flow_prev_ = 'x';
        --pos;
        continue;
      }
      if (c == '#' && (pos == 0 || is_blank(line[pos - 1]))) return line.size();
      flow_prev_ = c;
      if (c == '[' || c == '{') {
        ++flow_depth_;
        if (!check_depth(flow_base_ + flow_depth_, static_cast<int>(pos)) ||
            !count_nodes(1, static_cast<int>(pos)))
          return line.size();
      } else if (c == ']' || c == '}') {
        if (flow_depth_ > 0 && --flow_depth_ == 0) return pos + 1;
      } else if (c == ',') {
        if (!count_nodes(1, static_cast<int>(pos))) return line.size();
      }
    }
    return pos;
  }

  /// Skips quoted text from `pos` (just after the opening quote, or a line start when the
  /// scalar continues from an earlier line). Sets pending_quote_ when the line ends first.
  std::size_t skip_quoted_from(std::string_view line, std::size_t pos, char quote) {
    pending_quote_ = 0;
    while (pos < line.size()) {
      const char c = line[pos];
      if (quote == '"' && c == '\\') {
        pos += 2;
        continue;
      }
      if (c == quote) {
        if (quote == '\'' && pos + 1 < line.size() && line[pos + 1] == '\'') {
          pos += 2;  // '' is an escaped quote
          continue;
        }
        return pos + 1;
      }
      ++pos;
    }
    pending_quote_ = quote;
    return line.size();
  }

  /// `--- ` or `... ` followed by content (a bare `---` line never reaches the scan).
  static bool is_document_marker(std::string_view line) {
    return line.size() > 3 && (line.substr(0, 3) == "---" || line.substr(0, 3) == "...") &&
           is_blank(line[3]);
  }

  /// Anchors (`&a`) and tags (`!t`) before a node.
  static std::size_t skip_properties(std::string_view line, std::size_t pos) {
    while (pos < line.size() && is_blank(line[pos])) ++pos;
    while (pos < line.size() && (line[pos] == '&' || line[pos] == '!')) {
      while (pos < line.size() && !is_blank(line[pos])) ++pos;
      while (pos < line.size() && is_blank(line[pos])) ++pos;
    }
    return pos;
  }

  /// The `:` of an implicit key in a plain scalar (`key: value`, `key:`), npos if none.
  static std::size_t find_key_indicator(std::string_view line, std::size_t pos) {
    for (; pos < line.size(); ++pos) {
      if (line[pos] == '#' && pos > 0 && is_blank(line[pos - 1])) return std::string_view::npos;
      if (line[pos] == ':' && (pos + 1 == line.size() || is_blank(line[pos + 1]))) return pos;
    }
    return std::string_view::npos;
  }

  bool check_depth(int depth, int column) {
    if (depth <= max_depth_) return true;
    issue_ = YamlShapeIssue{YamlShapeIssue::Kind::too_deep, line_no_, column};
    return false;
  }

  bool count_nodes(std::size_t n, int column) {
    nodes_ += n;
    if (nodes_ <= max_nodes_) return true;
    issue_ = YamlShapeIssue{YamlShapeIssue::Kind::too_many_nodes, line_no_, column};
    return false;
  }

  const int max_depth_;
  const std::size_t max_nodes_;
  std::vector<int> indents_;     ///< columns of the open block levels
  int flow_depth_ = 0;           ///< open `[`/`{` (may span lines)
  int flow_base_ = 0;            ///< block depth where the open flow collection started
  char flow_prev_ = ',';         ///< last significant character inside flow context
  char pending_quote_ = 0;       ///< quoted scalar continuing on the next line
  int block_scalar_owner_ = -1;  ///< `|`/`>` text: lines indented deeper than this
  int plain_owner_ = -1;         ///< plain scalar continuation: lines indented deeper
  std::size_t nodes_ = 0;
  int line_no_ = 0;
  std::optional<YamlShapeIssue> issue_;
};

}  // namespace

std::optional<YamlShapeIssue> check_yaml_shape(std::string_view yaml, int max_depth,
                                               std::size_t max_nodes) {
  return ShapeScanner(max_depth, max_nodes).run(yaml);
}

}  // namespace castmap
