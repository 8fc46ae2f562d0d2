// A fast, stable 64-bit content hash (MurmurHash64A) for the output manifest's "unchanged"
// fast path. Not cryptographic: it only has to tell apart a file's old and new bytes.
#pragma once

#include <cstdint>
#include <string_view>

namespace castmap {

/// The same bytes give the same value in every run and build (on little-endian hosts).
std::uint64_t content_hash(std::string_view bytes);

}  // namespace castmap
