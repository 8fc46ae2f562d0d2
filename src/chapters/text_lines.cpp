// Line splitting and offset-to-position lookup.
#include "src/chapters/text_lines.hpp"

#include <algorithm>

namespace castmap {

std::size_t bom_length(std::string_view text) { return text.starts_with("\xEF\xBB\xBF") ? 3 : 0; }

LineIndex::LineIndex(std::string_view text) : size_(text.size()) {
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')))
      line_starts_.push_back(i + 1);
  }
}

FieldPosition LineIndex::at(std::size_t offset) const {
  offset = std::min(offset, size_);
  const auto after = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const auto line = static_cast<std::size_t>(after - line_starts_.begin());  // >= 1
  return {static_cast<int>(line), static_cast<int>(offset - line_starts_[line - 1]) + 1};
}

bool LineReader::next(TextLine& line) {
  if (at_ >= text_.size()) return false;
  const std::size_t end = text_.find_first_of("\r\n", at_);
  const std::size_t stop = end == std::string_view::npos ? text_.size() : end;
  line.text = text_.substr(at_, stop - at_);
  line.offset = at_;
  line.number = ++number_;
  at_ = stop;
  if (at_ < text_.size()) at_ += text_.compare(at_, 2, "\r\n") == 0 ? 2 : 1;
  return true;
}

}  // namespace castmap
