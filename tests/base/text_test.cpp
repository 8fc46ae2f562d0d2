// Tests for the UTF-8 helpers and URL templates.
#include <catch2/catch.hpp>

#include <cctype>
#include <sstream>
#include <string>

#include "src/base/compact_text.hpp"
#include "src/base/text.hpp"
#include "src/config/url_template.hpp"
#include "src/normalize/field_cleaning.hpp"

using namespace castmap;

TEST_CASE("UTF-8 validation and cleaning", "[text]") {
  CHECK(is_valid_utf8("plain \xF0\x9F\x8D\xBF"));
  CHECK_FALSE(is_valid_utf8("\xC0\xAF"));      // overlong
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));  // surrogate
  CHECK_FALSE(is_valid_utf8("\xF0\x9F\x8D"));  // truncated
  bool changed = false;
  CHECK(clean_text("a\x01"
                   "b\xFF"
                   "c\tok",
                   &changed) ==
        "ab\xEF\xBF\xBD"
        "c\tok");
  CHECK(changed);
  CHECK(clean_text("fine", &changed) == "fine");
  CHECK_FALSE(changed);
}

// The validators skip plain ASCII a word at a time; a problem byte or pair must be found at
// every offset, inside a word, across two words and in the tail, exactly as byte by byte.
TEST_CASE("word-at-a-time validators agree with byte-by-byte checks at every offset", "[text]") {
  const std::string plain = "The quick brown fox jumps over the lazy dog, twice: 0123456789!";
  CHECK(printable_ascii_words(plain) == plain.size() / 8 * 8);
  CHECK(printable_ascii_words("short") == 0);
  CHECK(printable_ascii_words("abcdefg\x7F"
                              "abcdefgh") == 0);  // DEL
  CHECK(printable_ascii_words("abcdefgh"
                              "abc\ndefg") == 8);
  CHECK(printable_ascii_words("abcdefgh\xC3\xA9"
                              "bcdefg") == 8);
  CHECK(is_valid_utf8(plain));
  CHECK(is_clean_text(plain));
  CHECK(is_single_line(plain));
  for (std::size_t at = 0; at < plain.size(); ++at) {
    INFO("offset " << at);
    auto with = [&](std::string_view inserted) {
      std::string text(plain, 0, at);
      text.append(inserted);
      text.append(plain, at);
      return text;
    };
    CHECK_FALSE(is_valid_utf8(with("\xFF")));
    CHECK_FALSE(is_valid_utf8(with("\xC3")));      // lead byte without continuation
    CHECK_FALSE(is_valid_utf8(with("\xE2\x82")));  // truncated in the middle
    CHECK(is_valid_utf8(with("\xE2\x82\xAC")));    // euro sign straddling words
    CHECK(is_valid_utf8(with("\t\n\r\x7F")));
    CHECK_FALSE(is_clean_text(with("\x01")));
    CHECK_FALSE(is_clean_text(with("\xEF\xBF\xBF")));  // U+FFFF
    CHECK_FALSE(is_clean_text(with("\x80")));
    CHECK(is_clean_text(with("\t\n\r")));
    CHECK(is_clean_text(with("\xEF\xBF\xBD")));  // U+FFFD is fine
    CHECK_FALSE(is_single_line(with("\t")));
    CHECK_FALSE(is_single_line(with("\n")));
    if (at > 0 && plain[at - 1] != ' ' && plain[at] != ' ') {
      CHECK_FALSE(is_single_line(with("  ")));
      CHECK(is_single_line(with(" ")));
    }
    CHECK(is_single_line(with("\xC3\xA9")));
  }
  CHECK_FALSE(is_single_line(std::string(" ").append(plain)));
  CHECK_FALSE(is_single_line(std::string(plain).append(" ")));
}

