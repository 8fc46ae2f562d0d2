// Free-text cleaning on top of the UTF-8 helpers in src/text.hpp, reporting what was repaired.
#include "src/field_cleaning.hpp"

#include "src/message_text.hpp"
#include "src/text.hpp"

namespace castmap {

namespace {

bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/// Whether clean_text would drop a character (rather than replace ill-formed bytes). Exact on
/// any input: a byte below 0x20 is never part of a multi-byte sequence, and U+FFFE/U+FFFF (EF BF
/// BE/BF) always start at their lead byte because 0xEF cannot be a continuation byte.
bool has_forbidden_character(std::string_view text) {
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 && c != '\t' && c != '\n' && c != '\r') return true;
  }
  return text.find("\xEF\xBF\xBE") != std::string_view::npos ||
         text.find("\xEF\xBF\xBF") != std::string_view::npos;
}

}  // namespace

void clean_field(std::string& value, std::string_view label, const SourceLocation& where,
                 DiagnosticSink& diagnostics) {
  bool changed = false;
  std::string cleaned = clean_text(value, &changed);
  if (!changed) return;
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

void clean_title(std::string& value, std::string_view label, const SourceLocation& where,
                 DiagnosticSink& diagnostics) {
  clean_field(value, label, where, diagnostics);
  std::string collapsed = collapse_whitespace(value);
  if (collapsed == value) return;
  diagnostics.warning(
      where, "title-whitespace",
      "collapsed extra whitespace in " + std::string(label) + " " + quote_value(collapsed));
  value = std::move(collapsed);
}

std::string trim(std::string_view text) {
  std::size_t begin = 0, end = text.size();
  while (begin < end && is_ascii_space(text[begin])) ++begin;
  while (end > begin && is_ascii_space(text[end - 1])) --end;
  return std::string(text.substr(begin, end - begin));
}

}  // namespace castmap
