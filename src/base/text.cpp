// UTF-8 decoding by hand is limited to validation and boundaries; escaping is left to pugixml,
// nlohmann-json and the WebVTT exporter's character-reference table.
#include "src/base/text.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "src/base/unicode.hpp"

namespace castmap {

namespace {

std::size_t decode(std::string_view text, std::size_t i, char32_t& cp) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char b0 = byte(i);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  std::size_t len;
  char32_t min;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + len > text.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    unsigned char b = byte(i + k);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

bool xml_forbidden(char32_t cp) {
  if (cp < 0x20) return cp != '\t' && cp != '\n' && cp != '\r';
  return cp == 0xFFFE || cp == 0xFFFF;
}

/// Length of the character at text[i] for skipping over it: 1 for a byte that starts no
/// well-formed sequence.
std::size_t char_length(std::string_view text, std::size_t i) {
  if (static_cast<unsigned char>(text[i]) < 0x80) return 1;
  char32_t cp;
  const std::size_t length = decode(text, i, cp);
  return length == 0 ? 1 : length;
}

}  // namespace

std::size_t utf8_decode(std::string_view text, std::size_t i, char32_t& cp) {
  return decode(text, i, cp);
}

std::size_t white_space_at(std::string_view text, std::size_t i, bool* separator) {
  const auto byte = static_cast<unsigned char>(text[i]);
  char32_t cp = byte;
  std::size_t length = 1;
  if (byte >= 0x80) {
    // Every non-ASCII White_Space character starts with C2, E1, E2 or E3: skip the decoding
    // for all other lead bytes (most of any non-Latin text).
    if (byte != 0xC2 && (byte < 0xE1 || byte > 0xE3)) return 0;
    length = decode(text, i, cp);
    if (length == 0) return 0;
  }
  if (!is_white_space(cp)) return 0;
  if (separator) *separator = is_space_separator(cp);
  return length;
}

std::size_t printable_ascii_words(std::string_view text) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull;
  constexpr std::uint64_t kHighBits = 0x8080808080808080ull;
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, text.data() + i, 8);
    // With no high bit set, (word - 0x20 per byte) borrows into a byte's high bit exactly when
    // that byte is below 0x20; adding 1 per byte sets it exactly for 0x7F (DEL).
    const std::uint64_t below_space = (word - kOnes * 0x20) & ~word;
    const std::uint64_t is_delete = word + kOnes;
    if ((word | below_space | is_delete) & kHighBits) break;
  }
  return i;
}

std::size_t ascii_text_words(std::string_view text) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull;
  constexpr std::uint64_t kHighBits = 0x8080808080808080ull;
  constexpr std::uint64_t kLowBits = ~kHighBits;
  // Exactly the bytes equal to `c` (words without high bits): their high bit set.
  const auto equal_to = [](std::uint64_t word, unsigned char c) {
    const std::uint64_t x = word ^ (kOnes * c);
    return ~(((x & kLowBits) + kLowBits) | x) & kHighBits;
  };
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, text.data() + i, 8);
    if (word & kHighBits) break;
    // Exactly the bytes below 0x20: adding 0x60 leaves their high bit clear (no carries, as no
    // byte is above 0x7F).
    const std::uint64_t control = ~(word + kOnes * 0x60) & kHighBits;
    const std::uint64_t allowed =
        equal_to(word, '\t') | equal_to(word, '\n') | equal_to(word, '\r');
    if (control & ~allowed) break;
  }
  return i;
}

bool is_valid_utf8(std::string_view text) {
  char32_t cp;
  for (std::size_t i = 0; i < text.size();) {
    i += ascii_text_words(text.substr(i));
    // Decode at least the word that stopped the fast path (or the tail) before trying again.
    for (const std::size_t stop = std::min(text.size(), i + 8); i < stop;) {
      std::size_t len = decode(text, i, cp);
      if (len == 0) return false;
      i += len;
    }
  }
  return true;
}

std::string clean_text(std::string_view text, bool* changed) {
  std::string out;
  out.reserve(text.size());
  bool altered = false;
  char32_t cp;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t len = decode(text, i, cp);
    if (len == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
      altered = true;
      ++i;
      continue;
    }
    if (xml_forbidden(cp)) {
      altered = true;
    } else {
      out.append(text.substr(i, len));
    }
    i += len;
  }
  if (changed) *changed = altered;
  return out;
}

