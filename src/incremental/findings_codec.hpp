// The diagnostics rendering a piece reported (a file, a fragment), as one line of text kept with
// it for the next run (a manifest note, a fragment index note): a piece taken from the last run
// reports exactly what rendering it reported. No TAB and no newline, so a note fits a manifest
// field; every other byte survives.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "src/model/diagnostics.hpp"

namespace castmap {

/// Empty for no diagnostics (the common case: nothing to store).
std::string encode_findings(std::span<const Diagnostic> findings);
/// Nullopt when `note` is not something encode_findings() wrote.
std::optional<std::vector<Diagnostic>> decode_findings(std::string_view note);

}  // namespace castmap
