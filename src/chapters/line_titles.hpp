// Titles of the one-line-per-chapter formats (mp4chaps, YouTube): one line, trimmed, never
// empty.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace castmap {

/// Appends `title` on one line: line breaks and tabs become spaces, leading and trailing
/// white space is dropped. Returns false (appending nothing) when nothing is left.
bool append_line_title(std::string& out, std::string_view title);

/// Leading and trailing spaces and tabs removed.
std::string_view trim_spaces(std::string_view text);

}  // namespace castmap
