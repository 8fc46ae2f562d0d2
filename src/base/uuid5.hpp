// Name-based UUIDs (RFC 4122 version 5, SHA-1) and the Podcasting 2.0 channel guid built on them.
// The SHA-1 is nettle's.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace castmap {

using Uuid = std::array<std::uint8_t, 16>;

/// Parses the canonical 36-character form `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (either case).
std::optional<Uuid> parse_uuid(std::string_view text);

/// The canonical form in lower-case hex with four hyphens.
std::string format_uuid(const Uuid& uuid);

/// RFC 4122 section 4.3: SHA-1 over namespace bytes + name, with version 5 and variant bits set.
Uuid uuid5(const Uuid& namespace_id, std::string_view name);

/// podcast:guid as the Podcasting 2.0 namespace defines it: UUIDv5 in namespace
/// ead4c236-bf58-58c6-a2c6-a6b28d128cb6 over the feed URL without its scheme (`https://`) and
/// without trailing slashes. `podnews.net/rss` gives 9b024349-ccf0-5f69-a609-6b82873eab3c.
std::string podcast_guid_for_feed(std::string_view feed_url);

}  // namespace castmap
