// Decides whether a value (an episode id or slug) can be used as a single file or folder name on
// every common file system and CDN (Linux, macOS, Windows, S3-style object stores).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace castmap {

/// Longest accepted name in bytes; leaves room for an extension such as ".json" within the
/// 255-byte limit of most file systems.
inline constexpr std::size_t max_path_component_bytes = 200;

/// Why `name` is not safe as one path component, as a short lower-case phrase such as
/// "contains '/'", or an empty string when it is safe. Unsafe: empty, "." or "..", a leading
/// '.' or '-', a trailing '.', any of / \ : * ? " < > |, whitespace (ASCII or Unicode
/// White_Space), control characters (C0, DEL, C1) including NUL, invisible characters (Unicode
/// Default_Ignorable: zero-width characters such as U+200B and U+FEFF, bidirectional controls
/// such as U+202E and U+2066), invalid UTF-8, more than max_path_component_bytes bytes, or a
/// Windows reserved device name (CON, PRN, AUX, NUL, COM1-9, LPT1-9, any case, also with an
/// extension such as "con.json"). Non-ASCII letters are fine: URLs percent-encode them.
std::string path_component_problem(std::string_view name);

inline bool is_safe_path_component(std::string_view name) {
  return path_component_problem(name).empty();
}

}  // namespace castmap
