// The findings note format: per diagnostic, its severity letter (n, w, e), then path, line,
// column, code and message, each ended by US (0x1f), the diagnostic ended by RS (0x1e). Bytes
// below 0x20 and the backslash inside a text become `\` and two hex digits.
#include "src/incremental/findings_codec.hpp"

#include <charconv>
#include <cstdint>

namespace castmap {
namespace {

constexpr char kFieldEnd = '\x1f';
constexpr char kDiagnosticEnd = '\x1e';
constexpr std::string_view kLowerHexDigits = "0123456789abcdef";

void append_text(std::string& out, std::string_view text) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || c == '\\') {
      out += '\\';
      out += kLowerHexDigits[byte >> 4];
      out += kLowerHexDigits[byte & 0xf];
    } else {
      out += c;
    }
  }
  out += kFieldEnd;
}

void append_number(std::string& out, int number) {
  char digits[16];
  const auto [end, error] = std::to_chars(digits, digits + sizeof digits, number);
  (void)error;  // an int always fits
  out.append(digits, end);
  out += kFieldEnd;
}

int hex_value(char c) {
  const std::size_t at = kLowerHexDigits.find(c);
  return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

/// Reads one field ending at `kFieldEnd` from `note` at `at`, undoing append_text().
std::optional<std::string> read_text(std::string_view note, std::size_t& at) {
  std::string text;
  while (at < note.size() && note[at] != kFieldEnd) {
    if (note[at] != '\\') {
      text += note[at++];
      continue;
    }
    if (at + 2 >= note.size()) return std::nullopt;
    const int high = hex_value(note[at + 1]), low = hex_value(note[at + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    text += static_cast<char>(high * 16 + low);
    at += 3;
  }
  if (at == note.size()) return std::nullopt;
  ++at;  // the field's end
  return text;
}

std::optional<int> read_number(std::string_view note, std::size_t& at) {
  const std::size_t end = note.find(kFieldEnd, at);
  if (end == std::string_view::npos) return std::nullopt;
  int number = 0;
  const auto [stop, error] = std::from_chars(note.data() + at, note.data() + end, number);
  if (error != std::errc{} || stop != note.data() + end) return std::nullopt;
  at = end + 1;
  return number;
}

}  // namespace

std::string encode_findings(std::span<const Diagnostic> findings) {
  std::string out;
  for (const Diagnostic& d : findings) {
    out += d.severity == Severity::error ? 'e' : d.severity == Severity::warning ? 'w' : 'n';
    append_text(out, d.where.path);
    append_number(out, d.where.line);
    append_number(out, d.where.column);
    append_text(out, d.code);
    append_text(out, d.message);
    out += kDiagnosticEnd;
  }
  return out;
}

std::optional<std::vector<Diagnostic>> decode_findings(std::string_view note) {
  std::vector<Diagnostic> findings;
  std::size_t at = 0;
  while (at < note.size()) {
    Diagnostic d;
    switch (note[at++]) {
      case 'e':
        d.severity = Severity::error;
        break;
      case 'w':
        d.severity = Severity::warning;
        break;
      case 'n':
        d.severity = Severity::note;
        break;
      default:
        return std::nullopt;
    }
    auto path = read_text(note, at);
    if (!path) return std::nullopt;
    auto line = read_number(note, at);
    if (!line) return std::nullopt;
    auto column = read_number(note, at);
    if (!column) return std::nullopt;
    auto code = read_text(note, at);
    if (!code) return std::nullopt;
    auto message = read_text(note, at);
    if (!message || at == note.size() || note[at] != kDiagnosticEnd) return std::nullopt;
    ++at;
    d.where = {std::move(*path), *line, *column};
    d.code = std::move(*code);
    d.message = std::move(*message);
    findings.push_back(std::move(d));
  }
  return findings;
}

}  // namespace castmap
