// The 64-bit content hash of castmap's state files: the output manifest's "unchanged" fast
// path, the parse cache, the render-input digests and the state files' checksums. It is XXH3-64
// (xxHash, seed 0): fast and stable across runs, builds and hosts. Not cryptographic: it only
// has to tell apart a file's old and new bytes. Computable in one call or piece by piece, with
// the same value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

struct XXH3_state_s;  // xxhash.h's streaming state, kept out of this header

namespace castmap {

/// Hashes bytes that arrive in pieces (a file streamed to disk): update() with consecutive
/// pieces, then value(). Any split of the same bytes gives content_hash() of them all.
class ContentHasher {
 public:
  ContentHasher();
  ~ContentHasher();
  ContentHasher(const ContentHasher&) = delete;
  ContentHasher& operator=(const ContentHasher&) = delete;

  void update(std::string_view bytes);
  /// The hash of every byte given so far.
  std::uint64_t value() const;

 private:
  struct FreeState {
    void operator()(XXH3_state_s* state) const;
  };

  /// Short inputs (a few digests and a path, hashed for every episode) are kept here and hashed
  /// in one call: xxHash's streaming state is allocated only for longer ones.
  static constexpr std::size_t kInlineBytes = 256;
  unsigned char inline_[kInlineBytes];
  std::size_t inline_size_ = 0;
  std::unique_ptr<XXH3_state_s, FreeState> state_;
};

/// The same bytes give the same value in every run, build and host.
std::uint64_t content_hash(std::string_view bytes);

}  // namespace castmap
