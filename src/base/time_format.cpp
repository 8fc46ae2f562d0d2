// Implementation of time parsing and formatting on top of date.h; the C locale is forced so day
// and month names are always English.
#include "src/base/time_format.hpp"

// date::parse's internals trip GCC 12's -Wmaybe-uninitialized at -O2 (a false positive inside
// <chrono> instantiations from date.h); silence it for this file only so -Werror stays on.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <date/date.h>

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <locale>
#include <sstream>

namespace castmap {

namespace {

using std::chrono::milliseconds;

template <typename Duration>
bool try_parse(std::string_view text, const char* format, date::sys_time<Duration>& out) {
  std::istringstream in{std::string(text)};
  in.imbue(std::locale::classic());
  date::sys_time<Duration> value{};
  in >> date::parse(format, value);
  if (in.fail()) return false;
  // The whole text must be consumed: `2023-11-08Tjunk` is not a date.
  in >> std::ws;
  if (!in.eof()) return false;
  out = value;
  return true;
}

bool all_digits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

/// Checks the exact shape `YYYY-MM-DD[THH:MM:SS[.fff...][Z|+HH[:MM]|+HHMM]]` before date::parse
/// sees the text: date.h's %T reads malformed input such as `17:010:00` into a NaN that it then
/// converts to an integer (undefined behaviour, found by the fuzzer).
bool has_timestamp_shape(std::string_view t) {
  auto digits = [&](std::size_t at, std::size_t count) {
    if (at + count > t.size()) return false;
    for (std::size_t i = at; i < at + count; ++i)
      if (t[i] < '0' || t[i] > '9') return false;
    return true;
  };
  if (!digits(0, 4) || t[4] != '-' || !digits(5, 2) || t[7] != '-' || !digits(8, 2)) return false;
  if (t.size() == 10) return true;
  if (t[10] != 'T' || !digits(11, 2) || t.size() < 19 || t[13] != ':' || !digits(14, 2) ||
      t[16] != ':' || !digits(17, 2))
    return false;
  std::size_t i = 19;
  if (i < t.size() && t[i] == '.') {
    std::size_t start = ++i;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
    if (i == start || i - start > 9) return false;
  }
  if (i == t.size()) return true;
  if (t[i] == 'Z') return i + 1 == t.size();
  if (t[i] != '+' && t[i] != '-') return false;
  std::string_view zone = t.substr(i + 1);
  if (zone.size() == 1 || zone.size() == 2) return digits(i + 1, zone.size());
  if (zone.size() == 4) return digits(i + 1, 4);
  return zone.size() == 5 && digits(i + 1, 2) && zone[2] == ':' && digits(i + 4, 2);
}

}  // namespace

std::optional<TimePoint> parse_timestamp(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  if (text.size() < 10 || text.size() > 64) return std::nullopt;

  std::string normalized(text);
  // YAML timestamps allow a space instead of 'T'; a lower-case 't'/'z' is also legal ISO 8601.
  if (normalized.size() > 10 && (normalized[10] == ' ' || normalized[10] == 't'))
    normalized[10] = 'T';
  if (normalized.back() == 'z') normalized.back() = 'Z';
  // YAML allows a space between the time and the zone (`2001-12-14 21:59:43.10 -5`): drop it.
  if (auto space = normalized.find(' ', 11); space != std::string::npos) normalized.erase(space, 1);

  if (!has_timestamp_shape(normalized)) return std::nullopt;
  date::sys_time<milliseconds> ms{};
  if (normalized.size() == 10) {
    date::sys_days day{};
    if (!try_parse(normalized, "%F", day)) return std::nullopt;
    return TimePoint{day};
  }
  // Zone designators: Z, +HH:MM, +HHMM, +HH (YAML permits the short form).
  static constexpr std::array<const char*, 4> kFormats = {"%FT%TZ", "%FT%T%Ez", "%FT%T%z", "%FT%T"};
  for (const char* format : kFormats) {
    if (try_parse(normalized, format, ms)) return std::chrono::floor<std::chrono::seconds>(ms);
  }
  // "+HH" short offsets: expand to +HH:00 and retry.
  auto sign = normalized.find_last_of("+-");
  if (sign != std::string::npos && sign > 10) {
    std::string hours = normalized.substr(sign + 1);
    if (all_digits(hours) && hours.size() <= 2) {
      std::string expanded =
          normalized.substr(0, sign + 1) + (hours.size() == 1 ? "0" : "") + hours + ":00";
      if (try_parse(expanded, "%FT%T%Ez", ms)) return std::chrono::floor<std::chrono::seconds>(ms);
    }
  }
  return std::nullopt;
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
