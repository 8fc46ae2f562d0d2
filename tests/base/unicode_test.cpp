// Tests for the Unicode helpers: White_Space and Default_Ignorable from utf8proc, and the
// identifier key (NFC + case folding) under which ids and slugs are compared.
#include <catch2/catch.hpp>

#include <string>

#include "src/base/text.hpp"
#include "src/base/unicode.hpp"

using namespace castmap;

TEST_CASE("is_white_space is Unicode's White_Space property", "[unicode]") {
  // The complete property list (PropList.txt).
  for (char32_t cp : {0x09u, 0x0Au, 0x0Bu, 0x0Cu, 0x0Du, 0x20u, 0x85u, 0xA0u, 0x1680u, 0x2000u,
                      0x2005u, 0x200Au, 0x2028u, 0x2029u, 0x202Fu, 0x205Fu, 0x3000u}) {
    INFO(static_cast<unsigned>(cp));
    CHECK(is_white_space(cp));
  }
  for (char32_t cp : {0x00u, 0x1Cu, 0x1Fu, 0x41u, 0x7Fu, 0x84u, 0x200Bu, 0x180Eu, 0xFEFFu, 0x2060u,
                      0x10FFFFu, 0x110000u}) {
    INFO(static_cast<unsigned>(cp));
    CHECK_FALSE(is_white_space(cp));
  }
  CHECK(is_space_separator(0x20));
  CHECK(is_space_separator(0xA0));
  CHECK(is_space_separator(0x3000));
  CHECK_FALSE(is_space_separator('\n'));
  CHECK_FALSE(is_space_separator(0x85));
  CHECK_FALSE(is_space_separator(0x2028));
}

TEST_CASE("is_default_ignorable covers zero-width and bidirectional controls", "[unicode]") {
  for (char32_t cp :
       {0x200Bu, 0x200Cu, 0x200Du, 0x2060u, 0xFEFFu, 0x202Au, 0x202Bu, 0x202Cu, 0x202Du, 0x202Eu,
        0x2066u, 0x2067u, 0x2068u, 0x2069u, 0x200Eu, 0x200Fu, 0x061Cu, 0xADu}) {
    INFO(static_cast<unsigned>(cp));
    CHECK(is_default_ignorable(cp));
  }
  for (char32_t cp : {0x41u, 0x20u, 0xE9u, 0x3000u, 0x1F600u})
    CHECK_FALSE(is_default_ignorable(cp));
}

TEST_CASE("identifier_key folds case and Unicode normalization", "[unicode]") {
  CHECK(identifier_key("klustered-1") == "klustered-1");
  CHECK(identifier_key("KLUSTERED-1") == "klustered-1");
  CHECK_FALSE(needs_identifier_key("klustered-1"));
  CHECK(needs_identifier_key("Klustered-1"));
  // NFC (U+00E9) and NFD (e + U+0301), in either case, share one key.
  const std::string nfc = "caf\xC3\xA9";
  const std::string nfd = "cafe\xCC\x81";
  CHECK(identifier_key(nfc) == nfc);
  CHECK(identifier_key(nfd) == nfc);
  CHECK(identifier_key("CAF\xC3\x89") == nfc);
  CHECK(identifier_key("CAFE\xCC\x81") == nfc);
  // Full case folding: German sharp s and its capital.
  CHECK(identifier_key("stra\xC3\x9F"
                       "e") == identifier_key("STRASSE"));
  // Different names stay different.
  CHECK(identifier_key("cafe") != identifier_key(nfc));
  // Not UTF-8: compared as written.
  CHECK(identifier_key("a\xFF") == "a\xFF");
}

TEST_CASE("whitespace runs collapse by Unicode White_Space", "[text][unicode]") {
  const std::string nbsp = "\xC2\xA0", ideographic = "\xE3\x80\x80", em = "\xE2\x80\x83";
  const std::string nel = "\xC2\x85", line_separator = "\xE2\x80\xA8";
  // Leading and trailing white space of any kind is trimmed.
  CHECK(collapse_whitespace(nbsp + "Title" + ideographic) == "Title");
  CHECK(collapse_whitespace(em + line_separator + " a b " + nel) == "a b");
  // Runs of several characters, and line breaks or controls, become one U+0020.
  CHECK(collapse_whitespace("a" + nbsp + nbsp + "b") == "a b");
  CHECK(collapse_whitespace("a " + ideographic + "b") == "a b");
  CHECK(collapse_whitespace("a" + nel + "b") == "a b");
  CHECK(collapse_whitespace("a" + line_separator + "b") == "a b");
  CHECK(collapse_whitespace("a\tb") == "a b");
  // One space separator between words is kept as written.
  CHECK(collapse_whitespace("a" + nbsp + "b") == "a" + nbsp + "b");
  CHECK(collapse_whitespace("a" + ideographic + "b") == "a" + ideographic + "b");
  // Other characters, and bytes that are not UTF-8, pass through.
  CHECK(collapse_whitespace("caf\xC3\xA9 \xE2\x80\x8B x\xFF") == "caf\xC3\xA9 \xE2\x80\x8B x\xFF");

  for (const std::string& blank : {nbsp, ideographic + em, nel + line_separator + " \t"}) {
    CHECK(is_blank(blank));
    CHECK(collapse_whitespace(blank).empty());
    CHECK(trim_whitespace(blank).empty());
  }
  CHECK_FALSE(is_blank(nbsp + "x"));
  CHECK(trim_whitespace(nbsp + " a" + nbsp + "b " + ideographic) == "a" + nbsp + "b");
  CHECK(trim_trailing_whitespace(" a" + ideographic) == " a");
  CHECK(truncate_chars("abc" + ideographic + "def", 5) == "abc\u2026");
}

TEST_CASE("is_collapsed_whitespace agrees with collapse_whitespace", "[text][unicode]") {
  const std::vector<std::string> pieces = {
      "a",        " ",  "  ",       "\xC2\xA0", "\xE3\x80\x80", "\n", "\xE2\x80\xA8",
      "\xC2\x85", "\t", "\xC3\xA9", "\xFF",     "abcdefghij"};
  // Every sequence of up to three pieces, so runs meet word boundaries in every way.
  for (const auto& a : pieces)
    for (const auto& b : pieces)
      for (const auto& c : pieces) {
        const std::string text = a + b + c;
        INFO(text);
        CHECK(is_collapsed_whitespace(text) == (collapse_whitespace(text) == text));
      }
  CHECK(is_collapsed_whitespace(""));
  CHECK(is_collapsed_whitespace("A plain title, long enough for the word-wise fast path"));
  CHECK_FALSE(is_collapsed_whitespace("A plain title,  long enough for the word-wise fast path"));
}
