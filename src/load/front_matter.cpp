// Front matter splitting: finds the delimiter lines with plain string scans (no regex, the
// loader runs this on every file of very large catalogs).
#include "src/load/front_matter.hpp"

namespace castmap {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

/// True when `line` (without its '\n') is `marker` followed only by blanks or a CR.
bool is_delimiter(std::string_view line, std::string_view marker) {
  if (line.substr(0, marker.size()) != marker) return false;
  for (char c : line.substr(marker.size()))
    if (c != ' ' && c != '\t' && c != '\r') return false;
  return true;
}

/// The line starting at `pos` without its '\n', and the offset just after it.
std::string_view line_at(std::string_view text, std::size_t pos, std::size_t& next) {
  std::size_t end = text.find('\n', pos);
  if (end == std::string_view::npos) {
    next = text.size();
    return text.substr(pos);
  }
  next = end + 1;
  return text.substr(pos, end - pos);
}

}  // namespace

FrontMatterSplit split_front_matter(std::string_view text) {
  FrontMatterSplit split;
  if (text.substr(0, kBom.size()) == kBom) {
    split.bom_bytes = static_cast<int>(kBom.size());
    text.remove_prefix(kBom.size());
  }
  std::size_t next = 0;
  if (!is_delimiter(line_at(text, 0, next), "---")) return split;  // missing

  const std::size_t yaml_begin = next;
  std::size_t pos = next;
  while (pos < text.size()) {
    std::string_view line = line_at(text, pos, next);
    if (is_delimiter(line, "---") || is_delimiter(line, "...")) {
      split.status = FrontMatterStatus::ok;
      split.yaml = text.substr(yaml_begin, pos - yaml_begin);
      split.body = text.substr(next);
      return split;
    }
    pos = next;
  }
  split.status = FrontMatterStatus::unterminated;
  return split;
}

}  // namespace castmap