TEST_CASE("ascii_text_words agrees with byte-by-byte rules for every byte and pair", "[text]") {
  const auto text_byte = [](unsigned char b) {
    return (b >= 0x20 && b <= 0x7F) || b == '\t' || b == '\n' || b == '\r';
  };
  const auto reference = [&](const std::string& text) {
    std::size_t i = 0;
    for (; i + 8 <= text.size(); i += 8) {
      bool all = true;
      for (std::size_t k = i; k < i + 8; ++k) all = all && text_byte(text[k]);
      if (!all) break;
    }
    return i;
  };
  std::size_t mismatches = 0;
  // Every byte value at every place of the second word.
  for (int b = 0; b < 256; ++b)
    for (std::size_t at = 8; at < 16; ++at) {
      std::string text = "abcdefgh\nbcdefghabc\rdefgh";
      text[at] = static_cast<char>(b);
      mismatches += ascii_text_words(text) != reference(text);
    }
  // Pairs of the bytes around the edges, at every two places of one word.
  const unsigned char edges[] = {0x00, 0x01, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D,
                                 0x0E, 0x1F, 0x20, 0x7E, 0x7F, 0x80, 0xC3, 0xFF};
  for (unsigned char a : edges)
    for (unsigned char b : edges)
      for (std::size_t i = 0; i < 8; ++i)
        for (std::size_t j = 0; j < 8; ++j) {
          std::string text = "Line one\n is here";
          text[i] = static_cast<char>(a);
          text[j] = static_cast<char>(b);
          mismatches += ascii_text_words(text) != reference(text);
        }
  CHECK(mismatches == 0);
  CHECK(ascii_text_words("one line\nanother\r\n\ttabbed.") == 24);
}

TEST_CASE("whitespace and truncation", "[text]") {
  CHECK(collapse_whitespace("  a \n\t b  ") == "a b");
  CHECK(is_blank(""));
  CHECK(is_blank(" \n\t\r "));
  CHECK_FALSE(is_blank("  a "));
  CHECK(utf8_length("h\xC3\xA9llo") == 5);
  CHECK(truncate_chars("h\xC3\xA9llo world", 5) == "h\xC3\xA9ll\u2026");
  CHECK(truncate_chars("short", 10) == "short");
  CHECK(truncate_bytes("ab\xC3\xA9"
                       "cd",
                       4, "") == "ab\xC3\xA9");
  CHECK(truncate_bytes("ab\xC3\xA9"
                       "cd",
                       3, "") == "ab");
}

TEST_CASE("URL templates encode values once", "[url]") {
  UrlFields fields{"https://example.com", "caf\xC3\xA9 & more", "id/1", "m?1", "show"};
  CHECK(expand_url("{base_url}/watch/{slug}/", fields) ==
        "https://example.com/watch/caf%C3%A9%20%26%20more/");
  CHECK(expand_url("{base_url}/{id}.mp3?x=1&y={media_id}", fields) ==
        "https://example.com/id%2F1.mp3?x=1&y=m%3F1");
  CHECK(expand_url("https://ex.com/a%20b/{unknown}", fields) ==
        "https://ex.com/a%20b/%7Bunknown%7D");
  CHECK(expand_url("", fields).empty());
  CHECK(is_absolute_http_url("https://a.b/c"));
  CHECK_FALSE(is_absolute_http_url("/relative"));
  CHECK_FALSE(is_absolute_http_url("ftp://x"));
}

