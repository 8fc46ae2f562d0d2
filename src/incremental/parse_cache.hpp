// The parse cache (`<output>/.castmap-cache`, plus `.castmap-cache-delta` for what changed since
// it was written): what the loader got from each content file last time, keyed by path, size,
// mtime and a content hash, so a re-run parses only the files that changed. Also the run state
// (`<output>/.castmap-run`): what the last complete run reported, so a re-run over unchanged input
// can skip all work and replay it. Both are invalidated by another castmap version or
// configuration, and rebuilt (never trusted) when damaged.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "src/base/file_stamp.hpp"
#include "src/config/config.hpp"
#include "src/load/parse_reuse.hpp"
#include "src/model/diagnostics.hpp"
#include "src/model/model.hpp"
#include "src/normalize/publishing_state.hpp"
#include "src/output/file_bytes.hpp"

namespace castmap {

inline constexpr std::string_view kParseCacheFileName = ".castmap-cache";
/// The entries recorded since the cache was written, when they are few (see choose_cache_write):
/// a re-run after a small change writes them instead of rewriting 300 MB of unchanged entries.
inline constexpr std::string_view kParseCacheDeltaFileName = ".castmap-cache-delta";
inline constexpr std::string_view kRunStateFileName = ".castmap-run";

/// What loading one file produced; `episode` is empty for files that failed and for shows,
/// people and technologies (those are small and always parsed again).
struct CachedParse {
  FileStamp stamp;
  std::uint64_t hash = 0;
  std::optional<Episode> episode;
  std::vector<Diagnostic> diagnostics;
};

/// Hash of everything the configuration was made from (Config::provenance) and of the castmap
/// version and build (build_identity()): derived, so no setting can be left out of it.
std::uint64_t config_fingerprint(const Config& config);

/// A decoded cache: a base file, optionally overlaid by a delta written against it. Layout of
/// both: header, blobs, index (path, stamp, hash, blob offset and size), then two fixed 8-byte
/// words: the index offset and a checksum over everything before it. The index comes last so a
/// cache can be streamed out without holding its blobs. A delta's header also names its base (the
/// base's checksum), so a delta left over from an older base is never applied. Entries are
/// decoded lazily: an entry's episode only when the loader asks for it.
class ParseCache final : public PreviousParses {
 public:
  /// Decodes a base cache; an empty cache when `bytes` are damaged or were written for another
  /// fingerprint. `written_ns` is the cache file's mtime: stamps at or after it are "racy"
  /// (the file may have changed within the same clock tick) and not trusted without a hash.
  static ParseCache decode(FileBytes bytes, std::uint64_t fingerprint, std::int64_t written_ns);
  static ParseCache decode(std::string bytes, std::uint64_t fingerprint, std::int64_t written_ns) {
    return decode(FileBytes(std::move(bytes)), fingerprint, written_ns);
  }
  /// Overlays a delta (write_parse_cache_delta) on this base: its entries replace the base's for
  /// the same paths. Returns false, and changes nothing, when the delta is damaged, was written
  /// for another fingerprint or against another base, or there is no base.
  bool add_delta(FileBytes bytes, std::uint64_t fingerprint, std::int64_t written_ns);
  bool add_delta(std::string bytes, std::uint64_t fingerprint, std::int64_t written_ns) {
    return add_delta(FileBytes(std::move(bytes)), fingerprint, written_ns);
  }
  /// False when a mapped cache file was written to since it was read (FileBytes): entries
  /// decoded from it may then not be what its checksum covered.
  bool unchanged_since_read() const;

  bool empty() const { return index_.empty(); }
  std::size_t size() const { return index_.size(); }
  /// How many entries the base file holds (some may be replaced by the delta's).
  std::size_t base_size() const { return base_size_; }
  /// Names the base in a delta written against it (its checksum; 0 without a base).
  std::uint64_t base_checksum() const { return base_checksum_; }

