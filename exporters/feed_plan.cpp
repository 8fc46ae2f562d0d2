// The feed set and feed headers of the atom and json-feed exporters (see feed_plan.hpp).
#include "exporters/feed_plan.hpp"

#include <unordered_map>

#include "src/config/url_template.hpp"

namespace castmap {
namespace {
constexpr std::string_view kAllFeedId = "all";  // feeds/all.<ext> and its {show} value
}  // namespace

std::vector<PlannedFeed> plan_feed_set(const RenderContext& ctx, std::string_view extension,
                                       RenderReport& report) {
  const Catalog& catalog = ctx.catalog;
  std::vector<PlannedFeed> feeds;
  if (catalog.episodes.empty()) return feeds;  // no episodes, no feeds (as rss)

  std::unordered_map<std::string_view, std::vector<std::size_t>> members_by_show;
  PlannedFeed all{
      "feeds/" + std::string(kAllFeedId) + std::string(extension), nullptr, kAllFeedId, {}};
  all.members.reserve(catalog.episodes.size());
  for (std::size_t i = 0; i < catalog.episodes.size(); ++i) {
    all.members.push_back(i);
    const std::string& show_id = catalog.episodes[i].show_id;
    if (!show_id.empty() && catalog.find_show(show_id)) members_by_show[show_id].push_back(i);
  }
  // A shard holds only some shows: it cannot write the feed of every episode (as rss).
  if (!ctx.config.shard.active()) {
    all.left_out_by_limit = limit_feed_items(ctx, all.path, false, all.members, report);
    feeds.push_back(std::move(all));
  }

  for (const Show& show : catalog.shows) {
    auto found = members_by_show.find(show.id);
    if (found == members_by_show.end()) continue;  // shows without episodes get no feed
    const std::string path = "feeds/" + show.id + std::string(extension);
    if (show.id == kAllFeedId) {
      report.error(show.location_of("name"), "feed-name-collision",
                   "show id \"all\" collides with " + path +
                       " (every episode); its own feed is not written: rename the show file");
      continue;
    }
    PlannedFeed feed{path, &show, show.id, std::move(found->second)};
    feed.left_out_by_limit = limit_feed_items(ctx, feed.path, true, feed.members, report);
    feeds.push_back(std::move(feed));
  }
  return feeds;
}

std::size_t limit_feed_items(const RenderContext& ctx, std::string_view path, bool show_feed,
                             std::vector<std::size_t>& members, RenderReport& report) {
  const FeedsConfig& limits = ctx.config.feeds;
  const std::size_t limit = show_feed ? limits.max_items : limits.all_max_items;
  if (limit == 0 || members.size() <= limit) return 0;
  const std::size_t left_out = members.size() - limit;
  report.note(ctx.config.location(), "feed-items-limited",
              std::string(path) + " carries the newest " + std::to_string(limit) + " of " +
                  std::to_string(members.size()) + " episodes (" +
                  (show_feed ? "feeds.max_items" : "feeds.all_max_items") + ")");
  members.resize(limit);
  return left_out;
}

FeedHeader feed_header(const RenderContext& ctx, const PlannedFeed& feed,
                       std::string UrlTemplates::*self_template) {
  const Config& config = ctx.config;
  const Show* show = feed.show;
  const PodcastSettings settings = show ? config.podcast_for(show->id) : config.site.podcast;
  const Episode& newest = ctx.catalog.episodes[feed.members.front()];
  FeedHeader header;
  header.title = settings.title.value_or(show ? show->name : config.site.title);
  if (settings.description)
    header.description = *settings.description;
  else if (show && !show->description.empty())
    header.description = show->description;
  else
    header.description = config.site.description;
  const std::string show_page =
      show ? expand_url(config.urls.show_page, url_fields(config, feed.id)) : std::string();
  header.home_page = show_page.empty() ? config.site.base_url : show_page;
  header.self_url = expand_url(config.urls.*self_template, url_fields(config, feed.id));
  header.author = settings.author.value_or(config.site.author);
  if (header.author.empty()) header.author = header.title;
  header.artwork =
      settings.artwork.value_or(expand_url(config.urls.thumbnail, url_fields(config, newest)));
  header.updated = newest.published;
  return header;
}

const FormatInfo* linked_chapters(const RenderContext& ctx) {
  return ctx.formats.with_media_type("application/json+chapters");
}

std::optional<std::string> episode_html(const RenderContext&, const Episode& episode) {
  if (episode.show_notes_html.empty()) return std::nullopt;
  return episode.show_notes_html;
}

}  // namespace castmap
