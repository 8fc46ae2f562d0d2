// Clock-style times in chapter files (`01:02:03.500`, `7:48`, `37`), read into whole
// milliseconds under each format's rules and written in each format's spelling.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace castmap {

/// What a format's time syntax allows. Fields are separated by `:`; the last is seconds, the
/// one before minutes, the first of three hours. Every field after the first is below 60.
struct ClockSyntax {
  int min_fields = 1;  ///< 1: bare seconds (`37`) are allowed
  int max_fields = 3;
  /// Digits of the fields after the first (minutes of M:SS, minutes and seconds of H:MM:SS):
  /// 0 means one or two, 2 means exactly two.
  int later_field_digits = 2;
  int min_fraction_digits = 0;  ///< digits after `.`; 0 with max 0: no fraction allowed
  int max_fraction_digits = 9;
  /// WebVTT's first field: hours of two or more digits, or minutes of exactly two.
  bool strict_first_field = false;
};

inline constexpr ClockSyntax kWebVttClock{2, 3, 2, 3, 3, true};  ///< [HH:]MM:SS.mmm
/// Normal Play Time as PSC uses it: `37`, `7:48`, `35:12.250`, `05:12:03.500`.
inline constexpr ClockSyntax kNptClock{1, 3, 2, 0, 9};
inline constexpr ClockSyntax kMatroskaClock{3, 3, 0, 0, 9};  ///< HH:MM:SS[.nnnnnnnnn]
inline constexpr ClockSyntax kMp4ChapsClock{3, 3, 2, 0, 9};  ///< HH:MM:SS[.mmm]
inline constexpr ClockSyntax kYouTubeClock{2, 3, 2, 0, 0};   ///< M:SS, MM:SS, H:MM:SS

struct ClockTime {
  std::int64_t milliseconds = 0;
  bool rounded = false;  ///< the text had digits below the millisecond (rounded half up)
};

/// Reads `text` (no surrounding spaces) under `syntax`; nullopt when it does not follow it or
/// exceeds kMaxChapterMilliseconds.
std::optional<ClockTime> parse_clock(std::string_view text, const ClockSyntax& syntax);

/// `HH:MM:SS.mmm` (hours grow past 99 if needed); negative times are written as 0.
void append_clock(std::string& out, std::int64_t milliseconds);
/// `HH:MM:SS.nnnnnnnnn`, the spelling mkvextract writes.
void append_matroska_clock(std::string& out, std::int64_t milliseconds);
/// YouTube's `M:SS` below an hour and `H:MM:SS` from an hour on, of the whole seconds.
void append_youtube_clock(std::string& out, std::int64_t milliseconds);

}  // namespace castmap
