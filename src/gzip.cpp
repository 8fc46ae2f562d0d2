// gzip via zlib's deflate/inflate with a fixed header (time = 0, os = 255); input larger than
// zlib's 32-bit counters is fed in slices.
#include "src/gzip.hpp"

#include <zlib.h>

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace castmap {

namespace {

/// zlib counts in uInt; slices keep every count in range on inputs above 4 GiB.
constexpr std::size_t kMaxSlice = std::numeric_limits<uInt>::max();
/// windowBits 15 (the largest window) + 16 asks zlib for a gzip wrapper instead of zlib's.
constexpr int kGzipWindowBits = 15 + 16;
/// Operating system "unknown" (RFC 1952): the bytes must not depend on the build machine.
constexpr int kOsUnknown = 255;

Bytef* bytes_of(std::string_view data) {
  // zlib's API is not const-correct; next_in is only read.
  return reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
}

}  // namespace

std::string gzip_compress(std::string_view data) {
  z_stream stream{};
  if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, kGzipWindowBits, 8,
                   Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("gzip: deflateInit2 failed");
  gz_header header{};
  header.time = 0;  // no modification time: output must not depend on the clock
  header.os = kOsUnknown;
  deflateSetHeader(&stream, &header);

  std::string out;
  out.resize(deflateBound(&stream, static_cast<uLong>(std::min(data.size(), kMaxSlice))) + 64);
  std::size_t written = 0;
  std::size_t consumed = 0;
  int status = Z_OK;
  while (status != Z_STREAM_END) {
    if (stream.avail_in == 0 && consumed < data.size()) {
      std::size_t slice = std::min(data.size() - consumed, kMaxSlice);
      stream.next_in = bytes_of(data.substr(consumed));
      stream.avail_in = static_cast<uInt>(slice);
      consumed += slice;
    }
    if (written == out.size()) out.resize(out.size() * 2);
    std::size_t room = std::min(out.size() - written, kMaxSlice);
    stream.next_out = reinterpret_cast<Bytef*>(out.data() + written);
    stream.avail_out = static_cast<uInt>(room);
    status = deflate(&stream, consumed == data.size() ? Z_FINISH : Z_NO_FLUSH);
    written += room - stream.avail_out;
    if (status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR) {
      deflateEnd(&stream);
      throw std::runtime_error("gzip: deflate failed");
    }
  }
  deflateEnd(&stream);
  out.resize(written);
  return out;
}

std::string gzip_decompress(std::string_view data) {
  z_stream stream{};
  // 15 + 32: accept a gzip (or zlib) header, detected automatically.
  if (inflateInit2(&stream, 15 + 32) != Z_OK)
    throw std::runtime_error("gunzip: inflateInit2 failed");
  std::string out;
  out.resize(std::max<std::size_t>(data.size() * 4, 1024));
  std::size_t written = 0;
  std::size_t consumed = 0;
  while (true) {
    if (stream.avail_in == 0 && consumed < data.size()) {
      std::size_t slice = std::min(data.size() - consumed, kMaxSlice);
      stream.next_in = bytes_of(data.substr(consumed));
      stream.avail_in = static_cast<uInt>(slice);
      consumed += slice;
    }
    if (written == out.size()) out.resize(out.size() * 2);
    std::size_t room = std::min(out.size() - written, kMaxSlice);
    stream.next_out = reinterpret_cast<Bytef*>(out.data() + written);
    stream.avail_out = static_cast<uInt>(room);
    int status = inflate(&stream, Z_NO_FLUSH);
    written += room - stream.avail_out;
    if (status == Z_STREAM_END) {
      bool more_members = stream.avail_in > 0 || consumed < data.size();
      if (!more_members) break;
      inflateReset(&stream);  // concatenated members are one gzip file (RFC 1952 section 2.2)
      continue;
    }
    bool stalled = status == Z_BUF_ERROR && stream.avail_in == 0 && consumed == data.size();
    if ((status != Z_OK && status != Z_BUF_ERROR) || stalled) {
      inflateEnd(&stream);
      throw std::runtime_error("gunzip: corrupt or truncated gzip data");
    }
  }
  inflateEnd(&stream);
  out.resize(written);
  return out;
}

}  // namespace castmap
