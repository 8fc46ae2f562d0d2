// Implementation of time parsing and formatting on top of date.h; the C locale is forced so day
// and month names are always English.
#include "src/base/time_format.hpp"

#include <date/date.h>

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <locale>
#include <sstream>

namespace castmap {

namespace {

/// Reads the text of a timestamp from left to right. Fields have fixed, small widths, so no
/// number it reads can overflow; date.h then checks the calendar. (date::parse is not used: its
/// %T read malformed input such as `17:010:00` into a NaN that it converted to an integer,
/// undefined behaviour found by the fuzzer.)
class TimestampScanner {
 public:
  explicit TimestampScanner(std::string_view text) : text_(text) {}

  bool at_end() const { return at_ == text_.size(); }
  bool peek(char c) const { return at_ < text_.size() && text_[at_] == c; }
  bool take(char c) {
    if (!peek(c)) return false;
    ++at_;
    return true;
  }
  bool take_any(std::string_view chars) {
    if (at_ == text_.size() || chars.find(text_[at_]) == std::string_view::npos) return false;
    ++at_;
    return true;
  }
  /// Blanks (space, tab); how many were skipped.
  std::size_t skip_blanks() {
    const std::size_t start = at_;
    while (at_ < text_.size() && (text_[at_] == ' ' || text_[at_] == '\t')) ++at_;
    return at_ - start;
  }
  /// A number of `min` to `max` digits (at most 4, so it fits an int); on failure nothing is
  /// consumed.
  std::optional<int> number(std::size_t min, std::size_t max) {
    int value = 0;
    std::size_t count = 0;
    while (count < max && at_ + count < text_.size() && text_[at_ + count] >= '0' &&
           text_[at_ + count] <= '9') {
      value = value * 10 + (text_[at_ + count] - '0');
      ++count;
    }
    if (count < min) return std::nullopt;
    at_ += count;
    return value;
  }
  /// Digits of any length (a fraction of a second, which is truncated: nothing is converted).
  std::size_t skip_digits() {
    const std::size_t start = at_;
    while (at_ < text_.size() && text_[at_] >= '0' && text_[at_] <= '9') ++at_;
    return at_ - start;
  }

 private:
  std::string_view text_;
  std::size_t at_ = 0;
};

struct ClockTime {
  int hour = 0, minute = 0, second = 0;
  bool east = true;  ///< the offset's sign
  int offset_hours = 0, offset_minutes = 0;

  bool offset_in_range() const { return offset_hours <= 23 && offset_minutes <= 59; }
  /// Minutes east of UTC.
  int offset() const { return (east ? 1 : -1) * (offset_hours * 60 + offset_minutes); }
  /// The offset as written, in the `+HH:MM` form.
  std::string offset_text() const {
    const auto two_digits = [](int value) {
      return std::string{static_cast<char>('0' + value / 10), static_cast<char>('0' + value % 10)};
    };
    return (east ? "+" : "-") + two_digits(offset_hours) + ":" + two_digits(offset_minutes);
  }
};

/// `HH:MM:SS[.fff...][blanks][Z | +H | +HH | +HHMM | +H:MM | +HH:MM]` after the date; false when
/// the text has another shape.
bool scan_clock(TimestampScanner& in, ClockTime& clock) {
  auto hour = in.number(1, 2);
  if (!hour || !in.take(':')) return false;
  auto minute = in.number(2, 2);
  if (!minute || !in.take(':')) return false;
  auto second = in.number(2, 2);
  if (!second) return false;
  if (in.take('.') && in.skip_digits() == 0) return false;
  clock.hour = *hour, clock.minute = *minute, clock.second = *second;
  in.skip_blanks();
  if (in.at_end() || in.take_any("Zz")) return in.at_end();
  clock.east = in.take('+');
  if (!clock.east && !in.take('-')) return false;
  auto offset_hours = in.number(1, 2);
  if (!offset_hours) return false;
  clock.offset_hours = *offset_hours;
  if (in.take(':')) {
    auto minutes = in.number(2, 2);
    if (!minutes) return false;
    clock.offset_minutes = *minutes;
  } else if (auto minutes = in.number(2, 2)) {  // +HHMM
    clock.offset_minutes = *minutes;
  }
  return in.at_end();
}

void set_problem(std::string* problem, std::string text) {
  if (problem) *problem = std::move(text);
}

bool all_digits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

std::optional<TimePoint> parse_timestamp(std::string_view text, std::string* problem) {
  set_problem(problem, {});
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);

  TimestampScanner in(text);
  auto year = in.number(4, 4);
  if (!year || !in.take('-')) return std::nullopt;
  auto month = in.number(1, 2);
  if (!month || !in.take('-')) return std::nullopt;
  auto day = in.number(1, 2);
  if (!day) return std::nullopt;
  ClockTime clock;
  if (!in.at_end()) {
    // RFC 3339 separates date and time with T (or t); YAML timestamps also with blanks.
    if (!in.take_any("Tt") && in.skip_blanks() == 0) return std::nullopt;
    if (!scan_clock(in, clock)) return std::nullopt;
  }

