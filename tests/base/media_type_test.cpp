// Tests for media_type_conflict: a media type that contradicts its URL's extension.
#include <catch2/catch.hpp>

#include "src/base/media_type.hpp"

using namespace castmap;

TEST_CASE("media types that contradict the URL's extension are found", "[media-type]") {
  CHECK(media_type_conflict("https://x.example/a/index.m3u8", "video/mp4").find("HLS") !=
        std::string::npos);
  CHECK(media_type_conflict("https://x.example/a.mp3", "video/mp4") != "");
  CHECK(media_type_conflict("https://x.example/a.MP3?x=1.mp4#t", "audio/mpeg").empty());
  CHECK(media_type_conflict("https://x.example/a.m3u8", "application/x-mpegURL").empty());
  CHECK(media_type_conflict("https://x.example/a.mp4", "video/mp4; codecs=\"avc1\"").empty());
  CHECK(media_type_conflict("https://x.example/{media_id}.m4a", "audio/x-m4a").empty());
  // Unknown or missing extensions are never a conflict.
  CHECK(media_type_conflict("https://x.example/stream", "video/mp4").empty());
  CHECK(media_type_conflict("https://x.example", "video/mp4").empty());
  CHECK(media_type_conflict("https://x.example/a.xyz", "video/mp4").empty());
}
