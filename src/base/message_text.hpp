// Small formatting helpers for diagnostic messages, so that every message quotes values and
// numbers the same way.
#pragma once

#include <string>
#include <string_view>

namespace castmap {

/// `"value"` for a message: cleaned, whitespace collapsed and cut to 80 characters, so that a
/// hostile value can neither break the one-line `path:line:col: ...` format nor flood it.
/// (Not named `quoted`: argument-dependent lookup would pick std::quoted for std::string.)
std::string quote_value(std::string_view value);

/// Seconds in the shortest form that reads back exactly ("6325", "94.5"), without a unit.
std::string format_seconds(double seconds);

}  // namespace castmap
