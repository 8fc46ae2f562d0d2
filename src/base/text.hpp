// UTF-8 text helpers shared by the loader, normalizer and exporters: validation, cleaning of
// characters no output format can carry, whitespace collapsing and truncation on character
// boundaries.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace castmap {

/// True when `text` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool is_valid_utf8(std::string_view text);

/// Length of the prefix of `text`, in whole 8-byte words, that is printable ASCII only
/// (0x20-0x7E). Such bytes need no UTF-8 decoding and are never forbidden or repaired, so
/// the validators skip them a word at a time: most of a catalog's text is plain ASCII.
std::size_t printable_ascii_words(std::string_view text);

/// The same for ASCII text: 0x20-0x7F plus tab, line feed and carriage return, which are valid
/// UTF-8 and never forbidden either. Descriptions have a line break every line or so, which
/// would stop printable_ascii_words every few words.
std::size_t ascii_text_words(std::string_view text);

/// Replaces ill-formed UTF-8 with U+FFFD and drops characters XML 1.0 cannot carry even as
/// references (C0 controls except TAB/LF/CR, U+FFFE, U+FFFF). Returns true in `changed` when
/// anything was altered.
std::string clean_text(std::string_view text, bool* changed = nullptr);

/// yaml-cpp 0.7 decodes the YAML escapes `\_` (U+00A0) and `\N` (U+0085) to the single
/// Latin-1 bytes A0 and 85 instead of UTF-8. The loader hands yaml-cpp valid UTF-8 only, so a
/// stray A0/85 byte in a decoded scalar can only come from those escapes: this re-encodes them
/// (C2 A0, C2 85) and leaves everything else untouched. Cheap no-op for valid UTF-8.
std::string fix_yaml_latin1_escapes(std::string text);

/// Decodes the code point at text[i] into `cp`; returns its length in bytes, or 0 when the
/// bytes there are not well-formed UTF-8.
std::size_t utf8_decode(std::string_view text, std::size_t i, char32_t& cp);

/// Length in bytes of the Unicode White_Space character (src/base/unicode.hpp) at text[i], or 0
/// when there is none. `separator` (optional) tells whether it is a space separator (Zs) rather
/// than a line break or control character.
std::size_t white_space_at(std::string_view text, std::size_t i, bool* separator = nullptr);

/// Trims leading and trailing Unicode White_Space and collapses every run of it inside to one
/// space: a run of several characters, or one line break, tab or other control character
/// (U+000A, U+0085, U+2028, ...), becomes U+0020; a single space separator between two words
/// (U+0020, U+00A0 NO-BREAK SPACE, U+3000 IDEOGRAPHIC SPACE, ...) is kept as written, so a
/// no-break space keeps its meaning.
std::string collapse_whitespace(std::string_view text);

/// Whether collapse_whitespace(text) == text, without building the copy.
bool is_collapsed_whitespace(std::string_view text);

/// `text` without leading and trailing Unicode White_Space.
std::string_view trim_whitespace(std::string_view text);
/// `text` without trailing Unicode White_Space.
std::string_view trim_trailing_whitespace(std::string_view text);

/// Whether `text` is empty or Unicode White_Space only (collapse_whitespace() would leave
/// nothing), without building the collapsed copy.
bool is_blank(std::string_view text);

/// Number of Unicode code points in valid UTF-8.
std::size_t utf8_length(std::string_view text);

/// Cuts valid UTF-8 to at most `max_chars` code points, appending `ellipsis` (counted within
/// the limit) when it had to cut. Never splits a multi-byte sequence.
std::string truncate_chars(std::string_view text, std::size_t max_chars,
                           std::string_view ellipsis = "\u2026");

/// Cuts valid UTF-8 to at most `max_bytes` bytes, appending `ellipsis` (counted within the
/// limit) when it had to cut. Never splits a multi-byte sequence.
std::string truncate_bytes(std::string_view text, std::size_t max_bytes,
                           std::string_view ellipsis = "\u2026");

}  // namespace castmap
