// The output manifest: which files castmap wrote into an output folder, by which exporter, and
// their size, mtime and content hash. It drives pruning and the "unchanged" fast path.
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace castmap {

/// File name inside the output folder.
inline constexpr std::string_view kManifestFileName = ".castmap-manifest";

struct ManifestEntry {
  std::string exporter;
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;  ///< st_mtim in nanoseconds since the epoch
  std::uint64_t hash = 0;     ///< content_hash() of the bytes
  /// Digest of everything the exporter read to render the file (0: not known). A later run
  /// with the same digest can keep the file without rendering it again.
  std::uint64_t inputs = 0;
  /// What rendering the file reported, as src/incremental encodes it (never TAB or newline):
  /// a later run that keeps the file reports it again. Usually empty.
  std::string note;
  /// Set by parse_manifest(): the entry's place among the manifest's entries in path order, so
  /// a run can keep a flag per previous file in an array. Not written, not compared.
  std::uint32_t position = 0;

  bool operator==(const ManifestEntry& other) const {
    return exporter == other.exporter && size == other.size && mtime_ns == other.mtime_ns &&
           hash == other.hash && inputs == other.inputs && note == other.note;
  }
};

/// Keyed by the '/'-separated path relative to the output folder.
using Manifest = std::unordered_map<std::string, ManifestEntry>;

/// A manifest that cannot be read back (damaged or from a newer castmap).
struct ManifestFormatError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Line format, one file per line, sorted by path, fields separated by TAB:
///   castmap-manifest 3
///   <path> TAB <exporter> TAB <size> TAB <mtime_ns> TAB <hash> TAB <inputs> TAB <note>
/// hash and inputs are 16 hex digits. Versions 1 (no inputs) and 2 (no note) are still read,
/// with hash and inputs 0 (their digests came from an older content hash) and no note, so an
/// upgraded castmap keeps pruning what an older one wrote. Paths, exporter names and notes never
/// contain TAB or newlines (validated before they get here).
std::string serialize_manifest(const Manifest& manifest);

/// One manifest line, by reference: a path and its entry.
using ManifestLine = std::pair<const std::string*, const ManifestEntry*>;

/// serialize_manifest() for lines held elsewhere (no copy of 184,000 entries into a Manifest),
/// handed to `write` in pieces of about 64 KB. `lines` are sorted here unless they already are;
/// paths must be unique.
void write_manifest_lines(std::vector<ManifestLine> lines,
                          const std::function<void(std::string_view)>& write);

/// Throws ManifestFormatError naming the line. Every path is checked with validate_output_path,
/// so a tampered manifest cannot make the writer touch anything outside the output folder.
/// `by_path`, when given, receives the entries sorted by path (the file's own order, which
/// castmap writes sorted, so a re-run never sorts 184,000 paths to write the next manifest);
/// each entry's `position` is its index there.
Manifest parse_manifest(std::string_view text,
                        std::vector<const Manifest::value_type*>* by_path = nullptr);

}  // namespace castmap
