// Deterministic in-memory gzip (RFC 1952) on zlib, for `.xml.gz` sitemaps: the header carries no
// modification time and no file name, and names the OS "unknown", so the same input always gives
// the same bytes, whatever the clock or the machine.
#pragma once

#include <string>
#include <string_view>

namespace castmap {

/// Compresses `data` into one gzip member (deflate, zlib's default level). Input over 1 MiB is
/// deflated in 1 MiB slices on all cores, each primed with the 32 KB before it and joined by
/// sync flushes (as pigz does): the same bytes whatever the thread count, a few hundred bytes
/// larger than one stream. Throws std::runtime_error only when zlib itself fails (out of
/// memory).
std::string gzip_compress(std::string_view data);

/// Decompresses one or more concatenated gzip members, checking each CRC-32. Throws
/// std::runtime_error on corrupt or truncated input. Used by tests and checks, not by exporters.
std::string gzip_decompress(std::string_view data);

}  // namespace castmap
