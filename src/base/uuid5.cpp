// UUIDv5 per RFC 4122 section 4.3 over nettle's SHA-1, and the canonical text form of UUIDs.
#include "src/base/uuid5.hpp"

#include <nettle/sha1.h>

#include <cctype>

namespace castmap {

namespace {

constexpr std::string_view kHexDigits = "0123456789abcdef";

/// The namespace UUID the Podcasting 2.0 spec fixes for podcast:guid.
constexpr Uuid kPodcastNamespace = {0xea, 0xd4, 0xc2, 0x36, 0xbf, 0x58, 0x58, 0xc6,
                                    0xa2, 0xc6, 0xa6, 0xb2, 0x8d, 0x12, 0x8c, 0xb6};

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

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
  // SHA-1 over the namespace's 16 bytes followed by the name; the UUID is the digest's first
  // 16 bytes with the version and variant bits set.
  sha1_ctx context;
  sha1_init(&context);
  sha1_update(&context, namespace_id.size(), namespace_id.data());
  sha1_update(&context, name.size(), reinterpret_cast<const std::uint8_t*>(name.data()));
  Uuid uuid{};
  sha1_digest(&context, uuid.size(), uuid.data());  // nettle truncates to the length asked for
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
