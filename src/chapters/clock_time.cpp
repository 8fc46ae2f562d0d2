// Clock time parsing with overflow checks, and the formats' spellings.
#include "src/chapters/clock_time.hpp"

#include <array>
#include <charconv>

#include "src/base/time_format.hpp"
#include "src/chapters/chapter_list.hpp"

namespace castmap {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text)
    if (!is_digit(c)) return false;
  return true;
}

/// Whole milliseconds of the fraction digits (after the `.`), rounded half up on the fourth.
ClockTime fraction_millis(std::string_view digits) {
  ClockTime result;
  for (std::size_t i = 0; i < 3; ++i)
    result.milliseconds = result.milliseconds * 10 + (i < digits.size() ? digits[i] - '0' : 0);
  if (digits.size() > 3) {
    result.rounded = digits.find_first_not_of('0', 3) != std::string_view::npos;
    if (digits[3] >= '5') ++result.milliseconds;
  }
  return result;
}

void put_padded(std::string& out, long long value, std::size_t width) {
  std::array<char, 24> digits;
  auto end = std::to_chars(digits.data(), digits.data() + digits.size(), value).ptr;
  const auto length = static_cast<std::size_t>(end - digits.data());
  if (length < width) out.append(width - length, '0');
  out.append(digits.data(), length);
}

}  // namespace

std::optional<ClockTime> parse_clock(std::string_view text, const ClockSyntax& syntax) {
  if (text.empty() || text.size() > 40) return std::nullopt;
  std::string_view fraction;
  bool has_fraction = false;
  if (const std::size_t dot = text.find('.'); dot != std::string_view::npos) {
    fraction = text.substr(dot + 1);
    text = text.substr(0, dot);
    has_fraction = true;
    const auto digits = static_cast<int>(fraction.size());
    if (syntax.max_fraction_digits == 0 || !all_digits(fraction) ||
        digits > syntax.max_fraction_digits || digits < std::max(1, syntax.min_fraction_digits))
      return std::nullopt;
  } else if (syntax.min_fraction_digits > 0) {
    return std::nullopt;
  }
  std::array<std::string_view, 3> fields;
  int count = 0;
  for (std::size_t from = 0;;) {
    if (count == 3) return std::nullopt;
    const std::size_t colon = text.find(':', from);
    fields[static_cast<std::size_t>(count++)] = text.substr(from, colon - from);
    if (colon == std::string_view::npos) break;
    from = colon + 1;
  }
  if (count < syntax.min_fields || count > syntax.max_fields) return std::nullopt;
  // Every field at most 15 digits: hours * 3,600,000 then stay far below 2^63.
  std::int64_t seconds = 0;
  for (int i = 0; i < count; ++i) {
    const std::string_view field = fields[static_cast<std::size_t>(i)];
    if (!all_digits(field) || field.size() > 15) return std::nullopt;
    if (i == 0 && syntax.strict_first_field && (count == 3 ? field.size() < 2 : field.size() != 2))
      return std::nullopt;
    if (i > 0) {
      const bool two = field.size() == 2;
      if (syntax.later_field_digits == 2 ? !two : field.size() > 2) return std::nullopt;
    }
    std::int64_t value = 0;
    std::from_chars(field.data(), field.data() + field.size(), value);
    if (i > 0 && value >= 60) return std::nullopt;
    seconds = seconds * 60 + value;
  }
  ClockTime result = has_fraction ? fraction_millis(fraction) : ClockTime{};
  if (seconds > kMaxChapterMilliseconds / 1000) return std::nullopt;
  result.milliseconds += seconds * 1000;
  if (result.milliseconds > kMaxChapterMilliseconds) return std::nullopt;
  return result;
}

void append_clock(std::string& out, std::int64_t milliseconds) {
  append_vtt_timestamp(out, milliseconds);
}

void append_matroska_clock(std::string& out, std::int64_t milliseconds) {
  append_vtt_timestamp(out, milliseconds);
  out += "000000";
}

void append_youtube_clock(std::string& out, std::int64_t milliseconds) {
  const long long total = milliseconds < 0 ? 0 : milliseconds / 1000;
  const long long hours = total / 3600;
  const long long minutes = total / 60 % 60;
  if (hours > 0) {
    put_padded(out, hours, 1);
    out += ':';
    put_padded(out, minutes, 2);
  } else {
    put_padded(out, minutes, 1);
  }
  out += ':';
  put_padded(out, total % 60, 2);
}

}  // namespace castmap
