// Tests for ISO 8601 / clock parsing and the RFC 2822, W3C and WebVTT formats.
#include "src/base/time_format.hpp"

#include <catch2/catch.hpp>

using namespace castmap;

TEST_CASE("parse_timestamp accepts every form real catalogs use", "[time]") {
  auto expect = *parse_timestamp("2023-11-08T17:00:00Z");
  CHECK(format_rfc2822(expect) == "Wed, 08 Nov 2023 17:00:00 +0000");
  CHECK(parse_timestamp("2023-11-08T17:00:00.000Z") == expect);
  CHECK(parse_timestamp("2023-11-08T17:00:00.999Z") == expect);  // truncated, not rounded
  CHECK(parse_timestamp("2023-11-08T18:00:00+01:00") == expect);
  CHECK(parse_timestamp("2023-11-08T12:00:00-0500") == expect);
  CHECK(parse_timestamp("2023-11-08T19:00:00+02") == expect);
  CHECK(parse_timestamp("2023-11-08 17:00:00") == expect);
  CHECK(parse_timestamp("2023-11-08 17:00:00.5 Z") == expect);
  CHECK(format_w3c(*parse_timestamp("2023-11-08")) == "2023-11-08T00:00:00+00:00");
}

TEST_CASE("parse_timestamp rejects malformed and impossible dates", "[time]") {
  CHECK_FALSE(parse_timestamp(""));
  CHECK_FALSE(parse_timestamp("yesterday"));
  CHECK_FALSE(parse_timestamp("2023-02-30"));
  CHECK_FALSE(parse_timestamp("2023-11-08T25:00:00Z"));
  CHECK_FALSE(parse_timestamp("2023-11-08Tjunk"));
  CHECK_FALSE(parse_timestamp("2023-11-08T17:00:00Zextra"));
  // Found by the fuzzer: date.h turned this into a NaN and converted it to an integer.
  CHECK_FALSE(parse_timestamp("2023-11-08 17:010:00\xEF\xBF\xBF"));
  CHECK_FALSE(parse_timestamp("2023-11-08T17:01:0"));
  CHECK_FALSE(parse_timestamp("2023-11-08T17:01:00.Z"));
  CHECK_FALSE(parse_timestamp("2023-11-08T17:01:00+1:00"));
}

TEST_CASE("parse_clock_seconds reads seconds and clock notation", "[time]") {
  CHECK(parse_clock_seconds("3368") == 3368.0);
  CHECK(parse_clock_seconds("94.5") == 94.5);
  CHECK(parse_clock_seconds("1:02:03") == 3723.0);
  CHECK(parse_clock_seconds("62:03") == 3723.0);
  CHECK(parse_clock_seconds("01:02:03.250") == 3723.25);
  CHECK_FALSE(parse_clock_seconds("-5"));
  CHECK_FALSE(parse_clock_seconds("1:60"));
  CHECK_FALSE(parse_clock_seconds("nan"));
  CHECK_FALSE(parse_clock_seconds("1e3"));
  CHECK_FALSE(parse_clock_seconds("1:2:3:4"));
  CHECK_FALSE(parse_clock_seconds("abc"));
}

TEST_CASE("output formats", "[time]") {
  auto t = *parse_timestamp("2024-02-29T09:05:07Z");
  CHECK(format_rfc2822(t) == "Thu, 29 Feb 2024 09:05:07 +0000");
  CHECK(format_w3c(t) == "2024-02-29T09:05:07+00:00");
  CHECK(format_w3c_date(t) == "2024-02-29");
  // WebVTT timestamps are appended to the track being written, after what it holds.
  std::string track = "cue ";
  for (long long milliseconds : {0LL, 3723250LL, 360000000LL, 59999LL, -5LL}) {
    append_vtt_timestamp(track, milliseconds);
    track += ' ';
  }
  CHECK(track == "cue 00:00:00.000 01:02:03.250 100:00:00.000 00:00:59.999 00:00:00.000 ");
  // Each call starts from an empty stream (the formatter reuses one per thread).
  for (int i = 0; i < 3; ++i) {
    CHECK(format_w3c_date(t) == "2024-02-29");
    CHECK(format_rfc2822(t) == "Thu, 29 Feb 2024 09:05:07 +0000");
  }
}
