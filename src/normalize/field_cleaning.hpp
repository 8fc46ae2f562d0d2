// Cleaning of free-text fields (titles, names, descriptions) with one diagnostic per repair:
// characters no output format can carry are removed, titles are put on one line.
#pragma once

#include <string>
#include <string_view>

#include "src/base/compact_text.hpp"
#include "src/model/diagnostics.hpp"

namespace castmap {

/// True when `value` is valid UTF-8 without characters XML cannot carry (nothing to clean).
bool is_clean_text(std::string_view value);
/// True when `value` has no leading, trailing or repeated Unicode White_Space and no line breaks,
/// tabs or other white-space controls (collapse_whitespace would leave it as it is).
bool is_single_line(std::string_view value);

/// Replaces invalid UTF-8 with U+FFFD (warning `invalid-utf8`) and removes control characters
/// XML cannot carry (warning `control-character`). `label` names the field in messages, e.g.
/// "title" or "chapter title".
void repair_text(std::string& value, std::string_view label, const SourceLocation& where,
                 DiagnosticSink& diagnostics);
/// Trims and collapses Unicode White_Space runs (collapse_whitespace; warning
/// `title-whitespace`, unless nothing is left: the caller then reports the empty title).
void repair_line(std::string& value, std::string_view label, const SourceLocation& where,
                 DiagnosticSink& diagnostics);

/// repair_text when needed. `where()` gives the field's SourceLocation and is only called when
/// there is something to report: building a location copies the file path, and clean fields
/// (nearly all of them) should cost nothing.
template <typename Locate>
void clean_field(std::string& value, std::string_view label, const Locate& where,
                 DiagnosticSink& diagnostics) {
  if (!is_clean_text(value)) repair_text(value, label, where(), diagnostics);
}

/// clean_field, then repair_line when needed: titles must be one line in every feed.
template <typename Locate>
void clean_title(std::string& value, std::string_view label, const Locate& where,
                 DiagnosticSink& diagnostics) {
  clean_field(value, label, where, diagnostics);
  if (!is_single_line(value)) repair_line(value, label, where(), diagnostics);
}

/// clean_title for a CompactText: copied out and back only when there is something to repair.
template <typename Locate>
void clean_title(CompactText& value, std::string_view label, const Locate& where,
                 DiagnosticSink& diagnostics) {
  if (is_clean_text(value) && is_single_line(value)) return;
  std::string text = value.str();
  clean_title(text, label, where, diagnostics);
  value = text;
}

/// Removes leading and trailing Unicode White_Space in place.
void trim(std::string& text);

}  // namespace castmap
