// Quoting and number formatting for diagnostic messages.
#include "src/base/message_text.hpp"

#include <charconv>

#include "src/base/text.hpp"

namespace castmap {

std::string quote_value(std::string_view value) {
  return '"' + truncate_chars(collapse_whitespace(clean_text(value)), 80) + '"';
}

std::string format_seconds(double seconds) {
  // to_chars is locale-independent and gives the shortest round-trip form.
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, seconds);
  return std::string(buffer, result.ptr);
}

}  // namespace castmap
