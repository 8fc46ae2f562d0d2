// Tests for the deterministic gzip helper: round trip, fixed header bytes, corrupt input.
#include <zlib.h>
#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "exporters/gzip.hpp"
#include "tests/support/golden_support.hpp"

using namespace castmap;

namespace {

/// Sitemap-like text, varied enough that slices really differ: `bytes` long.
std::string sitemap_like_text(std::size_t bytes) {
  std::mt19937 random(42);
  std::string text;
  while (text.size() < bytes)
    text += "<url><loc>https://example.com/watch/episode-" + std::to_string(random() % 100000) +
            "/</loc><lastmod>2025-0" + std::to_string(1 + random() % 9) + "-1" +
            std::to_string(random() % 10) + "</lastmod></url>\n";
  text.resize(bytes);
  return text;
}

/// What zlib alone makes of `data` as one gzip stream, at the default level, with the header
/// castmap asks for (no time, OS unknown).
std::string one_stream_gzip(const std::string& data) {
  z_stream stream{};
  REQUIRE(deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
                       Z_DEFAULT_STRATEGY) == Z_OK);
  gz_header header{};
  header.os = 255;
  deflateSetHeader(&stream, &header);
  std::string out;
  out.resize(deflateBound(&stream, static_cast<uLong>(data.size())));
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&stream, Z_FINISH) == Z_STREAM_END);
  out.erase(stream.total_out);  // what deflate produced
  deflateEnd(&stream);
  return out;
}

/// How many bytes of `packed` zlib reads before its first gzip member ends.
std::size_t first_member_size(const std::string& packed) {
  z_stream stream{};
  REQUIRE(inflateInit2(&stream, 15 + 16) == Z_OK);
  std::string sink(1 << 16, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(packed.data()));
  stream.avail_in = static_cast<uInt>(packed.size());
  int status = Z_OK;
  while (status == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(sink.data());
    stream.avail_out = static_cast<uInt>(sink.size());
    status = inflate(&stream, Z_NO_FLUSH);
  }
  inflateEnd(&stream);
  REQUIRE(status == Z_STREAM_END);
  return packed.size() - stream.avail_in;
}

}  // namespace

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

TEST_CASE("large input is deflated in slices on all cores into one gzip member", "[gzip]") {
  // 3.5 slices: a short last one, and slices that must be primed with what precedes them.
  const std::string text = sitemap_like_text((std::size_t{7} << 20) / 2);
  const std::string packed = gzip_compress(text);
  CHECK(gzip_decompress(packed) == text);
  // One member, which every gzip reader reads whole (some stop after the first member).
  CHECK(first_member_size(packed) == packed.size());
  // The same header as the single-stream case, and the trailer's length.
  const std::string small = gzip_compress("small");
  CHECK(packed.substr(0, 10) == small.substr(0, 10));
  CHECK(packed.substr(0, 10) == one_stream_gzip("small").substr(0, 10));
  const auto byte = [&packed](std::size_t from_end) {
    return static_cast<unsigned long>(static_cast<unsigned char>(packed[packed.size() - from_end]));
  };
  CHECK((byte(4) | byte(3) << 8 | byte(2) << 16 | byte(1) << 24) == text.size());
  // Priming each slice with the 32 KB before it keeps the size within 0.1 % of one stream (unprimed
  // slices would cost 0.3 %).
  const std::size_t one_stream = one_stream_gzip(text).size();
  CHECK(packed.size() <= one_stream + one_stream / 1000);

  // The same bytes whatever the number of threads.
  for (const char* threads : {"1", "3"}) {
    INFO("CASTMAP_THREADS=" << threads);
    testing::ScopedEnv env("CASTMAP_THREADS", threads);
    CHECK(gzip_compress(text) == packed);
  }
}

TEST_CASE("input up to one slice is zlib's single gzip stream, byte for byte", "[gzip]") {
  for (std::size_t size : {std::size_t{0}, std::size_t{1000}, std::size_t{1} << 20}) {
    INFO(size);
    const std::string text = sitemap_like_text(size);
    CHECK(gzip_compress(text) == one_stream_gzip(text));
  }
}