  /// The stamp recorded for `path`, if any, and whether it can be trusted without reading.
  struct IndexEntry {
    FileStamp stamp;
    std::uint64_t hash = 0;
    std::size_t blob_offset = 0;
    std::size_t blob_size = 0;
    bool in_delta = false;  ///< from the delta file, not the base
  };
  const IndexEntry* find(std::string_view path) const;
  bool stamp_trusted(const IndexEntry& entry) const {
    return entry.stamp.mtime_ns < written_ns_[entry.in_delta];
  }
  /// Whether another file's `stamp`, recorded with `entry` (an episode's input file), can be
  /// trusted without reading it: older than the cache file the entry is in.
  bool stamp_trusted(const IndexEntry& entry, const FileStamp& stamp) const {
    return stamp.mtime_ns < written_ns_[entry.in_delta];
  }
  /// Decodes the entry's parse result; nullopt when its blob is damaged.
  std::optional<CachedParse> load(const IndexEntry& entry) const;
  /// The raw encoded blob of an entry (reused verbatim when the file is unchanged).
  std::string_view blob(const IndexEntry& entry) const;

  /// The loader's question (PreviousParses): the entry for `file` when its stamp, or its bytes'
  /// size and hash, and its companions are as recorded. Episodes come back as the loader left
  /// them when it stored them: cleaned, with their show notes (src/normalize/catalog_loading).
  std::optional<ReusedParse> reuse(const ContentFile& file, const FileStamp& stamp,
                                   const std::string* bytes, std::uint64_t hash,
                                   const CompanionFiles& companions) const override;

  /// Encodes one file's parse result as a cache blob.
  static std::string encode_parse(const Episode* episode,
                                  const std::vector<Diagnostic>& diagnostics);

 private:
  /// Keyed by views of the paths in the files' own index bytes: no string is built per entry
  /// (100,000 of them) nor per lookup. The bytes sit behind pointers, so moving a ParseCache
  /// never moves what the keys point into.
  using Index = std::unordered_map<std::string_view, IndexEntry>;
  std::unique_ptr<const FileBytes> bytes_[2];  ///< the base's and the delta's bytes
  Index index_;
  std::int64_t written_ns_[2] = {0, 0};
  std::size_t base_size_ = 0;
  std::uint64_t base_checksum_ = 0;
};

/// Encodes every fresh parse in `sources` now, so that they no longer point into the catalog
/// and the cache can be written while the normalizer edits it. Returns false (and changes
/// nothing) when more than `max_fresh` entries are fresh: a cold run streams its cache instead,
/// so that it never holds all of it in memory.
bool encode_fresh_entries(std::vector<CacheEntrySource>& sources, std::size_t max_fresh);

/// Streams a new cache built from `sources` to `sink`.
void write_parse_cache(const std::vector<CacheEntrySource>& sources, std::uint64_t fingerprint,
                       const std::function<void(std::string_view)>& sink);

/// How the next cache is written: whole, or as a delta holding only the entries that are not
/// in `previous`'s base as recorded. A delta is chosen while it stays small: at most 1/8 of the
/// base's entries are new or replaced, and at most 1/8 of the base is no longer used (files
/// changed or deleted since). Past that, the base is rewritten whole and the delta dropped, so a
/// cache never carries much dead weight.
enum class CacheWrite { whole, delta };
CacheWrite choose_cache_write(const ParseCache& previous,
                              const std::vector<CacheEntrySource>& sources);

/// Streams a delta against `previous`'s base: the entries of `sources` not as_in_base.
void write_parse_cache_delta(const std::vector<CacheEntrySource>& sources,
                             const ParseCache& previous, std::uint64_t fingerprint,
                             const std::function<void(std::string_view)>& sink);

/// What the last complete run reported: replayed when nothing changed.
struct RunState {
  std::vector<std::string> exporters;
  std::size_t episode_files = 0, episodes_loaded = 0, episodes_failed = 0, episodes_rejected = 0,
              episodes_exported = 0;
  std::vector<Diagnostic> diagnostics;
  /// The input files and their stamps when the run started.
  std::vector<std::pair<std::string, FileStamp>> inputs;
  /// The reference times for which the run held back the same episodes: a run at a time
  /// outside it publishes or holds back other episodes and cannot be replayed.
  PublicationWindow window;
  std::size_t held_back = 0;  ///< episodes the run held back
  /// Files episodes reference outside the listing (chapter files) and their stamps then.
  std::vector<std::pair<std::string, FileStamp>> referenced;

  std::string encode(std::uint64_t fingerprint) const;
  /// The same bytes, handed to `sink` in pieces (no second copy of 100,000 input stamps).
  void encode(std::uint64_t fingerprint, const std::function<void(std::string_view)>& sink) const;
  static std::optional<RunState> decode(std::string_view bytes, std::uint64_t fingerprint);
};

}  // namespace castmap
