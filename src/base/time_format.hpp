// Date/time parsing (ISO 8601 and its YAML variants) and the output formats each exporter needs
// (RFC 2822 for RSS, W3C datetime for sitemaps, WebVTT timestamps). All via Howard Hinnant's date.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace castmap {

/// UTC, second precision (sub-second input is truncated; episodes are published to the second).
using TimePoint = std::chrono::sys_seconds;

/// Parses a publication time: RFC 3339 (`2023-11-08T17:00:00Z`, `...+01:00`, with any number
/// of fraction digits, which are truncated), its variants `+0100`, `+01`, `+1`, a missing zone
/// (UTC) and a lower-case `t`/`z`, and YAML 1.1 timestamps (`2023-11-08 17:00:00`, blanks
/// before the zone, one-digit month, day and hour), or a bare date `2023-11-08` (midnight UTC).
/// A leap second (`23:59:60` in UTC) is read as `23:59:59`. Returns nullopt for anything else;
/// then `problem` (when given) says why if the text has the shape of a timestamp but is out of
/// range (an offset beyond ±23:59, year 0000, a UTC year outside 1-9999, a misplaced second
/// 60), and is empty when the text is simply not a date (including impossible days such as
/// 2023-02-30).
std::optional<TimePoint> parse_timestamp(std::string_view text, std::string* problem = nullptr);

/// Parses a duration or offset: `3368`, `94.5`, `1:02:03`, `62:03`, `01:02:03.250`.
/// Returns nullopt for negative, non-finite or malformed values.
std::optional<double> parse_clock_seconds(std::string_view text);

/// `Wed, 08 Nov 2023 17:00:00 +0000` (RFC 2822, English names, always +0000).
std::string format_rfc2822(TimePoint t);
/// `2023-11-08T17:00:00+00:00` (W3C datetime with zone, as sitemaps want).
std::string format_w3c(TimePoint t);
/// `2023-11-08` (W3C date).
std::string format_w3c_date(TimePoint t);
/// Appends `HH:MM:SS.mmm` for a time in milliseconds (hours grow past 99 if needed) to `out`:
/// a 100,000-episode track set has 6 million of them, so none is a string of its own.
void append_vtt_timestamp(std::string& out, long long milliseconds);

}  // namespace castmap