std::string fix_yaml_latin1_escapes(std::string text) {
  if (is_valid_utf8(text)) return text;
  std::string out;
  out.reserve(text.size() + 8);
  char32_t cp;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t len = decode(text, i, cp);
    if (len > 0) {
      out.append(text, i, len);
      i += len;
      continue;
    }
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == 0xA0 || byte == 0x85) out += '\xC2';
    out += text[i++];  // any other ill-formed byte is left for clean_text to report
  }
  return out;
}

std::string collapse_whitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    bool separator = false;
    std::size_t length = white_space_at(text, i, &separator);
    if (length == 0) {
      length = char_length(text, i);
      out.append(text.substr(i, length));
      i += length;
      continue;
    }
    const std::size_t run_start = i;
    const bool single_separator = separator;
    std::size_t run_length = 0;
    for (; length > 0; length = white_space_at(text, i, &separator)) {
      i += length;
      ++run_length;
      if (i == text.size()) break;
    }
    if (out.empty() || i == text.size()) continue;  // leading or trailing: trimmed
    if (run_length == 1 && single_separator) {
      out.append(text.substr(run_start, i - run_start));
    } else {
      out += ' ';
    }
  }
  return out;
}

bool is_collapsed_whitespace(std::string_view text) {
  bool after_space = true;  // white space at the very start is not collapsed
  for (std::size_t i = 0; i < text.size();) {
    // Printable ASCII a word at a time: only a space next to another space can matter.
    if (const std::size_t plain = printable_ascii_words(text.substr(i)); plain > 0) {
      const std::string_view chunk = text.substr(i, plain);
      if ((after_space && chunk.front() == ' ') || chunk.find("  ") != std::string_view::npos)
        return false;
      after_space = chunk.back() == ' ';
      i += plain;
      continue;
    }
    bool separator = false;
    if (const std::size_t length = white_space_at(text, i, &separator); length > 0) {
      if (after_space || !separator) return false;
      after_space = true;
      i += length;
      continue;
    }
    after_space = false;
    i += char_length(text, i);
  }
  return !after_space || text.empty();
}

std::string_view trim_trailing_whitespace(std::string_view text) {
  std::size_t end = text.size();
  while (end > 0) {
    // Back up to the start of the last character (at most 3 continuation bytes).
    std::size_t start = end - 1;
    while (start > 0 && end - start < 4 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80)
      --start;
    const std::size_t length = white_space_at(text, start);
    if (length == 0 || start + length != end) break;
    end = start;
  }
  return text.substr(0, end);
}

std::string_view trim_whitespace(std::string_view text) {
  std::size_t begin = 0;
  while (begin < text.size()) {
    const std::size_t length = white_space_at(text, begin);
    if (length == 0) break;
    begin += length;
  }
  return trim_trailing_whitespace(text.substr(begin));
}

bool is_blank(std::string_view text) { return trim_whitespace(text).empty(); }

std::size_t utf8_length(std::string_view text) {
  std::size_t count = 0;
  for (char c : text)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  return count;
}

std::string truncate_chars(std::string_view text, std::size_t max_chars,
                           std::string_view ellipsis) {
  if (utf8_length(text) <= max_chars) return std::string(text);
  std::size_t keep = max_chars > utf8_length(ellipsis) ? max_chars - utf8_length(ellipsis) : 0;
  std::size_t i = 0, chars = 0;
  while (i < text.size() && chars < keep) {
    ++i;
    while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
    ++chars;
  }
  std::string out(trim_trailing_whitespace(text.substr(0, i)));
  return out + std::string(ellipsis);
}

std::string truncate_bytes(std::string_view text, std::size_t max_bytes,
                           std::string_view ellipsis) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t keep = max_bytes > ellipsis.size() ? max_bytes - ellipsis.size() : 0;
  // Back up to the start of a code point.
  while (keep > 0 && (static_cast<unsigned char>(text[keep]) & 0xC0) == 0x80) --keep;
  std::string out(trim_trailing_whitespace(text.substr(0, keep)));
  return out + std::string(ellipsis);
}

}  // namespace castmap
