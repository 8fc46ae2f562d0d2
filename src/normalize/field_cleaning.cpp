// Free-text cleaning on top of the UTF-8 helpers in src/text.hpp, reporting what was repaired.
#include "src/normalize/field_cleaning.hpp"

#include <algorithm>

#include "src/base/message_text.hpp"
#include "src/base/text.hpp"

namespace castmap {

namespace {

/// Whether clean_text would drop a character (rather than replace ill-formed bytes). Exact on
/// any input: a byte below 0x20 is never part of a multi-byte sequence, and U+FFFE/U+FFFF (EF BF
/// BE/BF) always start at their lead byte because 0xEF cannot be a continuation byte.
bool has_forbidden_character(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    i += ascii_text_words(text.substr(i));
    for (const std::size_t stop = std::min(text.size(), i + 8); i < stop; ++i) {
      auto byte = static_cast<unsigned char>(text[i]);
      if (byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r') return true;
      if (byte == 0xEF && i + 2 < text.size() && text[i + 1] == '\xBF' &&
          (text[i + 2] == '\xBE' || text[i + 2] == '\xBF'))
        return true;
    }
  }
  return false;
}

}  // namespace

bool is_clean_text(std::string_view value) {
  return !has_forbidden_character(value) && is_valid_utf8(value);
}

bool is_single_line(std::string_view value) { return is_collapsed_whitespace(value); }

void repair_text(std::string& value, std::string_view label, const SourceLocation& where,
                 DiagnosticSink& diagnostics) {
  std::string cleaned = clean_text(value);
  if (!is_valid_utf8(value))
    diagnostics.warning(where, "invalid-utf8",
                        "replaced invalid UTF-8 in " + std::string(label) +
                            " with U+FFFD: " + quote_value(cleaned));
  if (has_forbidden_character(value))
    diagnostics.warning(
        where, "control-character",
        "removed control characters from " + std::string(label) + " " + quote_value(cleaned));
  value = std::move(cleaned);
}

void repair_line(std::string& value, std::string_view label, const SourceLocation& where,
                 DiagnosticSink& diagnostics) {
  std::string collapsed = collapse_whitespace(value);
  if (collapsed == value) return;
  if (!collapsed.empty())
    diagnostics.warning(
        where, "title-whitespace",
        "collapsed extra whitespace in " + std::string(label) + " " + quote_value(collapsed));
  value = std::move(collapsed);
}

void trim(std::string& text) {
  const std::string_view trimmed = trim_whitespace(text);
  if (trimmed.size() == text.size()) return;
  text = std::string(trimmed);
}

}  // namespace castmap
