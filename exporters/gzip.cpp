// gzip via zlib's deflate/inflate with a fixed header (time = 0, os = 255). Input is deflated
// in fixed slices on all cores, as pigz does, into one gzip member.
#include "exporters/gzip.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <limits>
#include <stdexcept>
#include <vector>

#include "src/base/parallel.hpp"

namespace castmap {

namespace {

/// zlib counts in uInt: gunzip feeds input above 4 GiB in slices of this.
constexpr std::size_t kMaxSlice = std::numeric_limits<uInt>::max();
/// Operating system "unknown" (RFC 1952): the bytes must not depend on the build machine.
constexpr int kOsUnknown = 255;

Bytef* bytes_of(std::string_view data) {
  // zlib's API is not const-correct; next_in is only read.
  return reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
}

/// Input is deflated in slices of this size on all cores (a 50 MB sitemap part takes about a
/// second on one core). The slicing never depends on the thread count, so neither do the
/// bytes.
constexpr std::size_t kSliceBytes = std::size_t{1} << 20;
/// Deflate's window: each slice is primed with the input this far back, so slicing costs
/// almost no compression.
constexpr std::size_t kWindowBytes = 32 * 1024;

/// One slice as raw deflate (no header or trailer), primed with `dictionary`, the input right
/// before it. A slice that is not the last ends with a sync flush: on a byte boundary, with no
/// final block, so the next slice's blocks follow on directly in the same stream.
std::string deflate_slice(std::string_view slice, std::string_view dictionary, bool last) {
  z_stream stream{};
  if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("gzip: deflateInit2 failed");
  if (!dictionary.empty())
    deflateSetDictionary(&stream, bytes_of(dictionary), static_cast<uInt>(dictionary.size()));
  std::string out(deflateBound(&stream, static_cast<uLong>(slice.size())) + 16, '\0');
  stream.next_in = bytes_of(slice);
  stream.avail_in = static_cast<uInt>(slice.size());
  std::size_t written = 0;
  const int flush = last ? Z_FINISH : Z_SYNC_FLUSH;
  while (true) {
    if (written == out.size()) out.resize(out.size() * 2);
    stream.next_out = reinterpret_cast<Bytef*>(out.data() + written);
    stream.avail_out = static_cast<uInt>(out.size() - written);
    const int status = deflate(&stream, flush);
    written = out.size() - stream.avail_out;
    if (status == Z_STREAM_END || (!last && status == Z_OK && stream.avail_out > 0)) break;
    if (status != Z_OK && status != Z_BUF_ERROR) {
      deflateEnd(&stream);
      throw std::runtime_error("gzip: deflate failed");
    }
  }
  deflateEnd(&stream);
  out.resize(written);
  return out;
}

void append_little_endian32(std::string& out, uLong value) {
  for (int shift = 0; shift < 32; shift += 8) out += static_cast<char>((value >> shift) & 0xFF);
}

}  // namespace

std::string gzip_compress(std::string_view data) {
  // Small input is one slice, deflated here: byte for byte zlib's own gzip stream.
  const std::size_t slices =
      std::max<std::size_t>(1, (data.size() + kSliceBytes - 1) / kSliceBytes);
  std::vector<std::string> bodies(slices);
  std::vector<uLong> checksums(slices);
  parallel_for(slices, [&](std::size_t i) {
    const std::size_t begin = i * kSliceBytes;
    const std::string_view slice = data.substr(begin, kSliceBytes);
    const std::size_t primed = std::min(begin, kWindowBytes);
    bodies[i] = deflate_slice(slice, data.substr(begin - primed, primed), i + 1 == slices);
    checksums[i] = crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(slice.data()),
                         static_cast<uInt>(slice.size()));
  });
  // The member's CRC-32 from the slices' (zlib's crc32_combine).
  uLong checksum = checksums[0];
  for (std::size_t i = 1; i < slices; ++i)
    checksum =
        crc32_combine(checksum, checksums[i],
                      static_cast<z_off_t>(std::min(kSliceBytes, data.size() - i * kSliceBytes)));
  // The header zlib writes with deflateSetHeader(time 0, os 255) at the default level (RFC
  // 1952): magic, deflate, no flags, MTIME 0 (the clock never shows), XFL 0, OS unknown.
  constexpr std::array<unsigned char, 10> kHeader = {0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, kOsUnknown};
  std::string out(kHeader.begin(), kHeader.end());
  std::size_t size = kHeader.size() + 8;
  for (const std::string& body : bodies) size += body.size();
  out.reserve(size);
  for (std::string& body : bodies) {
    out += body;
    body = std::string();
  }
  append_little_endian32(out, checksum);
  append_little_endian32(out, static_cast<uLong>(data.size() & 0xFFFFFFFFu));  // ISIZE: mod 2^32
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