  const date::year_month_day ymd{date::year{*year}, date::month{static_cast<unsigned>(*month)},
                                 date::day{static_cast<unsigned>(*day)}};
  if (*year == 0) {
    set_problem(problem, "year 0000 does not exist (years start at 0001)");
    return std::nullopt;
  }
  if (!ymd.ok() || clock.hour > 23 || clock.minute > 59 || clock.second > 60) return std::nullopt;
  if (!clock.offset_in_range()) {
    set_problem(problem, "the offset " + clock.offset_text() + " is beyond \u00B123:59");
    return std::nullopt;
  }
  using std::chrono::hours, std::chrono::minutes, std::chrono::seconds;
  const bool leap_second = clock.second == 60;
  // A leap second is read as the second before it: Unix time has no 23:59:60, and the date
  // people see stays the one they wrote.
  const TimePoint utc = TimePoint{date::sys_days{ymd}} + hours{clock.hour} + minutes{clock.minute} +
                        seconds{leap_second ? 59 : clock.second} - minutes{clock.offset()};
  const date::sys_days utc_day = std::chrono::floor<date::days>(utc);
  if (leap_second && utc - utc_day != hours{23} + minutes{59} + seconds{59}) {
    set_problem(problem, "second 60 is a leap second, which exists only at 23:59:60 UTC");
    return std::nullopt;
  }
  const date::year utc_year = date::year_month_day{utc_day}.year();
  if (utc_year < date::year{1} || utc_year > date::year{9999}) {
    set_problem(problem, "in UTC it falls outside the years 0001-9999");
    return std::nullopt;
  }
  return utc;
}

std::optional<double> parse_clock_seconds(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  if (text.empty() || text.size() > 32) return std::nullopt;

  // Split on ':' into at most three parts; only the last may have a fraction.
  std::array<std::string_view, 3> parts{};
  std::size_t count = 0;
  std::size_t start = 0;
  while (true) {
    auto colon = text.find(':', start);
    if (count == parts.size()) return std::nullopt;
    parts[count++] = text.substr(start, colon == std::string_view::npos ? colon : colon - start);
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  double total = 0;
  for (std::size_t i = 0; i < count; ++i) {
    std::string_view part = parts[i];
    bool last = i + 1 == count;
    if (part.empty()) return std::nullopt;
    double value = 0;
    if (last) {
      // Only plain decimal notation: no sign, exponent, hex, inf or nan.
      if (part.find_first_not_of("0123456789.") != std::string_view::npos) return std::nullopt;
      if (part.front() == '.' || part.back() == '.') return std::nullopt;
      auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
      if (ec != std::errc() || ptr != part.data() + part.size()) return std::nullopt;
    } else {
      if (!all_digits(part)) return std::nullopt;
      long long whole = 0;
      auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), whole);
      if (ec != std::errc() || ptr != part.data() + part.size()) return std::nullopt;
      value = static_cast<double>(whole);
    }
    // In clock notation, minutes and seconds after the first field must be below 60.
    if (count > 1 && i > 0 && value >= 60) return std::nullopt;
    total = total * 60 + value;
  }
  if (!std::isfinite(total) || total < 0) return std::nullopt;
  return total;
}

namespace {
/// date::to_stream into one stream per thread, set up once: date::format builds and imbues a
/// new ostringstream per call, which was most of the cost of 200,000 sitemap and feed dates.
template <typename Duration>
std::string format_with(const char* format, const date::sys_time<Duration>& t) {
  thread_local std::ostringstream out = [] {
    std::ostringstream stream;
    stream.imbue(std::locale::classic());
    return stream;
  }();
  out.str(std::string());
  out.clear();
  date::to_stream(out, format, t);
  return out.str();
}
}  // namespace

std::string format_rfc2822(TimePoint t) { return format_with("%a, %d %b %Y %H:%M:%S +0000", t); }

std::string format_w3c(TimePoint t) { return format_with("%Y-%m-%dT%H:%M:%S+00:00", t); }

std::string format_w3c_date(TimePoint t) {
  return format_with("%Y-%m-%d", std::chrono::floor<date::days>(t));
}

void append_vtt_timestamp(std::string& out, long long milliseconds_total) {
  if (milliseconds_total < 0) milliseconds_total = 0;
  long long hours = milliseconds_total / 3600000;
  long long minutes = milliseconds_total / 60000 % 60;
  long long seconds = milliseconds_total / 1000 % 60;
  long long millis = milliseconds_total % 1000;
  // to_chars with zero padding, not snprintf: a 100,000-episode run formats 6 million of these.
  auto put = [&out](long long value, std::size_t width) {
    std::array<char, 24> digits;
    auto end = std::to_chars(digits.data(), digits.data() + digits.size(), value).ptr;
    const auto length = static_cast<std::size_t>(end - digits.data());
    if (length < width) out.append(width - length, '0');
    out.append(digits.data(), length);
  };
  put(hours, 2);
  out += ':';
  put(minutes, 2);
  out += ':';
  put(seconds, 2);
  out += '.';
  put(millis, 3);
}

}  // namespace castmap
