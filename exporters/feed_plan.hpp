// What the atom and json-feed exporters share: the same feed set as rss (feeds/all.<ext> with
// every episode, except under --shard, and feeds/<show>.<ext> for each show with episodes, newest
// first), the facts of a feed's header, and the one place an episode's HTML show notes come from.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exporters/exporter.hpp"
#include "src/base/time_format.hpp"

namespace castmap {

/// One feed of a format.
struct PlannedFeed {
  std::string path;                   ///< relative to the output folder, e.g. "feeds/all.atom"
  const Show* show = nullptr;         ///< nullptr for the all-episodes feed
  std::string_view id;                ///< its {show} in URL templates: the show id, or "all"
  std::vector<std::size_t> members;   ///< catalog indices, newest first
  std::size_t left_out_by_limit = 0;  ///< the oldest members feeds.*max_items left out
};

/// The feeds of a format whose files end in `extension` (".atom"), their items limited as rss's
/// (limit_feed_items). A show with the id "all" collides with the all-episodes feed: reported to
/// `report`, its feed left out.
std::vector<PlannedFeed> plan_feed_set(const RenderContext& ctx, std::string_view extension,
                                       RenderReport& report);

/// Keeps the newest feeds.max_items (show feeds) or feeds.all_max_items (the all-episodes feed)
/// of `members` (newest first) and notes what it left out: apps read a feed whole, so a feed of
/// every episode of a large catalog is one they cannot use. Returns how many it left out.
std::size_t limit_feed_items(const RenderContext& ctx, std::string_view path, bool show_feed,
                             std::vector<std::size_t>& members, RenderReport& report);

/// A feed's header, from the same settings as rss's channel (site.podcast, shows.<id>.podcast).
struct FeedHeader {
  std::string title;
  std::string description;  ///< empty: none
  std::string home_page;    ///< the show page, else site.base_url
  std::string self_url;     ///< the feed's own URL (the format's template); empty: none
  std::string author;       ///< never empty: falls back to the title
  std::string artwork;      ///< empty: none
  TimePoint updated{};      ///< the newest episode's date (never the clock)
};

/// The header of `feed`, which is published at `self_template` (e.g. &UrlTemplates::atom_feed).
FeedHeader feed_header(const RenderContext& ctx, const PlannedFeed& feed,
                       std::string UrlTemplates::*self_template);

/// The published chapter files a feed item links to, if the site publishes that format.
const FormatInfo* linked_chapters(const RenderContext& ctx);

/// An episode's show notes as HTML (JSON Feed content_html, Atom <content type="html">): the
/// body rendered once by the loader (Episode::show_notes_html); nullopt when it has none.
std::optional<std::string> episode_html(const RenderContext& ctx, const Episode& episode);

}  // namespace castmap
