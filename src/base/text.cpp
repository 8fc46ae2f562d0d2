// UTF-8 decoding by hand is limited to validation and boundaries; escaping is left to pugixml,
// nlohmann-json and the WebVTT exporter's character-reference table.
#include "src/base/text.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace castmap {

namespace {

/// Decodes one code point at text[i]; returns its length, or 0 when ill-formed.
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

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

}  // namespace

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
  bool pending_space = false;
  for (char c : text) {
    if (is_space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

bool is_blank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return is_space(c); });
}

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
  std::string out(text.substr(0, i));
  while (!out.empty() && is_space(out.back())) out.pop_back();
  return out + std::string(ellipsis);
}

std::string truncate_bytes(std::string_view text, std::size_t max_bytes,
                           std::string_view ellipsis) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t keep = max_bytes > ellipsis.size() ? max_bytes - ellipsis.size() : 0;
  // Back up to the start of a code point.
  while (keep > 0 && (static_cast<unsigned char>(text[keep]) & 0xC0) == 0x80) --keep;
  std::string out(text.substr(0, keep));
  while (!out.empty() && is_space(out.back())) out.pop_back();
  return out + std::string(ellipsis);
}

}  // namespace castmap
