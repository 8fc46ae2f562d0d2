// The output manifest: which files castmap wrote into an output folder, by which exporter, and
// their size, mtime and content hash. It drives pruning and the "unchanged" fast path.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

namespace castmap {

/// File name inside the output folder.
inline constexpr std::string_view kManifestFileName = ".castmap-manifest";

struct ManifestEntry {
  std::string exporter;
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;  ///< st_mtim in nanoseconds since the epoch
  std::uint64_t hash = 0;     ///< content_hash() of the bytes

  bool operator==(const ManifestEntry&) const = default;
};

/// Keyed by the '/'-separated path relative to the output folder.
using Manifest = std::unordered_map<std::string, ManifestEntry>;

/// A manifest that cannot be read back (damaged or from a newer castmap).
struct ManifestFormatError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Line format, one file per line, sorted by path, fields separated by TAB:
///   castmap-manifest 1
///   <path> TAB <exporter> TAB <size> TAB <mtime_ns> TAB <hash, 16 hex digits>
/// Paths and exporter names never contain TAB or newlines (validated before they get here).
std::string serialize_manifest(const Manifest& manifest);

/// Throws ManifestFormatError naming the line. Every path is checked with validate_output_path,
/// so a tampered manifest cannot make the writer touch anything outside the output folder.
Manifest parse_manifest(std::string_view text);

}  // namespace castmap
