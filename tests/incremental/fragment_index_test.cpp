// Tests for the remembered-fragments index (.castmap-fragments): its encoding round-trips,
// lookups find every key, and damage of any kind yields an empty index.
#include <catch2/catch.hpp>

#include <string>
#include <tuple>
#include <vector>

#include "src/incremental/fragment_index.hpp"

using namespace castmap;

namespace {

FragmentFile file_with(std::string path, std::uint64_t first_key, std::size_t count) {
  FragmentFile file;
  file.path = std::move(path);
  file.size = 1000 + count;
  file.hash = 0xfeedface00000000ull + first_key;
  std::uint64_t offset = 3;
  for (std::size_t i = 0; i < count; ++i) {
    // Notes of every length from none on, one with a NUL byte (sitemap flags can be 0); some
    // places right after the last, some after a gap.
    const std::string note = i == 1 ? std::string("\0x", 2) : std::string(i % 4, 'n');
    const auto size = static_cast<std::uint32_t>(7 + i % 300);
    REQUIRE(file.add_place(first_key + i, offset, size, note));
    offset += size + (i % 3 == 0 ? 0 : i % 7);
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
  index.add(file_with("feeds/all.xml", 100, 100000));  // places over 1 MB: handed on whole
  index.add(file_with("sitemap-episodes-1.xml", 900000, 5));
  index.add(file_with("empty.xml", 0, 0));
  const std::string bytes = encoded(index);

  FragmentIndex decoded = FragmentIndex::decode(bytes);
  REQUIRE(decoded.files().size() == 3);
  decoded.build_lookup();
  std::size_t checked = 0;
  for (const FragmentFile& original : index.files()) {
    REQUIRE(original.for_each_place([&](const FragmentPlace& place) {
      const auto found = decoded.find(place.key);
      const bool same = found && found->file->path == original.path &&
                        found->file->size == original.size && found->file->hash == original.hash &&
                        found->place.offset == place.offset && found->place.size == place.size &&
                        found->place.note == place.note;
      checked += same;
    }));
  }
  CHECK(checked == 100005);
  CHECK_FALSE(decoded.find(99));
  CHECK(encoded(decoded) == bytes);  // the same index, the same bytes
}

TEST_CASE("places are kept in file order, with their gaps", "[fragments]") {
  FragmentFile file;
  CHECK(file.add_place(1, 5, 10, "a"));        // after a 5-byte head
  CHECK(file.add_place(2, 15, 3, ""));         // right after
  CHECK(file.add_place(3, 100, 1, "c"));       // after a gap
  CHECK_FALSE(file.add_place(4, 50, 1, "d"));  // before the last one's end: refused
  std::vector<std::tuple<std::uint64_t, std::uint64_t, std::uint32_t, std::string>> seen;
  CHECK(file.for_each_place([&](const FragmentPlace& p) {
    seen.emplace_back(p.key, p.offset, p.size, std::string(p.note));
  }));
  CHECK(seen == decltype(seen){{1, 5, 10, "a"}, {2, 15, 3, ""}, {3, 100, 1, "c"}});
  CHECK(file.place_count() == 3);
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
