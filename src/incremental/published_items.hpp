// What the last run published, remembered for the next one: each published episode's item
// identity (hashes of its guid and enclosure URL), its page URL and content digest, and which
// feed listed which episodes. A run compares it with what it is about to publish: an item that
// vanished from a feed that still exists, or whose guid or enclosure URL changed, is warned
// about (podcast apps lose it or download it again), and the page URLs added, changed or
// removed are what --notify sends to IndexNow. Kept as the state file .castmap-published; a
// missing or damaged one means "nothing remembered" (no warnings), never an error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "exporters/exporter.hpp"
#include "src/model/diagnostics.hpp"
#include "src/output/output_writer.hpp"

namespace castmap {

inline constexpr std::string_view kPublishedItemsFileName = ".castmap-published";

/// Media types of the formats whose assemblies are feeds (their members are items that apps
/// download): the guard watches these.
bool is_feed_media_type(std::string_view media_type);

/// Whether a diagnostic code is the guard's: it compares two runs, so a run that replays the
/// last one does not report it again.
inline bool is_guard_code(std::string_view code) { return code.starts_with("feed-item-"); }

struct PublishedEpisode {
  std::string source_path;
  std::uint64_t guid = 0;       ///< content_hash of the item's guid (the episode id)
  std::uint64_t enclosure = 0;  ///< content_hash of the enclosure URL (0: none)
  std::uint64_t content = 0;    ///< the episode file's digest: its page changes with it
  std::string page_url;         ///< only when pages are remembered (IndexNow configured)
};

struct PublishedItems {
  std::vector<PublishedEpisode> episodes;  ///< sorted by source_path
  /// Each feed file and its items (indices into `episodes`, sorted), sorted by path.
  std::vector<std::pair<std::string, std::vector<std::uint32_t>>> feeds;
  bool has_pages = false;  ///< page_url is set for every episode
  /// This run only (not kept): the feeds whose oldest items a size limit (feeds.max_items) left
  /// out, sorted. An item that leaves such a feed while its episode stays is no loss.
  std::vector<std::string> limited_feeds;

  /// The episode published from `source_path`, or null.
  const PublishedEpisode* find(std::string_view source_path) const;

  std::string encode() const;
  /// nullopt when the bytes are damaged or of another format.
  static std::optional<PublishedItems> decode(std::string_view bytes);
};

/// What this run publishes: every episode of the catalog, and the members of the assemblies of
/// the feed formats among `exporters` (planned here, as the renderer plans them). With
/// `with_pages`, episode page URLs (urls.episode_page) are kept too.
PublishedItems published_items_of(const RenderContext& ctx,
                                  std::span<const Exporter* const> exporters, bool with_pages);

/// Warns about each item of `last` that `now` drops from a feed that still exists (code
/// feed-item-removed) or publishes with another guid (feed-item-guid-changed) or enclosure URL
/// (feed-item-enclosure-changed). Episodes in `held_back` (sorted source paths: drafts, future
/// episodes) left by design and are not warned about. Returns how many diagnostics it reported.
std::size_t check_published_items(const PublishedItems& last, const PublishedItems& now,
                                  const Catalog& catalog, std::span<const std::string> held_back,
                                  const Config& config, DiagnosticSink& diagnostics);

/// Page URLs added, changed (the episode file changed) or removed between `last` and `now`,
/// sorted and unique; empty when either does not remember pages.
std::vector<std::string> changed_pages(const PublishedItems& last, const PublishedItems& now);

/// The last run's memory; nullopt when there is none or it is damaged.
std::optional<PublishedItems> read_published_items(const OutputWriter& writer);
/// Replaces the memory (nothing in check mode).
void remember_published_items(OutputWriter& writer, const PublishedItems& items);

}  // namespace castmap
