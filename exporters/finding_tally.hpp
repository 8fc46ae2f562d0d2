// Counting findings by code, for formats that report one line per kind of problem per run (at
// its first occurrence in catalog order) rather than one per episode: the 311-episode corpus then
// gives a handful of lines, not hundreds.
#pragma once

#include <cstddef>
#include <map>
#include <span>
#include <string_view>

#include "exporters/exporter.hpp"

namespace castmap {

/// How often one code was found, and its first finding.
struct FindingTally {
  std::size_t count = 0;
  const Finding* first = nullptr;
};

/// The findings grouped by code; views into `findings`.
inline std::map<std::string_view, FindingTally> tally_by_code(std::span<const Finding> findings) {
  std::map<std::string_view, FindingTally> tallies;
  for (const Finding& finding : findings) {
    FindingTally& tally = tallies[finding.diagnostic.code];
    if (tally.count++ == 0) tally.first = &finding;
  }
  return tallies;
}

}  // namespace castmap
