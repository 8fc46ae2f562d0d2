// Parsing a count-or-percentage limit (share_limit.hpp).
#include "src/base/share_limit.hpp"

#include <charconv>

namespace castmap {

std::optional<ShareLimit> parse_share_limit(std::string_view text) {
  ShareLimit limit;
  limit.percentage = !text.empty() && text.back() == '%';
  if (limit.percentage) {
    text.remove_suffix(1);
    if (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  }
  if (text.empty()) return std::nullopt;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), limit.value);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  if (limit.percentage && limit.value > 100) return std::nullopt;
  return limit;
}

}  // namespace castmap
