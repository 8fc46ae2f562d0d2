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

/// Parses `2023-11-08T17:00:00.000Z`, `...+01:00`, `...+0100`, `2023-11-08 17:00:00` (YAML
/// timestamp; no zone means UTC), with or without fractional seconds, or a bare `2023-11-08`
/// (midnight UTC). Sub-second precision is truncated. Returns nullopt for anything else,
/// including impossible dates such as 2023-02-30.
std::optional<TimePoint> parse_timestamp(std::string_view text);

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
