// Escaping, quoting and number formatting for printed messages. UTF-8 is decoded with utf8proc;
// a byte that does not start a well-formed sequence is shown as `\xNN`.
#include "src/base/message_text.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <system_error>

namespace castmap {

namespace {

constexpr char kHex[] = "0123456789abcdef";

/// Whether every byte is printable ASCII (nearly every message): nothing to decode or escape.
bool printable_ascii(std::string_view text) {
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x7F) return false;
  }
  return true;
}

/// Decodes the code point at `text[i]`; returns its length in bytes, or 0 when the bytes there
/// are not well-formed UTF-8.
std::size_t decode(std::string_view text, std::size_t i, char32_t& code_point) {
  utf8proc_int32_t decoded = 0;
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data() + i);
  const utf8proc_ssize_t length =
      utf8proc_iterate(bytes, static_cast<utf8proc_ssize_t>(text.size() - i), &decoded);
  if (length <= 0 || decoded < 0) return 0;
  code_point = static_cast<char32_t>(decoded);
  return static_cast<std::size_t>(length);
}

void append_hex_byte(std::string& out, unsigned char byte) {
  const char escaped[] = {'\\', 'x', kHex[byte >> 4], kHex[byte & 0xF]};
  out.append(escaped, sizeof escaped);
}

void append_u_escape(std::string& out, char32_t code_point) {
  const char escaped[] = {'\\',
                          'u',
                          kHex[(code_point >> 12) & 0xF],
                          kHex[(code_point >> 8) & 0xF],
                          kHex[(code_point >> 4) & 0xF],
                          kHex[code_point & 0xF]};
  out.append(escaped, sizeof escaped);
}

void append_escaped_code_point(std::string& out, char32_t code_point) {
  switch (code_point) {
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    default:
      break;
  }
  if (code_point < 0x80)
    append_hex_byte(out, static_cast<unsigned char>(code_point));
  else
    append_u_escape(out, code_point);
}

/// Appends the character at `text[i]` (escaped when unsafe); returns the bytes it took.
std::size_t append_one(std::string& out, std::string_view text, std::size_t i) {
  char32_t code_point = 0;
  const std::size_t length = decode(text, i, code_point);
  if (length == 0) {
    append_hex_byte(out, static_cast<unsigned char>(text[i]));
    return 1;
  }
  if (is_unsafe_in_line(code_point))
    append_escaped_code_point(out, code_point);
  else
    out.append(text.data() + i, length);
  return length;
}

/// Characters in `text`, a byte that is not UTF-8 counting as one.
std::size_t count_chars(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++count) {
    char32_t code_point = 0;
    const std::size_t length = decode(text, i, code_point);
    i += length == 0 ? 1 : length;
  }
  return count;
}

/// Drops a decimal fraction's trailing zeros (and its point when nothing is left of it).
void trim_fraction(std::string& digits) {
  if (digits.find('.') == std::string::npos) return;
  while (digits.ends_with('0')) digits.pop_back();
  if (digits.ends_with('.')) digits.pop_back();
}

/// "1.5e+20" -> "1.5e20", "1e-07" -> "1e-7": how people write such exponents.
std::string plain_exponent(std::string_view scientific) {
  // std::find, not string::find: GCC 12 at -O3 takes the inlined memchr of string::find for an
  // overread here (-Wstringop-overread, a false positive).
  const char* e = std::find(scientific.begin(), scientific.end(), 'e');
  if (e == scientific.end()) return std::string(scientific);
  std::string mantissa(scientific.begin(), e);
  trim_fraction(mantissa);
  std::string exponent(e + 1, scientific.end());
  const bool negative = exponent.starts_with('-');
  if (negative || exponent.starts_with('+')) exponent.erase(0, 1);
  while (exponent.size() > 1 && exponent.front() == '0') exponent.erase(0, 1);
  return mantissa + 'e' + (negative ? "-" : "") + exponent;
}

}  // namespace

bool is_unsafe_in_line(char32_t code_point) {
  if (code_point < 0x20 || (code_point >= 0x7F && code_point <= 0x9F)) return true;
  switch (code_point) {
    case 0x061C:  // ARABIC LETTER MARK
    case 0x200E:  // LEFT-TO-RIGHT MARK
    case 0x200F:  // RIGHT-TO-LEFT MARK
    case 0x2028:  // LINE SEPARATOR
    case 0x2029:  // PARAGRAPH SEPARATOR
      return true;
    default:
      break;
  }
  return (code_point >= 0x202A && code_point <= 0x202E) ||  // embeddings and overrides
         (code_point >= 0x2066 && code_point <= 0x2069);    // isolates
}

void append_escaped(std::string& out, std::string_view text) {
  if (printable_ascii(text)) {
    out.append(text);
    return;
  }
  for (std::size_t i = 0; i < text.size();) i += append_one(out, text, i);
}

std::string escape_line(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_escaped(out, text);
  return out;
}

std::string escape_json_for_terminal(std::string json) {
  if (printable_ascii(json)) return json;
  std::string out;
  out.reserve(json.size() + 16);
  for (std::size_t i = 0; i < json.size();) {
    char32_t code_point = 0;
    const std::size_t length = decode(json, i, code_point);
    if (length == 0) {  // not from a serializer; kept so that nothing is lost
      out += json[i++];
      continue;
    }
    // Raw tabs and newlines are JSON's own whitespace (indented output) and stay.
    if (is_unsafe_in_line(code_point) && code_point >= 0x20)
      append_u_escape(out, code_point);
    else
      out.append(json, i, length);
    i += length;
  }
  return out;
}

std::string quote_value(std::string_view value) {
  std::string out = "\"";
  std::size_t chars = 0;
  std::size_t i = 0;
  while (i < value.size() && chars < kQuotedValueChars) {
    i += append_one(out, value, i);
    ++chars;
  }
  out += '"';
  if (i < value.size()) {
    out.insert(out.size() - 1, "\u2026");
    out += " (" + std::to_string(chars + count_chars(value.substr(i))) + " characters)";
  }
  return out;
}

std::string cut_message(std::string_view message) {
  // Bytes first: a message of at most kMessageChars bytes has at most that many characters.
  if (message.size() <= kMessageChars) return std::string(message);
  std::size_t i = 0;
  std::size_t chars = 0;
  while (i < message.size() && chars < kMessageChars) {
    char32_t code_point = 0;
    const std::size_t length = decode(message, i, code_point);
    i += length == 0 ? 1 : length;
    ++chars;
  }
  if (i == message.size()) return std::string(message);
  return std::string(message.substr(0, i)) + "\u2026 (message cut, " +
         std::to_string(chars + count_chars(message.substr(i))) + " characters)";
}

std::string format_seconds(double seconds) {
  if (std::isnan(seconds)) return "NaN";
  if (std::isinf(seconds)) return seconds > 0 ? "infinity" : "-infinity";
  if (seconds == 0) return "0";  // also -0, which no person writes
  // to_chars is locale-independent and gives the shortest form that reads back exactly.
  char buffer[400];
  const double magnitude = std::fabs(seconds);
  const bool plain = magnitude >= 1e-6 && magnitude < 1e15;
  const auto result =
      std::to_chars(buffer, buffer + sizeof buffer, seconds,
                    plain ? std::chars_format::fixed : std::chars_format::scientific);
  if (result.ec != std::errc()) return "NaN";  // cannot happen with this buffer
  const std::string_view text(buffer, static_cast<std::size_t>(result.ptr - buffer));
  return plain ? std::string(text) : plain_exponent(text);
}

}  // namespace castmap
