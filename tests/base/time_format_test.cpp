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

TEST_CASE("parse_timestamp reads RFC 3339 and YAML timestamps in full", "[time]") {
  auto expect = *parse_timestamp("2023-11-08T17:00:00Z");
  // Any number of fraction digits, truncated.
  CHECK(parse_timestamp("2023-11-08T17:00:00.1Z") == expect);
  CHECK(parse_timestamp("2023-11-08T17:00:00.123456789012345678901234567890Z") == expect);
  CHECK(parse_timestamp("2023-11-08T17:00:00." + std::string(500, '9') + "Z") == expect);
  CHECK(parse_timestamp("2023-11-08t17:00:00z") == expect);
  // YAML 1.1 timestamps: blanks as the separator and before the zone, short fields.
  CHECK(parse_timestamp("2023-11-08 \t 17:00:00") == expect);
  CHECK(parse_timestamp("2023-11-08 12:00:00.10 -5") == expect);
  CHECK(parse_timestamp("2023-11-8 17:00:00") == expect);
  CHECK(parse_timestamp("2023-11-08T18:00:00+1:00") == expect);
  CHECK(parse_timestamp("2023-11-08T17:00:00-00:00") == expect);
  // A leap second at 23:59:60 UTC, also written with an offset, is the second before it.
  CHECK(format_w3c(*parse_timestamp("2016-12-31T23:59:60Z")) == "2016-12-31T23:59:59+00:00");
  CHECK(format_w3c(*parse_timestamp("2017-01-01T00:59:60+01:00")) == "2016-12-31T23:59:59+00:00");
  // The edges of the years castmap accepts.
  CHECK(format_w3c(*parse_timestamp("0001-01-01T00:00:00Z")) == "0001-01-01T00:00:00+00:00");
  CHECK(format_w3c(*parse_timestamp("9999-12-31T23:59:59Z")) == "9999-12-31T23:59:59+00:00");
  CHECK(format_w3c(*parse_timestamp("0001-01-01T00:00:00-23:59")) == "0001-01-01T23:59:00+00:00");
}

TEST_CASE("parse_timestamp says why an out-of-range timestamp is refused", "[time]") {
  auto problem_of = [](std::string_view text) {
    std::string problem = "unset";
    INFO(text);
    CHECK_FALSE(parse_timestamp(text, &problem));
    return problem;
  };
  CHECK(problem_of("2023-11-08T17:00:00+24:00") == "the offset +24:00 is beyond \u00B123:59");
  CHECK(problem_of("2023-11-08T17:00:00-0960") == "the offset -09:60 is beyond \u00B123:59");
  CHECK(problem_of("2023-11-08T17:00:00+99") == "the offset +99:00 is beyond \u00B123:59");
  CHECK(problem_of("0000-01-01") == "year 0000 does not exist (years start at 0001)");
  CHECK(problem_of("0000-06-01T12:00:00Z") == "year 0000 does not exist (years start at 0001)");
  CHECK(problem_of("0001-01-01T00:30:00+01:00") == "in UTC it falls outside the years 0001-9999");
  CHECK(problem_of("9999-12-31T23:30:00-01:00") == "in UTC it falls outside the years 0001-9999");
  CHECK(problem_of("2023-11-08T17:00:60Z") ==
        "second 60 is a leap second, which exists only at 23:59:60 UTC");
  CHECK(problem_of("2016-12-31T23:59:60+01:00") ==
        "second 60 is a leap second, which exists only at 23:59:60 UTC");
  // Not a date at all: no reason beyond that.
  CHECK(problem_of("2023-02-30").empty());
  CHECK(problem_of("yesterday").empty());
  CHECK(problem_of("2023-11-08T17:00:61Z").empty());
  CHECK(problem_of("2023-11-08T17:00:00+100").empty());
  CHECK(problem_of("20231-11-08").empty());
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
  CHECK_FALSE(parse_timestamp("2023-11-08T17:01:00+1:0"));
  CHECK_FALSE(parse_timestamp("2023-11-08T24:00:00Z"));
  CHECK_FALSE(parse_timestamp("2023-11-08T17:60:00Z"));
  CHECK_FALSE(parse_timestamp("2023-11-08T17:00:00 +01:00 x"));
  CHECK_FALSE(parse_timestamp("2023-11-08T17:00:00+"));
  CHECK_FALSE(parse_timestamp("2023-11-08T"));
  CHECK_FALSE(
      parse_timestamp("2023-11-08 "
                      "x"));
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
