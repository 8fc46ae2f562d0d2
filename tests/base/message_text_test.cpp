// Printed text stays one line and cannot drive a terminal; quoted values are cut; numbers read
// as a person writes them.
#include "src/base/message_text.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "src/model/diagnostics.hpp"

using namespace castmap;

TEST_CASE("escape_line shows line breaks, escape sequences and controls escaped", "[message]") {
  CHECK(escape_line("plain text") == "plain text");
  CHECK(escape_line("a\nb\rc\td") == "a\\nb\\rc\\td");
  CHECK(escape_line("\x1b[31mred\x1b[0m") == "\\x1b[31mred\\x1b[0m");
  CHECK(escape_line(std::string_view("nul\0byte", 8)) == "nul\\x00byte");
  CHECK(escape_line("del\x7f") == "del\\x7f");
  CHECK(escape_line("c1 \xc2\x85 \xc2\x9b") == "c1 \\u0085 \\u009b");  // NEL, CSI
  CHECK(escape_line("ls\u2028ps\u2029") == "ls\\u2028ps\\u2029");
  CHECK(escape_line("bidi \u202e\u2066\u2069\u200e\u200f\u061c") ==
        "bidi \\u202e\\u2066\\u2069\\u200e\\u200f\\u061c");
  // Bytes that are not UTF-8 (a lone 0x9B is CSI to an 8-bit terminal).
  CHECK(escape_line("bad \x9b byte \xff") == "bad \\x9b byte \\xff");
  // Everything else is kept: non-ASCII letters, emoji, backslashes.
  CHECK(escape_line("caf\u00e9 \U0001F980 C:\\dir") == "caf\u00e9 \U0001F980 C:\\dir");
}

TEST_CASE("a diagnostic is one line whatever its path and message hold", "[message]") {
  Diagnostic d{Severity::error,
               {"videos/x\n/tmp/evil.md:1:1: error: forged [code]\n.md", 3, 4},
               "title \"a\rb\x1b]0;title\x07\"",
               "code"};
  const std::string line = format_text(d);
  CHECK(line.find('\n') == std::string::npos);
  CHECK(line.find('\r') == std::string::npos);
  CHECK(line.find('\x1b') == std::string::npos);
  CHECK(line ==
        "videos/x\\n/tmp/evil.md:1:1: error: forged [code]\\n.md:3:4: error: title "
        "\"a\\rb\\x1b]0;title\\x07\" [code]");
}

TEST_CASE("JSON diagnostics are valid JSON with terminal controls escaped", "[message]") {
  Diagnostic d{Severity::warning, {"p\u2028.md", 1, 1}, "m\u202e\x7f\xc2\x9b\n\x1b", "c"};
  const std::string json = format_json(d);
  for (const char* raw : {"\u2028", "\u202e", "\x7f", "\xc2\x9b", "\n", "\x1b"})
    CHECK(json.find(raw) == std::string::npos);
  // The escapes decode to the very characters: nothing is lost for a JSON reader.
  const auto parsed = nlohmann::json::parse(json);
  CHECK(parsed["path"] == "p\u2028.md");
  CHECK(parsed["message"] == "m\u202e\x7f\xc2\x9b\n\x1b");
  CHECK(escape_json_for_terminal("{\"a\": \"x\"}\n") == "{\"a\": \"x\"}\n");
}

TEST_CASE("quote_value cuts long values and says how long they were", "[message]") {
  CHECK(quote_value("short") == "\"short\"");
  CHECK(quote_value("two\nlines") == "\"two\\nlines\"");
  const std::string huge(4u << 20, 'x');
  const std::string quoted = quote_value(huge);
  CHECK(quoted == "\"" + std::string(kQuotedValueChars, 'x') + "\u2026\" (4194304 characters)");
  // Cut on a character boundary, counting characters, not bytes.
  std::string accents;
  for (int i = 0; i < 100; ++i) accents += "\u00e9";
  std::string expected = "\"";
  for (std::size_t i = 0; i < kQuotedValueChars; ++i) expected += "\u00e9";
  CHECK(quote_value(accents) == expected + "\u2026\" (100 characters)");
  // Exactly at the limit: nothing cut.
  CHECK(quote_value(std::string(kQuotedValueChars, 'y')) ==
        "\"" + std::string(kQuotedValueChars, 'y') + "\"");
}

TEST_CASE("a whole message is cut as a last guard against values quoted raw", "[message]") {
  const std::string short_message = "title \"" + std::string(200, 'x') + "\" is long";
  CHECK(cut_message(short_message) == short_message);
  const std::string title(4u << 20, 't');
  const std::string message = "title \"" + title + "\" is over 100 characters";
  const std::string cut = cut_message(message);
  CHECK(cut.size() < kMessageChars + 100);
  CHECK(cut.starts_with("title \"ttt"));
  CHECK(cut.ends_with("\u2026 (message cut, " + std::to_string(message.size()) + " characters)"));
  Diagnostic d{Severity::warning, {"videos/a.md", 1, 1}, message, "code"};
  CHECK(format_text(d).size() < kMessageChars + 200);
  CHECK(format_json(d).size() < kMessageChars + 200);
}

TEST_CASE("format_seconds writes numbers as a person would", "[message]") {
  CHECK(format_seconds(6325) == "6325");
  CHECK(format_seconds(94.5) == "94.5");
  CHECK(format_seconds(0.0004) == "0.0004");
  CHECK(format_seconds(-0.0) == "0");
  CHECK(format_seconds(0) == "0");
  CHECK(format_seconds(-3) == "-3");
  CHECK(format_seconds(1e7) == "10000000");
  CHECK(format_seconds(1e300) == "1e300");
  CHECK(format_seconds(-2.5e-12) == "-2.5e-12");
  CHECK(format_seconds(std::numeric_limits<double>::infinity()) == "infinity");
  CHECK(format_seconds(-std::numeric_limits<double>::infinity()) == "-infinity");
  CHECK(format_seconds(std::numeric_limits<double>::quiet_NaN()) == "NaN");
}
