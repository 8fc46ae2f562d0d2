// Tests for the deterministic gzip helper: round trip, fixed header bytes, corrupt input.
#include <catch2/catch.hpp>

#include <string>

#include "src/gzip.hpp"

using namespace castmap;

TEST_CASE("gzip round-trips and its header never depends on the clock", "[gzip]") {
  std::string text;
  for (int i = 0; i < 5000; ++i)
    text += "<url><loc>https://example.com/" + std::to_string(i) + "</loc></url>\n";
  std::string packed = gzip_compress(text);
  REQUIRE(packed.size() > 18);
  CHECK(packed.size() < text.size() / 4);
  // RFC 1952 header: magic 1F 8B, method 8 (deflate), flags 0, MTIME 0, XFL, OS 255.
  CHECK(static_cast<unsigned char>(packed[0]) == 0x1F);
  CHECK(static_cast<unsigned char>(packed[1]) == 0x8B);
  CHECK(packed[2] == 8);
  CHECK(packed[3] == 0);
  CHECK(packed.substr(4, 4) == std::string(4, '\0'));
  CHECK(static_cast<unsigned char>(packed[9]) == 255);
  CHECK(gzip_decompress(packed) == text);
  CHECK(gzip_compress(text) == packed);  // same input, same bytes
}

TEST_CASE("gzip handles empty input, binary bytes and concatenated members", "[gzip]") {
  CHECK(gzip_decompress(gzip_compress("")).empty());
  std::string binary("a\0b\xFF\x80", 5);
  CHECK(gzip_decompress(gzip_compress(binary)) == binary);
  CHECK(gzip_decompress(gzip_compress("one,") + gzip_compress("two")) == "one,two");
}

TEST_CASE("gunzip rejects corrupt and truncated data", "[gzip]") {
  std::string packed = gzip_compress("hello hello hello hello");
  CHECK_THROWS(gzip_decompress(packed.substr(0, packed.size() - 6)));
  std::string flipped = packed;
  flipped[flipped.size() - 5] ^= 0x01;  // damage the CRC-32
  CHECK_THROWS(gzip_decompress(flipped));
  CHECK_THROWS(gzip_decompress("not gzip at all"));
  CHECK_THROWS(gzip_decompress(""));
}