namespace {
/// expand_url as first written, one byte at a time with <cctype>: the reference the table-driven
/// version must match byte for byte.
std::string reference_expand_url(std::string_view tmpl, const UrlFields& fields) {
  const char* hex = "0123456789ABCDEF";
  auto percent = [&](std::string& out, unsigned char c) {
    out += '%';
    out += hex[c >> 4];
    out += hex[c & 0xF];
  };
  auto segment = [&](std::string& out, std::string_view value) {
    for (unsigned char c : value) {
      if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~')
        out += static_cast<char>(c);
      else
        percent(out, c);
    }
  };
  if (tmpl.empty()) return {};
  std::string raw;
  for (std::size_t i = 0; i < tmpl.size();) {
    if (tmpl[i] == '{') {
      auto close = tmpl.find('}', i);
      if (close != std::string_view::npos) {
        std::string_view key = tmpl.substr(i + 1, close - i - 1);
        bool known = true;
        if (key == "base_url")
          raw += fields.base_url;
        else if (key == "slug")
          segment(raw, fields.slug);
        else if (key == "id")
          segment(raw, fields.id);
        else if (key == "media_id")
          segment(raw, fields.media_id);
        else if (key == "show")
          segment(raw, fields.show);
        else
          known = false;
        if (known) {
          i = close + 1;
          continue;
        }
      }
    }
    raw += tmpl[i++];
  }
  std::string out;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(raw[i]);
    bool allowed = c > 0x20 && c < 0x7F && c != '"' && c != '<' && c != '>' && c != '\\' &&
                   c != '^' && c != '`' && c != '{' && c != '|' && c != '}';
    if (c == '%')
      allowed = i + 2 < raw.size() && std::isxdigit(static_cast<unsigned char>(raw[i + 1])) &&
                std::isxdigit(static_cast<unsigned char>(raw[i + 2]));
    if (allowed)
      out += static_cast<char>(c);
    else
      percent(out, c);
  }
  return out;
}
}  // namespace

TEST_CASE("URL templates expand exactly as the byte-by-byte reference", "[url]") {
  std::string every_byte;
  for (int c = 0; c < 256; ++c) every_byte += static_cast<char>(c);
  const std::vector<std::string> values = {"", "plain-slug_1.0~x", every_byte, "a%2", "%zz%4"};
  const std::vector<std::string> templates = {
      "{base_url}/watch/{slug}/",       "{base_url}/{id}.mp3?x=1&y={media_id}&s={show}",
      "{slug}{slug}{unknown}{",         "}{base_url",
      "%41%4%%g {id} \x7f\xc3\xa9<>",   "https://ex.com/" + every_byte,
      "{base_url}/%" + every_byte + "%"};
  std::size_t checked = 0;
  for (const std::string& tmpl : templates)
    for (const std::string& value : values)
      for (const std::string& base : {std::string("https://ex.com"), std::string("x y%"), value}) {
        // UrlFields holds views: the composed values must outlive it.
        const std::string id = value + "/", show = "show " + value;
        const UrlFields fields{base, value, id, value, show};
        CHECK(expand_url(tmpl, fields) == reference_expand_url(tmpl, fields));
        ++checked;
      }
  CHECK(checked == 7 * 5 * 3);
}

TEST_CASE("yaml-cpp's Latin-1 decoding of \\_ and \\N is re-encoded as UTF-8", "[text]") {
  CHECK(fix_yaml_latin1_escapes("developer\xA0tools") == "developer\xC2\xA0tools");
  CHECK(fix_yaml_latin1_escapes("next\x85line") == "next\xC2\x85line");
  CHECK(fix_yaml_latin1_escapes("ok \xC2\xA0 \xF0\x9F\x8D\xBF") == "ok \xC2\xA0 \xF0\x9F\x8D\xBF");
  CHECK(fix_yaml_latin1_escapes("bad \xFF") == "bad \xFF");  // not ours to fix: reported later
}

TEST_CASE("CompactText holds any text in one pointer", "[text]") {
  static_assert(sizeof(CompactText) == sizeof(void*));
  CompactText empty;
  CHECK(empty.empty());
  CHECK(empty == "");
  CHECK(CompactText("").empty());
  const std::string with_nul("a\0b", 3);
  CompactText title = with_nul;
  CHECK(title.size() == 3);
  CHECK(title.view() == with_nul);
  CompactText copy = title;
  CHECK(copy == with_nul);
  CompactText moved = std::move(copy);
  CHECK(moved == with_nul);
  CHECK(copy.empty());  // NOLINT(bugprone-use-after-move): a moved-from text is empty
  moved = "Intro";
  CHECK(moved == "Intro");
  CHECK(moved.str() == "Intro");
  const std::string long_title(100000, 'x');
  moved = long_title;
  CHECK(moved.view() == long_title);
  std::ostringstream printed;
  printed << CompactText("Demo");
  CHECK(printed.str() == "Demo");
}
