// Sorting the 184,000 output paths of a large run by path, fast. Comparing std::strings means
// following two heap pointers per comparison, and output paths share long prefixes
// ("chapters/..."), so std::sort spends its time on cache misses. Here each path's first 16
// bytes become two integers stored beside its index, which decide almost every comparison.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>
#include <utility>
#include <vector>

#include "src/parallel.hpp"

namespace castmap {

/// The first 16 bytes of a path as two big-endian integers, zero-padded: ordering keys by
/// (head, next) orders the paths byte-wise as far as they go (paths never contain a NUL).
struct PathPrefix {
  std::uint64_t head = 0, next = 0;

  static PathPrefix of(std::string_view path) {
    unsigned char bytes[16] = {};
    std::memcpy(bytes, path.data(), path.size() < 16 ? path.size() : 16);
    PathPrefix prefix;
    for (int i = 0; i < 8; ++i) prefix.head = prefix.head << 8 | bytes[i];
    for (int i = 8; i < 16; ++i) prefix.next = prefix.next << 8 | bytes[i];
    return prefix;
  }
};

/// Sorts `items` by `path_of(item)` (a std::string_view), as std::sort would with `<` on the
/// paths; items are moved once each, into their final places.
template <typename T, typename PathOf>
void sort_by_path(std::vector<T>& items, PathOf path_of) {
  struct Key {
    PathPrefix prefix;
    std::size_t index;
  };
  std::vector<Key> keys(items.size());
  for (std::size_t i = 0; i < items.size(); ++i)
    keys[i] = Key{PathPrefix::of(path_of(items[i])), i};
  parallel_sort(keys.begin(), keys.end(), [&](const Key& a, const Key& b) {
    if (a.prefix.head != b.prefix.head) return a.prefix.head < b.prefix.head;
    if (a.prefix.next != b.prefix.next) return a.prefix.next < b.prefix.next;
    return std::string_view(path_of(items[a.index])) < std::string_view(path_of(items[b.index]));
  });
  // Apply the order in place, one cycle at a time (no second vector of items).
  std::vector<bool> placed(items.size(), false);
  for (std::size_t start = 0; start < items.size(); ++start) {
    if (placed[start]) continue;
    T carried = std::move(items[start]);
    std::size_t slot = start;
    while (true) {
      placed[slot] = true;
      const std::size_t source = keys[slot].index;
      if (source == start) {
        items[slot] = std::move(carried);
        break;
      }
      items[slot] = std::move(items[source]);
      slot = source;
    }
  }
}

}  // namespace castmap
