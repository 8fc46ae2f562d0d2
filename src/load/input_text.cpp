// Input cleaning on top of text.hpp's clean_text; this file only finds where the first
// problems are so the warning can point at them.
#include "src/load/input_text.hpp"

#include <algorithm>
#include <cstdio>

#include "src/base/text.hpp"

namespace castmap {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

/// C0 controls other than TAB, LF and CR: never valid in YAML, JSON strings or XML 1.0.
bool is_forbidden_control(unsigned char c) {
  return c < 0x20 && c != '\t' && c != '\n' && c != '\r';
}

bool has_forbidden_control(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return is_forbidden_control(static_cast<unsigned char>(c)); });
}

/// U+FFFE and U+FFFF are well-formed UTF-8 that clean_text drops like controls.
bool is_noncharacter_at(std::string_view text, std::size_t i) {
  return text.compare(i, 3, "\xEF\xBF\xBE") == 0 || text.compare(i, 3, "\xEF\xBF\xBF") == 0;
}

struct FirstProblems {
  std::size_t invalid_utf8 = std::string_view::npos;
  std::size_t control = std::string_view::npos;
};

/// Walks the input and its cleaned form side by side: they agree up to the first ill-formed
/// byte, except for the characters clean_text drops.
FirstProblems find_first_problems(std::string_view in, std::string_view out) {
  FirstProblems found;
  std::size_t i = 0, j = 0;
  while (i < in.size()) {
    if (is_forbidden_control(static_cast<unsigned char>(in[i])) || is_noncharacter_at(in, i)) {
      if (found.control == std::string_view::npos) found.control = i;
      i += is_noncharacter_at(in, i) ? 3 : 1;
      continue;
    }
    if (out.compare(j, kReplacement.size(), kReplacement) == 0 &&
        in.compare(i, kReplacement.size(), kReplacement) != 0) {
      found.invalid_utf8 = i;
      break;
    }
    ++i;
    ++j;
  }
  if (found.control == std::string_view::npos && found.invalid_utf8 != std::string_view::npos) {
    for (std::size_t k = found.invalid_utf8; k < in.size(); ++k) {
      if (is_forbidden_control(static_cast<unsigned char>(in[k]))) {
        found.control = k;
        break;
      }
    }
  }
  return found;
}

std::string hex_byte(unsigned char c) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "0x%02X", c);
  return buffer;
}

}  // namespace

SourceLocation location_of_offset(std::string_view text, std::size_t offset,
                                  std::string_view path) {
  offset = std::min(offset, text.size());
  std::string_view before = text.substr(0, offset);
  int line = 1 + static_cast<int>(std::count(before.begin(), before.end(), '\n'));
  std::size_t line_start = before.rfind('\n');
  line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
  return {std::string(path), line, static_cast<int>(offset - line_start) + 1};
}

std::string_view clean_input(std::string_view bytes, std::string_view path,
                             DiagnosticSink& diagnostics, std::string& storage) {
  if (is_valid_utf8(bytes) && !has_forbidden_control(bytes)) return bytes;
  storage = clean_text(bytes);
  FirstProblems first = find_first_problems(bytes, storage);
  if (first.invalid_utf8 != std::string_view::npos) {
    diagnostics.warning(location_of_offset(bytes, first.invalid_utf8, path), "invalid-utf8",
                        "invalid UTF-8 byte " +
                            hex_byte(static_cast<unsigned char>(bytes[first.invalid_utf8])) +
                            " replaced with U+FFFD (and any later ones)");
  }
  if (first.control != std::string_view::npos) {
    std::string what =
        is_noncharacter_at(bytes, first.control)
            ? std::string(bytes[first.control + 2] == '\xBE' ? "noncharacter U+FFFE"
                                                             : "noncharacter U+FFFF")
            : "control character " + hex_byte(static_cast<unsigned char>(bytes[first.control]));
    diagnostics.warning(location_of_offset(bytes, first.control, path), "control-character",
                        what + " removed (and any later ones)");
  }
  return storage;
}

}  // namespace castmap
