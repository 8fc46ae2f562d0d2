// content_hash() and ContentHasher over libxxhash's XXH3-64 (one-shot and streaming give the
// same value for the same bytes, as xxHash guarantees).
#include "src/base/content_hash.hpp"

#include <xxhash.h>

#include <cstring>
#include <new>

namespace castmap {

ContentHasher::ContentHasher() = default;
ContentHasher::~ContentHasher() = default;

void ContentHasher::FreeState::operator()(XXH3_state_s* state) const { XXH3_freeState(state); }

void ContentHasher::update(std::string_view bytes) {
  if (!state_) {
    if (bytes.size() <= kInlineBytes - inline_size_) {
      if (!bytes.empty()) std::memcpy(inline_ + inline_size_, bytes.data(), bytes.size());
      inline_size_ += bytes.size();
      return;
    }
    state_.reset(XXH3_createState());
    if (!state_) throw std::bad_alloc();
    XXH3_64bits_reset(state_.get());
    XXH3_64bits_update(state_.get(), inline_, inline_size_);
  }
  XXH3_64bits_update(state_.get(), bytes.data(), bytes.size());
}

std::uint64_t ContentHasher::value() const {
  return state_ ? XXH3_64bits_digest(state_.get()) : XXH3_64bits(inline_, inline_size_);
}

std::uint64_t content_hash(std::string_view bytes) {
  return XXH3_64bits(bytes.data(), bytes.size());
}

}  // namespace castmap
