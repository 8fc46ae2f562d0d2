// Text that castmap prints: every message line quotes values, escapes what could break the line
// or drive a terminal, and writes numbers the same way, so input can never forge a log line.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace castmap {

/// Whether a code point is shown escaped in printed text: C0 controls (newline, carriage
/// return, ESC, ...), DEL, C1 controls, the line and paragraph separators U+2028/2029 and the
/// bidirectional controls (U+061C, U+200E/200F, U+202A-202E, U+2066-2069), which reorder what a
/// terminal shows.
bool is_unsafe_in_line(char32_t code_point);

/// Appends `text` to `out` escaped to stay one line: `\n`, `\r`, `\t`, other ASCII controls and
/// bytes that are not UTF-8 as `\xNN`, other unsafe code points as `\uNNNN` (lower-case hex).
/// Everything else, backslashes included, is kept as it is.
void append_escaped(std::string& out, std::string_view text);

/// `text` escaped as append_escaped() does; returned as it came when nothing needs escaping.
std::string escape_line(std::string_view text);

/// Makes serialized JSON safe to show on a terminal without changing what it means: DEL, C1
/// controls, U+2028/2029 and the bidirectional controls inside its strings become `\u` escapes.
/// `json` must be valid UTF-8 as a JSON serializer writes it (controls below U+0020 already
/// escaped).
std::string escape_json_for_terminal(std::string json);

inline constexpr std::size_t kQuotedValueChars = 80;

/// `"value"` for a message, escaped as append_escaped() does. A value longer than
/// kQuotedValueChars characters is cut there with an ellipsis and followed by its length, e.g.
/// `"Lorem ipsum…" (4194304 characters)`, so a hostile value can neither break the one-line
/// `path:line:col: ...` format nor flood it.
/// (Not named `quoted`: argument-dependent lookup would pick std::quoted for std::string.)
std::string quote_value(std::string_view value);

inline constexpr std::size_t kMessageChars = 1000;

/// A whole message as printed: cut after kMessageChars characters with
/// `… (message cut, N characters)`, as a last guard for messages that quote a value without
/// quote_value(). Returned as it came when it is short (nearly always).
std::string cut_message(std::string_view message);

/// Seconds as a person writes them, without a unit: the shortest form that reads back exactly,
/// in plain decimal notation ("6325", "94.5", "0.0004", "-3"); zero is "0" whatever its sign.
/// Values no media has (beyond 10^15 or, not zero, below 10^-6 in magnitude) are written as
/// "1e300" / "2.5e-12"; "NaN", "infinity" and "-infinity" name the non-finite ones.
std::string format_seconds(double seconds);

}  // namespace castmap
