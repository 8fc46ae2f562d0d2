// SHA-1 per FIPS 180-4 section 6.1 (message padding, 80-round compression) and UUIDv5 per
// RFC 4122 section 4.3, written out plainly so each step can be checked against the standards.
#include "src/base/uuid5.hpp"

#include <bit>
#include <cctype>

namespace castmap {

namespace {

constexpr std::string_view kHexDigits = "0123456789abcdef";

/// The namespace UUID the Podcasting 2.0 spec fixes for podcast:guid.
constexpr Uuid kPodcastNamespace = {0xea, 0xd4, 0xc2, 0x36, 0xbf, 0x58, 0x58, 0xc6,
                                    0xa2, 0xc6, 0xa6, 0xb2, 0x8d, 0x12, 0x8c, 0xb6};

std::uint32_t load_big_endian(const unsigned char* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         std::uint32_t{p[3]};
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Sha1Digest sha1(std::string_view bytes) {
  std::uint32_t h[5] = {0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u, 0xC3D2E1F0u};

  // Padding (5.1.1): a 1 bit, zeros up to 56 mod 64 bytes, then the bit length as 64-bit BE.
  std::string message(bytes);
  const std::uint64_t bit_length = static_cast<std::uint64_t>(bytes.size()) * 8u;
  message += static_cast<char>(0x80);
  while (message.size() % 64 != 56) message += '\0';
  for (int shift = 56; shift >= 0; shift -= 8)
    message += static_cast<char>((bit_length >> shift) & 0xFFu);

  const auto* data = reinterpret_cast<const unsigned char*>(message.data());
  for (std::size_t block = 0; block < message.size(); block += 64) {
    std::uint32_t w[80];
    for (int t = 0; t < 16; ++t) w[t] = load_big_endian(data + block + 4 * t);
    for (int t = 16; t < 80; ++t) w[t] = std::rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);

    std::uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (int t = 0; t < 80; ++t) {
      std::uint32_t f, k;
      if (t < 20) {
        f = (b & c) | (~b & d);  // Ch
        k = 0x5A827999u;
      } else if (t < 40) {
        f = b ^ c ^ d;  // Parity
        k = 0x6ED9EBA1u;
      } else if (t < 60) {
        f = (b & c) | (b & d) | (c & d);  // Maj
        k = 0x8F1BBCDCu;
      } else {
        f = b ^ c ^ d;  // Parity
        k = 0xCA62C1D6u;
      }
      const std::uint32_t temp = std::rotl(a, 5) + f + e + k + w[t];
      e = d;
      d = c;
      c = std::rotl(b, 30);
      b = a;
      a = temp;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
  }

  Sha1Digest digest{};
  for (std::size_t i = 0; i < 5; ++i)
    for (std::size_t j = 0; j < 4; ++j)
      digest[4 * i + j] = static_cast<std::uint8_t>(h[i] >> (24 - 8 * j));
  return digest;
}

std::optional<Uuid> parse_uuid(std::string_view text) {
  if (text.size() != 36) return std::nullopt;
  Uuid uuid{};
  std::size_t byte = 0;
  for (std::size_t i = 0; i < text.size();) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (text[i] != '-') return std::nullopt;
      ++i;
      continue;
    }
    const int high = hex_value(text[i]);
    const int low = hex_value(text[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    uuid[byte++] = static_cast<std::uint8_t>(high * 16 + low);
    i += 2;
  }
  return uuid;
}

std::string format_uuid(const Uuid& uuid) {
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < uuid.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHexDigits[uuid[i] >> 4];
    out += kHexDigits[uuid[i] & 0xF];
  }
  return out;
}

Uuid uuid5(const Uuid& namespace_id, std::string_view name) {
  std::string input(namespace_id.begin(), namespace_id.end());
  input.append(name);
  const Sha1Digest digest = sha1(input);
  Uuid uuid{};
  for (std::size_t i = 0; i < uuid.size(); ++i) uuid[i] = digest[i];
  uuid[6] = static_cast<std::uint8_t>((uuid[6] & 0x0F) | 0x50);  // version 5
  uuid[8] = static_cast<std::uint8_t>((uuid[8] & 0x3F) | 0x80);  // RFC 4122 variant
  return uuid;
}

std::string podcast_guid_for_feed(std::string_view feed_url) {
  // Any scheme is stripped, not just https: the spec hashes what follows "://".
  if (auto separator = feed_url.find("://"); separator != std::string_view::npos) {
    const std::string_view scheme = feed_url.substr(0, separator);
    const bool is_scheme = !scheme.empty() && std::isalpha(static_cast<unsigned char>(scheme[0])) &&
                           scheme.find_first_not_of(
                               "abcdefghijklmnopqrstuvwxyz"
                               "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-") == std::string_view::npos;
    if (is_scheme) feed_url.remove_prefix(separator + 3);
  }
  while (!feed_url.empty() && feed_url.back() == '/') feed_url.remove_suffix(1);
  return format_uuid(uuid5(kPodcastNamespace, feed_url));
}

}  // namespace castmap
