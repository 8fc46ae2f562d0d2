// utf8proc lookups behind the Unicode helpers. utf8proc's own tables decide every property; the
// only code points named here are the White_Space members that are control characters
// (U+0009-U+000D, U+0085), which the property list adds to the Z categories.
#include "src/base/unicode.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>
#include <memory>

#include "src/base/text.hpp"

namespace castmap {

namespace {

bool is_valid_code_point(char32_t cp) { return cp <= 0x10FFFF; }

utf8proc_category_t category_of(char32_t cp) {
  return is_valid_code_point(cp) ? utf8proc_category(static_cast<utf8proc_int32_t>(cp))
                                 : UTF8PROC_CATEGORY_CN;
}

bool is_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

}  // namespace

bool is_white_space(char32_t cp) {
  if (cp < 0x80) return cp == ' ' || (cp >= '\t' && cp <= '\r');
  if (cp == 0x85) return true;
  const utf8proc_category_t category = category_of(cp);
  return category == UTF8PROC_CATEGORY_ZS || category == UTF8PROC_CATEGORY_ZL ||
         category == UTF8PROC_CATEGORY_ZP;
}

bool is_space_separator(char32_t cp) {
  if (cp < 0x80) return cp == ' ';
  return category_of(cp) == UTF8PROC_CATEGORY_ZS;
}

bool is_default_ignorable(char32_t cp) {
  if (cp < 0x80 || !is_valid_code_point(cp)) return false;
  return utf8proc_get_property(static_cast<utf8proc_int32_t>(cp))->ignorable;
}

bool needs_identifier_key(std::string_view text) {
  if (!is_ascii(text)) return true;
  return std::any_of(text.begin(), text.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

std::string identifier_key(std::string_view text) {
  std::string key(text);
  if (is_ascii(text)) {
    for (char& c : key)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return key;
  }
  if (!is_valid_utf8(text)) return key;
  // Decompose, fold case, compose again: the canonical caseless match of Unicode section 3.13.
  utf8proc_uint8_t* mapped = nullptr;
  const utf8proc_ssize_t length = utf8proc_map(
      reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
      static_cast<utf8proc_ssize_t>(text.size()), &mapped,
      static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD));
  const std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(mapped, &std::free);
  if (length < 0) return key;  // out of memory, or input utf8proc refuses: compare as written
  return std::string(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(length));
}

}  // namespace castmap
