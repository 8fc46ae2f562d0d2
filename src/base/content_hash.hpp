// A fast, stable 64-bit content hash (MurmurHash64A's mixing) for the output manifest's
// "unchanged" fast path and the parse cache. Not cryptographic: it only has to tell apart a
// file's old and new bytes. Computable in one call or piece by piece, with the same value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace castmap {

/// Hashes bytes that arrive in pieces (a file streamed to disk): update() with consecutive
/// pieces, then value(). Any split of the same bytes gives content_hash() of them all.
class ContentHasher {
 public:
  void update(std::string_view bytes);
  /// The hash of every byte given so far.
  std::uint64_t value() const;

 private:
  std::uint64_t hash_ = kSeed;
  std::uint64_t length_ = 0;
  unsigned char pending_[8] = {};  ///< the last, incomplete 8-byte block
  std::size_t pending_size_ = 0;

  /// A fixed seed: the value is stored in manifests and must not change between runs.
  static constexpr std::uint64_t kSeed = 0x63617374'6d617021ULL;  // "castmap!"
};

/// The same bytes give the same value in every run and build (on little-endian hosts).
std::uint64_t content_hash(std::string_view bytes);

}  // namespace castmap
