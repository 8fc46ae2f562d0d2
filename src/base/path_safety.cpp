// Path-component safety rules. Works on bytes: in valid UTF-8 a multi-byte sequence can only be
// matched from its lead byte, so the byte patterns below never match inside another character.
#include "src/base/path_safety.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "src/base/text.hpp"
#include "src/base/unicode.hpp"

namespace castmap {

namespace {

/// The first non-ASCII character of `name` (valid UTF-8) that is White_Space, or that renders
/// as nothing (Default_Ignorable: zero-width characters, bidirectional controls), from
/// utf8proc's tables; 0 when there is none. `invisible` tells which of the two it is.
char32_t first_unicode_space_or_invisible(std::string_view name, bool& invisible) {
  char32_t cp = 0;
  for (std::size_t i = 0; i < name.size();) {
    const std::size_t length = utf8_decode(name, i, cp);
    if (length == 0) return 0;  // not UTF-8: reported before this is called
    i += length;
    if (cp < 0x80) continue;
    if (is_white_space(cp) || is_default_ignorable(cp)) {
      invisible = !is_white_space(cp);
      return cp;
    }
  }
  return 0;
}

std::string code_point_name(char32_t cp) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(cp));
  return buffer;
}

/// U+0080-U+009F encode as C2 80 .. C2 9F.
bool has_c1_control(std::string_view name) {
  for (std::size_t i = 0; i + 1 < name.size(); ++i) {
    auto lead = static_cast<unsigned char>(name[i]);
    auto next = static_cast<unsigned char>(name[i + 1]);
    if (lead == 0xC2 && next >= 0x80 && next <= 0x9F) return true;
  }
  return false;
}

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

/// Windows treats these as devices even with an extension ("con.json"), so the part before the
/// first dot is what counts.
bool is_windows_device_name(std::string_view name) {
  std::string_view raw_stem = name.substr(0, name.find('.'));
  if (raw_stem.size() != 3 && raw_stem.size() != 4) return false;
  std::string stem = lower_ascii(raw_stem);
  if (stem == "con" || stem == "prn" || stem == "aux" || stem == "nul") return true;
  if (stem.size() == 4 && (stem.starts_with("com") || stem.starts_with("lpt")))
    return stem[3] >= '1' && stem[3] <= '9';
  return false;
}

}  // namespace

std::string path_component_problem(std::string_view name) {
  if (name.empty()) return "is empty";
  if (name == "." || name == "..") return "is a relative folder reference";
  if (!is_valid_utf8(name)) return "is not valid UTF-8";
  if (name.size() > max_path_component_bytes)
    return "is longer than " + std::to_string(max_path_component_bytes) + " bytes";
  if (name.front() == '.') return "starts with '.'";
  if (name.front() == '-') return "starts with '-'";
  // Windows silently strips a trailing dot, so "a." and "a" would be the same file there.
  if (name.back() == '.') return "ends with '.'";
  for (char c : name) {
    auto byte = static_cast<unsigned char>(c);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
      return "contains whitespace";
    if (byte < 0x20 || byte == 0x7F) return "contains a control character";
    if (std::string_view("/\\:*?\"<>|").find(c) != std::string_view::npos)
      return std::string("contains '") + c + "'";
  }
  bool ascii = std::all_of(name.begin(), name.end(),
                           [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (!ascii && has_c1_control(name)) return "contains a control character";
  if (!ascii) {
    // Invisible characters make two names that look the same differ (and bidirectional
    // controls can make a name display as another), so they are refused, not just spaces.
    bool invisible = false;
    if (const char32_t cp = first_unicode_space_or_invisible(name, invisible); cp != 0)
      return invisible ? "contains the invisible character " + code_point_name(cp)
                       : "contains whitespace (" + code_point_name(cp) + ")";
  }
  if (is_windows_device_name(name)) return "is a reserved device name on Windows";
  return {};
}

}  // namespace castmap
