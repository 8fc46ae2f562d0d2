// Tests for the remembered-fragments index (.castmap-fragments): its encoding round-trips,
// lookups find every key, and damage of any kind yields an empty index.
#include <catch2/catch.hpp>

#include <string>

#include "src/fragment_index.hpp"

using namespace castmap;

namespace {

FragmentFile file_with(std::string path, std::uint64_t first_key, std::size_t count) {
  FragmentFile file;
  file.path = std::move(path);
  file.size = 1000 + count;
  file.hash = 0xfeedface00000000ull + first_key;
  for (std::size_t i = 0; i < count; ++i) {
    // Notes of every length from none on, one with a NUL byte (sitemap flags can be 0).
    const std::string note = i == 1 ? std::string("\0x", 2) : std::string(i % 4, 'n');
    file.places.push_back({first_key + i, 10 * i, static_cast<std::uint32_t>(7 + i),
                           static_cast<std::uint32_t>(note.size()), file.notes.size()});
    file.notes += note;
  }
  return file;
}

std::string encoded(const FragmentIndex& index) {
  std::string bytes;
  index.encode([&bytes](std::string_view piece) { bytes += piece; });
  return bytes;
}

}  // namespace

TEST_CASE("the fragment index round-trips and finds every key", "[fragments]") {
  FragmentIndex index;
  index.add(file_with("feeds/all.xml", 100, 60000));
  index.add(file_with("sitemaps/episodes-1.xml", 90000, 5));
  index.add(file_with("empty.xml", 0, 0));
  const std::string bytes = encoded(index);

  FragmentIndex decoded = FragmentIndex::decode(bytes);
  REQUIRE(decoded.files().size() == 3);
  decoded.build_lookup();
  for (const FragmentFile& original : index.files()) {
    for (const FragmentPlace& place : original.places) {
      const auto found = decoded.find(place.key);
      REQUIRE(found);
      CHECK(found->file->path == original.path);
      CHECK(found->file->size == original.size);
      CHECK(found->file->hash == original.hash);
      CHECK(found->place->offset == place.offset);
      CHECK(found->place->size == place.size);
      CHECK(found->file->note_of(*found->place) == original.note_of(place));
    }
  }
  CHECK_FALSE(decoded.find(99));
  CHECK(encoded(decoded) == bytes);  // the same index, the same bytes
}

TEST_CASE("a damaged fragment index decodes as empty", "[fragments]") {
  FragmentIndex index;
  index.add(file_with("feeds/all.xml", 1, 20));
  const std::string bytes = encoded(index);
  REQUIRE_FALSE(FragmentIndex::decode(bytes).empty());
  CHECK(FragmentIndex::decode("").empty());
  CHECK(FragmentIndex::decode(bytes.substr(0, bytes.size() - 1)).empty());
  CHECK(FragmentIndex::decode(bytes.substr(1)).empty());
  std::size_t accepted = 0;
  for (std::size_t at = 0; at < bytes.size(); ++at) {
    std::string damaged = bytes;
    damaged[at] ^= 0x01;
    accepted += !FragmentIndex::decode(damaged).empty();
  }
  CHECK(accepted == 0);
}
