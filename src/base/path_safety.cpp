// Path-component safety rules. Works on bytes: in valid UTF-8 a multi-byte sequence can only be
// matched from its lead byte, so the byte patterns below never match inside another character.
#include "src/base/path_safety.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "src/base/text.hpp"

namespace castmap {

namespace {

/// Unicode whitespace beyond ASCII, as UTF-8 byte sequences (C1 controls such as U+0085 are
/// caught by has_c1_control).
constexpr std::array<std::string_view, 18> kUnicodeSpaces = {
    "\xC2\xA0",      // U+00A0 NO-BREAK SPACE
    "\xE1\x9A\x80",  // U+1680 OGHAM SPACE MARK
    "\xE2\x80\x80", "\xE2\x80\x81", "\xE2\x80\x82", "\xE2\x80\x83", "\xE2\x80\x84",
    "\xE2\x80\x85", "\xE2\x80\x86", "\xE2\x80\x87", "\xE2\x80\x88", "\xE2\x80\x89",
    "\xE2\x80\x8A",                  // U+2000-U+200A
    "\xE2\x80\xA8", "\xE2\x80\xA9",  // U+2028 LINE / U+2029 PARAGRAPH SEPARATOR
    "\xE2\x80\xAF",                  // U+202F NARROW NO-BREAK SPACE
    "\xE2\x81\x9F",                  // U+205F MEDIUM MATHEMATICAL SPACE
    "\xE3\x80\x80",                  // U+3000 IDEOGRAPHIC SPACE
};

bool has_unicode_space(std::string_view name) {
  return std::any_of(kUnicodeSpaces.begin(), kUnicodeSpaces.end(), [&](std::string_view space) {
    return name.find(space) != std::string_view::npos;
  });
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
  if (!ascii && has_unicode_space(name)) return "contains whitespace";
  if (!ascii && has_c1_control(name)) return "contains a control character";
  if (is_windows_device_name(name)) return "is a reserved device name on Windows";
  return {};
}

}  // namespace castmap
