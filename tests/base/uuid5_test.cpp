// Tests for UUIDv5 (Python's uuid.uuid5 as reference) and podcast:guid (Podcasting 2.0 vectors).
#include <catch2/catch.hpp>

#include <string>

#include "src/base/uuid5.hpp"

using namespace castmap;

TEST_CASE("UUIDs parse, format and hash as RFC 4122 version 5", "[uuid]") {
  auto dns = parse_uuid("6BA7B810-9DAD-11D1-80B4-00C04FD430C8");
  REQUIRE(dns.has_value());
  CHECK(format_uuid(*dns) == "6ba7b810-9dad-11d1-80b4-00c04fd430c8");
  // Python: uuid.uuid5(uuid.NAMESPACE_DNS, "python.org")
  CHECK(format_uuid(uuid5(*dns, "python.org")) == "886313e1-3b8a-5372-9b90-0c9aee199e5d");
  CHECK(format_uuid(uuid5(*dns, "")) == "4ebd0208-8328-5d69-8c44-ec50939c0967");
  // uuid.NAMESPACE_URL; a name over SHA-1's 64-byte block, and one in UTF-8.
  auto url = parse_uuid("6ba7b811-9dad-11d1-80b4-00c04fd430c8");
  REQUIRE(url.has_value());
  CHECK(format_uuid(uuid5(*url, "https://example.com/" + std::string(200, 'a'))) ==
        "6d238a6f-d8d1-5121-84fb-d16d56f03598");
  CHECK(format_uuid(uuid5(*url, "\xc3\xa9\xf0\x9f\xa6\x80")) ==
        "30306091-ca8d-5f97-866d-53a8ddae5b3e");
  CHECK_FALSE(parse_uuid("6ba7b810-9dad-11d1-80b4-00c04fd430c").has_value());
  CHECK_FALSE(parse_uuid("6ba7b810x9dad-11d1-80b4-00c04fd430c8").has_value());
  CHECK_FALSE(parse_uuid("6ba7b810-9dad-11d1-80b4-00c04fd430cg").has_value());
}

TEST_CASE("podcast:guid strips the scheme and trailing slashes", "[uuid]") {
  CHECK(podcast_guid_for_feed("podnews.net/rss") == "9b024349-ccf0-5f69-a609-6b82873eab3c");
  CHECK(podcast_guid_for_feed("mp3s.nashownotes.com/pc20rss.xml") ==
        "917393e3-1b1e-5cef-ace4-edaa54e1f810");
  CHECK(podcast_guid_for_feed("https://podnews.net/rss") == "9b024349-ccf0-5f69-a609-6b82873eab3c");
  CHECK(podcast_guid_for_feed("http://podnews.net/rss//") ==
        "9b024349-ccf0-5f69-a609-6b82873eab3c");
}
