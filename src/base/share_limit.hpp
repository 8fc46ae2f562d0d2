// A limit given as a count or as a percentage of a total, as users write it: "500" or "25%"
// (prune.max_remove: how much of what the last run published one run may remove).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace castmap {

struct ShareLimit {
  bool percentage = true;
  std::uint64_t value = 25;  ///< a count, or percent (0-100)

  /// How many of `total` the limit allows (a percentage rounds down).
  std::uint64_t of(std::uint64_t total) const {
    if (!percentage) return value;
    return total / 100 * value + total % 100 * value / 100;
  }
  /// "500" or "25%".
  std::string text() const { return std::to_string(value) + (percentage ? "%" : ""); }
};

/// Parses "500" or "25%" (0-100, digits only, an optional space before %); nullopt otherwise.
std::optional<ShareLimit> parse_share_limit(std::string_view text);

}  // namespace castmap
