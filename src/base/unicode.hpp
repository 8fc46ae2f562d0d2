// Unicode character properties and identifier comparison, from utf8proc's tables (no hand-made
// Unicode tables): which characters are white space or invisible, and the key under which two
// spellings of one name (NFC vs NFD, upper vs lower case) compare equal.
#pragma once

#include <string>
#include <string_view>

namespace castmap {

/// Unicode's White_Space property: U+0009-U+000D, U+0085 and the space, line and paragraph
/// separators (general categories Zs, Zl, Zp: U+0020, U+00A0, U+1680, U+2000-U+200A, U+2028,
/// U+2029, U+202F, U+205F, U+3000).
bool is_white_space(char32_t cp);

/// A space separator (general category Zs: U+0020, U+00A0, U+3000, ...): white space that is
/// neither a line break nor a control character.
bool is_space_separator(char32_t cp);

/// Unicode's Default_Ignorable_Code_Point property: characters that render as nothing, such as
/// the zero-width space and joiners (U+200B-U+200D, U+2060, U+FEFF), the bidirectional controls
/// (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069), the soft hyphen and variation
/// selectors.
bool is_default_ignorable(char32_t cp);

/// The key under which identifiers (ids, slugs) are compared: Unicode NFC after full case
/// folding, so "Caf\u00E9" and "cafe\u0301", or "KLUSTERED-1" and "klustered-1", get one key.
/// ASCII text takes a fast path (ASCII lower case, no allocation beyond the result). Text that
/// is not valid UTF-8 is its own key.
std::string identifier_key(std::string_view text);

/// Whether identifier_key(text) would differ from `text` (for ASCII: an upper-case letter).
/// Lets callers keep a view of the original instead of a copy for the common case.
bool needs_identifier_key(std::string_view text);

}  // namespace castmap
