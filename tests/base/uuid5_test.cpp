// Tests for SHA-1 (FIPS 180-4 vectors) and UUIDv5 / podcast:guid (Podcasting 2.0 vectors).
#include <catch2/catch.hpp>

#include <string>

#include "src/base/uuid5.hpp"

using namespace castmap;

namespace {
std::string hex(const Sha1Digest& digest) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (auto byte : digest) {
    out += kDigits[byte >> 4];
    out += kDigits[byte & 0xF];
  }
  return out;
}
}  // namespace

TEST_CASE("SHA-1 matches the FIPS 180 test vectors", "[uuid]") {
  CHECK(hex(sha1("abc")) == "a9993e364706816aba3e25717850c26c9cd0d89d");
  CHECK(hex(sha1("")) == "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  // 56 bytes: the padding no longer fits, so a second block is needed.
  CHECK(hex(sha1("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")) ==
        "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
  CHECK(hex(sha1(std::string(1000000, 'a'))) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

TEST_CASE("UUIDs parse, format and hash as RFC 4122 version 5", "[uuid]") {
  auto dns = parse_uuid("6BA7B810-9DAD-11D1-80B4-00C04FD430C8");
  REQUIRE(dns.has_value());
  CHECK(format_uuid(*dns) == "6ba7b810-9dad-11d1-80b4-00c04fd430c8");
  // Python: uuid.uuid5(uuid.NAMESPACE_DNS, "python.org")
  CHECK(format_uuid(uuid5(*dns, "python.org")) == "886313e1-3b8a-5372-9b90-0c9aee199e5d");
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
