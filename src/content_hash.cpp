// MurmurHash64A (Austin Appleby, public domain): 8 bytes per step, a few GB/s, good spread.
#include "src/content_hash.hpp"

#include <cstring>

namespace castmap {

std::uint64_t content_hash(std::string_view bytes) {
  constexpr std::uint64_t kMultiplier = 0xc6a4a7935bd1e995ULL;
  constexpr int kShift = 47;
  // A fixed seed: the value is stored in manifests and must not change between runs.
  constexpr std::uint64_t kSeed = 0x63617374'6d617021ULL;  // "castmap!"

  const std::size_t length = bytes.size();
  std::uint64_t hash = kSeed ^ (length * kMultiplier);
  const char* data = bytes.data();
  const char* const blocks_end = data + (length / 8) * 8;
  for (; data != blocks_end; data += 8) {
    std::uint64_t block;
    std::memcpy(&block, data, 8);  // unaligned-safe load
    block *= kMultiplier;
    block ^= block >> kShift;
    block *= kMultiplier;
    hash ^= block;
    hash *= kMultiplier;
  }
  const auto byte = [&](int i) {
    return static_cast<std::uint64_t>(static_cast<unsigned char>(data[i]));
  };
  switch (length & 7) {
    case 7:
      hash ^= byte(6) << 48;
      [[fallthrough]];
    case 6:
      hash ^= byte(5) << 40;
      [[fallthrough]];
    case 5:
      hash ^= byte(4) << 32;
      [[fallthrough]];
    case 4:
      hash ^= byte(3) << 24;
      [[fallthrough]];
    case 3:
      hash ^= byte(2) << 16;
      [[fallthrough]];
    case 2:
      hash ^= byte(1) << 8;
      [[fallthrough]];
    case 1:
      hash ^= byte(0);
      hash *= kMultiplier;
  }
  hash ^= hash >> kShift;
  hash *= kMultiplier;
  hash ^= hash >> kShift;
  return hash;
}

}  // namespace castmap
