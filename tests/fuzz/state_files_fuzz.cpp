// libFuzzer entry point for the state files castmap reads back from an output folder (a
// tampered or damaged one must never crash, hang or leak): the manifest, the run state, the
// fragment index, the parse cache, the published items, the pending notifications and the
// findings kept in manifest notes. The first byte picks the reader. The checksummed formats end
// in an 8-byte hash of their body, which random bytes never match: the rest of the input is
// taken as the body (a seed's own hash dropped) and the right hash appended, so the fuzzer
// reaches the decoding behind the check. Seeds: real state files of the examples' export.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "src/incremental/binary_codec.hpp"
#include "src/incremental/findings_codec.hpp"
#include "src/incremental/fragment_index.hpp"
#include "src/incremental/parse_cache.hpp"
#include "src/incremental/pending_notifications.hpp"
#include "src/incremental/published_items.hpp"
#include "src/output/output_manifest.hpp"

namespace {

/// `body` (a seed's trailing hash dropped) sealed as its reader checks (verified_body).
std::string with_valid_hash(std::string_view input) {
  const std::string_view body = input.size() >= 8 ? input.substr(0, input.size() - 8) : input;
  castmap::BinaryWriter w;
  w.bytes().assign(body);
  w.seal();
  return std::move(w.bytes());
}

/// The fingerprint a run state or parse cache names in its header (magic, format, version,
/// fingerprint), so that a seed's body is decoded rather than refused as another configuration's.
std::uint64_t fingerprint_in(std::string_view input) {
  castmap::BinaryReader r(input);
  (void)r.str();
  (void)r.u64();
  (void)r.str();
  return r.u64();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t which = data[0] % 7;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (which) {
    case 0:
      try {
        (void)castmap::parse_manifest(input);
      } catch (const castmap::ManifestFormatError&) {
        // The one way a damaged manifest is reported (set aside by the writer).
      }
      break;
    case 1:
      (void)castmap::RunState::decode(with_valid_hash(input), fingerprint_in(input));
      break;
    case 2:
      (void)castmap::FragmentIndex::decode(with_valid_hash(input));
      break;
    case 3: {
      const castmap::ParseCache cache =
          castmap::ParseCache::decode(std::string(input), fingerprint_in(input), 0);
      if (const auto* entry = cache.find("videos/fuzz.md")) (void)cache.load(*entry);
      break;
    }
    case 4:
      (void)castmap::PublishedItems::decode(with_valid_hash(input));
      break;
    case 5:
      (void)castmap::PendingNotifications::decode(with_valid_hash(input));
      break;
    default:
      (void)castmap::decode_findings(input);
      break;
  }
  return 0;
}
