// Cleaning of free-text fields (titles, names, descriptions) with one diagnostic per repair:
// characters no output format can carry are removed, titles are put on one line.
#pragma once

#include <string>
#include <string_view>

#include "src/diagnostics.hpp"

namespace castmap {

/// Replaces invalid UTF-8 with U+FFFD (warning `invalid-utf8`) and removes control characters
/// XML cannot carry (warning `control-character`). `label` names the field in messages,
/// e.g. "title" or "chapter title".
void clean_field(std::string& value, std::string_view label, const SourceLocation& where,
                 DiagnosticSink& diagnostics);

/// clean_field, then trims and collapses every whitespace run to one space (warning
/// `title-whitespace` when that changed anything): titles must be a single line in every feed.
void clean_title(std::string& value, std::string_view label, const SourceLocation& where,
                 DiagnosticSink& diagnostics);

/// Removes leading and trailing ASCII whitespace.
std::string trim(std::string_view text);

}  // namespace castmap
