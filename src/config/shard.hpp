// Sharding by show (`castmap export --shard K/N`): N independent runs, each into its own output
// folder, split a catalog between them so that each lists and parses only its share. Which run
// takes an episode is decided from its path while the content is listed; see docs/sharding.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace castmap {

/// Shard `index` of `count` (1-based, as jest and playwright count). 1 of 1 is the whole
/// catalog: an unsharded run.
struct Shard {
  std::uint32_t index = 1;
  std::uint32_t count = 1;

  bool active() const { return count > 1; }
  /// The shard (1..count) that takes `key`: a show's file name (its feed, episodes and sitemap
  /// entry) or the path of an episode file in no show's folder. Fixed across runs and builds
  /// for a given count.
  std::uint32_t shard_of(std::string_view key) const;
  bool owns(std::string_view key) const { return shard_of(key) == index; }
  /// "shard-2-of-8": names this shard's files that every shard writes (the sitemap index and
  /// parts), so that the shards' output folders can be merged into one site.
  std::string label() const;

  bool operator==(const Shard&) const = default;
};

inline constexpr std::uint32_t kMaxShards = 65536;

/// Parses "K/N" (1 <= K <= N <= kMaxShards). Returns nullopt and sets `error` otherwise.
std::optional<Shard> parse_shard(std::string_view text, std::string& error);

/// Which episode files a shard reads, decided folder by folder while the videos folder is
/// walked, so a shard does not even list another shard's show folders. The first folder on a
/// file's path (below the videos folder) that is named like a show file decides: the file goes with
/// that show, so a show's episodes stay together. A file in no show's folder goes by its own
/// path, which spreads standalone episodes over the shards. File names never count.
class EpisodeFileFilter {
 public:
  /// What is known about a folder and everything below it.
  enum class Folder {
    undecided,    ///< no show's folder yet: files go by their path
    this_shard,   ///< inside a show folder this shard takes: every file is read
    other_shard,  ///< inside another shard's show folder: skipped, not even listed
  };

  /// An inactive shard takes everything. `show_ids` are the listed shows' file names
  /// (ContentFile::id), which is all the listing knows of them.
  EpisodeFileFilter(const Shard& shard, const std::vector<std::string>& show_ids);

  /// A subfolder `name` of a folder that is `parent`.
  Folder enter(Folder parent, std::string_view name) const;
  /// Whether the file at `relative` (from the content root) in a folder that is `parent` is
  /// read by this shard.
  bool takes(Folder parent, std::string_view relative) const;

 private:
  Shard shard_;
  std::unordered_set<std::string> show_ids_;
};

}  // namespace castmap
