// Tests for content_hash(): it is XXH3-64 with seed 0, one-shot or streamed, so the state files
// that store it (manifest, caches) change format only with a deliberate version bump.
#include <catch2/catch.hpp>

#include <string>

#include "src/base/content_hash.hpp"

using namespace castmap;

TEST_CASE("content_hash is XXH3-64 with seed 0", "[hash]") {
  // xxHash's own reference values.
  CHECK(content_hash("") == 0x2d06800538d394c2ULL);
  CHECK(content_hash("abc") == 0x78af5f94892f3950ULL);
}

TEST_CASE("content_hash streamed in pieces equals the one-call value", "[hash]") {
  // Bytes that stay in ContentHasher's inline buffer, bytes that just fit or just cross it, and
  // bytes that go to xxHash's streaming state, each split in several ways.
  std::string text;
  for (int i = 0; i < 300; ++i) text += static_cast<char>('a' + i % 26);
  for (std::size_t size : {0, 1, 5, 255, 256, 257, 300}) {
    const std::string_view sample = std::string_view(text).substr(0, size);
    for (std::size_t first = 0; first <= size; first += 17) {
      for (std::size_t second = first; second <= size; second += 37) {
        ContentHasher hasher;
        hasher.update(sample.substr(0, first));
        hasher.update(sample.substr(first, second - first));
        hasher.update(sample.substr(second));
        CHECK(hasher.value() == content_hash(sample));
      }
    }
  }
  CHECK(content_hash(text.substr(0, 5)) != content_hash(text.substr(0, 4)));
}
