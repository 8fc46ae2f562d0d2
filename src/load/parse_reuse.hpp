// The loader's side of incremental runs, as an interface: what it asks of the previous run's
// parses (PreviousParses, which the parse cache in src/incremental implements) and what it hands
// on for the next run's (CacheEntrySource). The loader knows neither cache files nor their
// format; the incremental layer, above it, includes this header.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/base/file_stamp.hpp"
#include "src/load/content_listing.hpp"
#include "src/load/episode_companions.hpp"
#include "src/model/diagnostics.hpp"
#include "src/model/model.hpp"

namespace castmap {

/// An episode file's parse taken over from the previous run.
struct ReusedParse {
  std::optional<Episode> episode;       ///< empty when the file yielded no episode then
  std::vector<Diagnostic> diagnostics;  ///< the file's own, replayed into this run
  std::string_view blob;                ///< the stored entry, copied verbatim into the next cache
  std::uint64_t hash = 0;               ///< the file's content hash as recorded
  /// The entry is the base cache's, recorded there with this stamp and trusted by it: a delta
  /// need not repeat it.
  bool as_in_base = false;
};

/// The previous run's parses, as the loader asks for them.
class PreviousParses {
 public:
  virtual ~PreviousParses() = default;
  /// `file`'s parse from the previous run when it is still current, nullopt otherwise. With
  /// `bytes` null, by `stamp` (size and mtime) alone, when the recorded stamp equals it and can
  /// be trusted without reading; with the file's `bytes`, by their size and `hash`. Either way
  /// the files the episode read beside it (chapter files, transcripts) must be unchanged too.
  virtual std::optional<ReusedParse> reuse(const ContentFile& file, const FileStamp& stamp,
                                           const std::string* bytes, std::uint64_t hash,
                                           const CompanionFiles& companions) const = 0;
};

/// One episode file as the next cache will record it: either the old cache's blob, reused
/// verbatim, or a fresh parse encoded while the cache is written.
struct CacheEntrySource {
  std::string_view path;  ///< into the content listing, which outlives the cache's writing
  FileStamp stamp;
  std::uint64_t hash = 0;
  std::string_view reused_blob;         ///< non-empty: copy from the old cache
  bool as_in_base = false;              ///< see ReusedParse::as_in_base
  const Episode* episode = nullptr;     ///< fresh parse (nullptr when the file failed)
  std::vector<Diagnostic> diagnostics;  ///< fresh parse's diagnostics
  std::string encoded;                  ///< the fresh parse, already encoded (see below)

  /// The entry's bytes when they exist already (reused, or encoded up front); empty for a
  /// fresh parse still to be encoded.
  std::string_view ready_blob() const {
    return !reused_blob.empty() ? reused_blob : std::string_view(encoded);
  }
};

}  // namespace castmap
