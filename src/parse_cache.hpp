// The parse cache (`<output>/.castmap-cache`): what the loader got from each content file last
// time, keyed by path, size, mtime and a content hash, so a re-run parses only the files that
// changed. Also the run state (`<output>/.castmap-run`): what the last complete run reported, so a
// re-run over unchanged input can skip all work and replay it. Both are invalidated by another
// castmap version or configuration, and rebuilt (never trusted) when damaged.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "src/config.hpp"
#include "src/diagnostics.hpp"
#include "src/file_stamp.hpp"
#include "src/model.hpp"

namespace castmap {

inline constexpr std::string_view kParseCacheFileName = ".castmap-cache";
inline constexpr std::string_view kRunStateFileName = ".castmap-run";

/// What loading one file produced; `episode` is empty for files that failed and for shows,
/// people and technologies (those are small and always parsed again).
struct CachedParse {
  FileStamp stamp;
  std::uint64_t hash = 0;
  std::optional<Episode> episode;
  std::vector<Diagnostic> diagnostics;
};

/// Hash of everything in the configuration that can change an output, plus the castmap
/// version and build (build_identity()).
std::uint64_t config_fingerprint(const Config& config);

/// A decoded cache. Layout: header, blobs, index (path, stamp, hash, blob offset and size),
/// then two fixed 8-byte words: the index offset and a checksum over everything before it. The
/// index comes last so a cache can be streamed out without holding its blobs. Entries are
/// decoded lazily: an entry's episode only when the loader asks for it.
class ParseCache {
 public:
  /// Decodes `bytes`; an empty cache when they are damaged or were written for another
  /// fingerprint. `written_ns` is the cache file's mtime: stamps at or after it are "racy"
  /// (the file may have changed within the same clock tick) and not trusted without a hash.
  static ParseCache decode(std::string bytes, std::uint64_t fingerprint, std::int64_t written_ns);

  bool empty() const { return index_.empty(); }
  std::size_t size() const { return index_.size(); }

  /// The stamp recorded for `path`, if any, and whether it can be trusted without reading.
  struct IndexEntry {
    FileStamp stamp;
    std::uint64_t hash = 0;
    std::size_t blob_offset = 0;
    std::size_t blob_size = 0;
  };
  const IndexEntry* find(std::string_view path) const;
  bool stamp_trusted(const IndexEntry& entry) const { return entry.stamp.mtime_ns < written_ns_; }
  /// Decodes the entry's parse result; nullopt when its blob is damaged.
  std::optional<CachedParse> load(const IndexEntry& entry) const;
  /// The raw encoded blob of an entry (reused verbatim when the file is unchanged).
  std::string_view blob(const IndexEntry& entry) const;

  /// Encodes one file's parse result as a cache blob.
  static std::string encode_parse(const Episode* episode,
                                  const std::vector<Diagnostic>& diagnostics);

 private:
  /// Looked up by the listing's string_views: no std::string built per lookup.
  struct PathHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view path) const {
      return std::hash<std::string_view>{}(path);
    }
  };
  std::string bytes_;
  std::unordered_map<std::string, IndexEntry, PathHash, std::equal_to<>> index_;
  std::int64_t written_ns_ = 0;
};

/// One episode file as the next cache will record it: either the old cache's blob, reused
/// verbatim, or a fresh parse encoded while the cache is written.
struct CacheEntrySource {
  std::string_view path;  ///< into the content listing, which outlives the cache's writing
  FileStamp stamp;
  std::uint64_t hash = 0;
  std::string_view reused_blob;         ///< non-empty: copy from the old cache
  const Episode* episode = nullptr;     ///< fresh parse (nullptr when the file failed)
  std::vector<Diagnostic> diagnostics;  ///< fresh parse's diagnostics
  std::string encoded;                  ///< the fresh parse, already encoded (see below)
};

/// Encodes every fresh parse in `sources` now, so that they no longer point into the catalog
/// and the cache can be written while the normalizer edits it. Returns false (and changes
/// nothing) when more than `max_fresh` entries are fresh: a cold run streams its cache instead,
/// so that it never holds all of it in memory.
bool encode_fresh_entries(std::vector<CacheEntrySource>& sources, std::size_t max_fresh);

/// Streams a new cache built from `sources` to `sink`.
void write_parse_cache(const std::vector<CacheEntrySource>& sources, std::uint64_t fingerprint,
                       const std::function<void(std::string_view)>& sink);

/// What the last complete run reported: replayed when nothing changed.
struct RunState {
  std::vector<std::string> exporters;
  std::size_t episode_files = 0, episodes_loaded = 0, episodes_failed = 0, episodes_rejected = 0,
              episodes_exported = 0;
  std::vector<Diagnostic> diagnostics;
  /// The input files and their stamps when the run started.
  std::vector<std::pair<std::string, FileStamp>> inputs;

  std::string encode(std::uint64_t fingerprint) const;
  /// The same bytes, handed to `sink` in pieces (no second copy of 100,000 input stamps).
  void encode(std::uint64_t fingerprint, const std::function<void(std::string_view)>& sink) const;
  static std::optional<RunState> decode(std::string_view bytes, std::uint64_t fingerprint);
};

}  // namespace castmap
