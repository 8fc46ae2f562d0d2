// One-line titles.
#include "src/chapters/line_titles.hpp"

namespace castmap {

namespace {
constexpr std::string_view kWhite(" \t\r\n\f\v\0", 7);
}  // namespace

bool append_line_title(std::string& out, std::string_view title) {
  const std::size_t first = title.find_first_not_of(kWhite);
  if (first == std::string_view::npos) return false;
  title = title.substr(first, title.find_last_not_of(kWhite) - first + 1);
  for (const char c : title) {
    if (c == '\0') continue;  // no text format can carry it
    if (c == '\r' || c == '\n' || c == '\t' || c == '\f' || c == '\v') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return true;
}

std::string_view trim_spaces(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

}  // namespace castmap
