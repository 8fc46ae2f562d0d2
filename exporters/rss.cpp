// The rss exporter: a podcast feed (RSS 2.0 + iTunes + Podcasting 2.0) per show with episodes,
// feeds/<show>.xml, plus feeds/all.xml with every episode. See ../shared/spec/podcast-rss.md.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "exporters/exporter.hpp"
#include "exporters/feed_plan.hpp"
#include "exporters/podcast_tags.hpp"
#include "exporters/xml_output.hpp"
#include "src/base/media_type.hpp"
#include "src/base/message_text.hpp"
#include "src/base/text.hpp"
#include "src/base/time_format.hpp"
#include "src/base/uuid5.hpp"
#include "src/chapters/psc.hpp"
#include "src/config/podcast_values.hpp"
#include "src/config/url_template.hpp"

namespace castmap {
namespace {

// Namespace URIs must match byte for byte: Apple ignores every itunes: tag otherwise.
constexpr const char* kItunesNamespace = "http://www.itunes.com/dtds/podcast-1.0.dtd";
constexpr const char* kPodcastNamespace = "https://podcastindex.org/namespace/1.0";
constexpr const char* kAtomNamespace = "http://www.w3.org/2005/Atom";
constexpr const char* kContentNamespace = "http://purl.org/rss/1.0/modules/content/";

constexpr std::size_t kAppleDescriptionLimit = 4000;  // bytes, for channel and item <description>
constexpr std::string_view kAllFeedId = "all";        // feeds/all.xml and its {show} value

/// An item's URLs and date. Cheap to make, so made when the item is printed rather than held for
/// every episode through the whole export (60 MB at 100,000 episodes).
struct ItemText {
  std::string link;
  std::string pub_date;
  std::string enclosure_url;
  std::string thumbnail;
  std::string chapters_url;  ///< empty: no podcast:chapters tag
  std::string video_url;
};

/// Everything the <channel> header says.
struct Channel {
  std::string title, link, description, language, copyright, last_build_date, self_url;
  std::string artwork, author, owner_name, owner_email, category, subcategory, type, guid, medium;
  std::string lock_owner;
  std::string new_feed_url;  ///< itunes:new-feed-url; empty: the feed has not moved
  bool explicit_content = false;
  bool locked = false;
  const std::vector<std::string>* host_ids = nullptr;  ///< the show's hosts; null for all.xml
  /// Funding, txt, license, location, block and complete (podcast_tags.hpp writes them).
  PodcastSettings tags;
};

struct Feed {
  std::string path;                  ///< relative to the output folder
  const Show* show = nullptr;        ///< nullptr for feeds/all.xml
  std::vector<std::size_t> members;  ///< indices into catalog.episodes, newest first
  Channel channel;
  /// Whether an item carries content:encoded: the content namespace is declared only then.
  bool has_show_notes = false;
  std::size_t left_out_by_limit = 0;  ///< the oldest members feeds.*max_items left out
};

/// Cuts a <description> to Apple's 4000-byte limit; says whether it had to.
std::string fit_description(std::string_view text, bool& truncated) {
  truncated = text.size() > kAppleDescriptionLimit;
  return truncated ? truncate_bytes(text, kAppleDescriptionLimit) : std::string(text);
}

std::string description_too_long_message(std::string_view what, std::size_t bytes) {
  return std::string(what) + " is " + std::to_string(bytes) +
         " bytes, over Apple's 4000-byte limit; truncated in the feed";
}

ItemText item_text(const RenderContext& ctx, const Episode& episode) {
  const Config& config = ctx.config;
  const UrlFields fields = url_fields(config, episode);
  ItemText text;
  text.link = expand_url(config.urls.episode_page, fields);
  text.pub_date = format_rfc2822(episode.published);
  text.enclosure_url = expand_url(config.urls.enclosure, fields);
  text.thumbnail = expand_url(config.urls.thumbnail, fields);
  if (const FormatInfo* chapters = linked_chapters(ctx); chapters && !episode.chapters.empty())
    text.chapters_url = expand_url(config.urls.*(chapters->published_at), fields);
  text.video_url = expand_url(config.urls.video, fields);
  return text;
}

/// Problems of the whole run, reported once rather than once per item.
void report_enclosure_problems(const RenderContext& ctx, RenderReport& report) {
  const auto& episodes = ctx.catalog.episodes;
  if (episodes.empty()) return;
  if (ctx.config.urls.enclosure.empty()) {
    // Written anyway (the rest of the feed is still useful), but directories drop such items.
    report.error(ctx.config.location(), "enclosure-missing",
                 "urls.enclosure is empty: RSS items get no <enclosure>, and podcast "
                 "directories drop items without one");
    return;
  }
  const Episode* first_without_size = nullptr;
  std::size_t without_size = 0;
  for (const Episode& episode : episodes) {
    if (episode.audio_file_size) continue;
    if (!first_without_size) first_without_size = &episode;
    ++without_size;
  }
  // One report for the run: a catalog may lack sizes everywhere, and one line says it all.
  if (first_without_size)
    report.warning(
        first_without_size->location_of("audioFileSize"), "enclosure-length-missing",
        std::to_string(without_size) + " of " + std::to_string(episodes.size()) +
            " episodes have no audioFileSize (first: " + quote_value(first_without_size->id) +
            "); their enclosures say length=\"0\"");
}

/// Builds the channel header of one feed and reports what its settings force. Runs serially,
/// so settings shared by many feeds (site.podcast) are reported once, not once per feed.
class ChannelPlanner {
 public:
  ChannelPlanner(const RenderContext& ctx, RenderReport& report) : ctx_(ctx), report_(report) {}

  Channel plan(const Show* show, const std::vector<std::size_t>& members, std::string_view path) {
    const Config& config = ctx_.config;
    const std::string_view feed_id = show ? std::string_view(show->id) : kAllFeedId;
    const PodcastSettings settings = show ? config.podcast_for(show->id) : config.site.podcast;
    const SourceLocation feed_source = show ? show->location_of("name") : config.location();
    const ItemText newest = item_text(ctx_, ctx_.catalog.episodes[members.front()]);
    Channel channel;

    channel.title = settings.title.value_or(show ? show->name : config.site.title);
    std::string show_page =
        show ? expand_url(config.urls.show_page, url_fields(config, feed_id)) : std::string();
    channel.link = show_page.empty() ? config.site.base_url : show_page;
    plan_description(channel, settings, show);
    channel.language = config.site.language;
    channel.copyright = config.site.copyright;
    channel.last_build_date = newest.pub_date;
    channel.self_url = expand_url(config.urls.feed, url_fields(config, feed_id));

    // The artwork falls back to the newest episode's thumbnail so that every feed has the
    // itunes:image Apple requires.
    channel.artwork = settings.artwork.value_or(newest.thumbnail);
    if (!settings.artwork && !channel.artwork.empty())
      report_.warning(feed_source, "feed-image-fallback",
                      std::string(path) +
                          " has no artwork of its own and shows the newest episode's thumbnail; "
                          "Apple wants square show art (1400 to 3000 px): set " +
                          (show ? "shows." + show->id + ".podcast.artwork or " : std::string()) +
                          "site.podcast.artwork");
    if (channel.artwork.empty())
      report_.warning(feed_source, "feed-image-missing",
                      std::string(path) +
                          " has no itunes:image, which Apple requires: set podcast "
                          "artwork or urls.thumbnail");

    channel.author = settings.author.value_or(config.site.author);
    channel.owner_name = settings.owner_name.value_or("");
    channel.owner_email = settings.owner_email.value_or("");
    plan_category(channel, settings, show);
    channel.explicit_content = settings.explicit_content.value_or(false);
    plan_type(channel, settings, show, members, path, feed_source);
    plan_guid(channel, settings, show);
    channel.locked = settings.locked.value_or(false);
    channel.lock_owner = channel.owner_email;
    channel.medium = settings.medium.value_or("podcast");
    channel.host_ids = show ? &show->hosts : nullptr;
    plan_new_feed_url(channel, settings, show);
    channel.tags = settings;
    return channel;
  }

 private:
  /// Name of the castmap.yaml key a setting of this feed comes from, for messages.
  template <typename Field>
  std::string origin(const Show* show, Field PodcastSettings::*field, std::string_view key) const {
    if (show) {
      auto it = ctx_.config.show_podcasts.find(show->id);
      if (it != ctx_.config.show_podcasts.end() && it->second.*field)
        return "shows." + show->id + ".podcast." + std::string(key);
    }
    return "site.podcast." + std::string(key);
  }

  /// Reports a warning unless the same one was already reported for another feed.
  void warn_once(const SourceLocation& where, const std::string& code, const std::string& message) {
    if (reported_.insert(code + '\n' + where.path + '\n' + message).second)
      report_.warning(where, code, message);
  }

  void plan_description(Channel& channel, const PodcastSettings& settings, const Show* show) {
    const Config& config = ctx_.config;
    std::string text;
    SourceLocation where = config.location();
    std::string what;
    if (settings.description) {
      text = *settings.description;
      what = origin(show, &PodcastSettings::description, "description");
    } else if (show && !show->description.empty()) {
      text = show->description;
      where = show->location_of("description");
      what = "show description";
    } else if (!config.site.description.empty()) {
      text = config.site.description;
      what = "site.description";
    } else {
      text = channel.title;  // RSS requires a description; the title is the honest fallback
      what = "channel title";
    }
    bool truncated = false;
    channel.description = fit_description(text, truncated);
    if (truncated)
      warn_once(where, "description-too-long", description_too_long_message(what, text.size()));
  }

  // No category is invented when none is configured: a guessed category would file the show
  // in the wrong place in directories. The feed then lacks itunes:category, so it is reported.
  void plan_category(Channel& channel, const PodcastSettings& settings, const Show* show) {
    const SourceLocation where = ctx_.config.location();
    if (!settings.category || settings.category->empty()) {
      warn_once(where, "category-missing",
                "no Apple category configured (site.podcast.category): feeds get no "
                "itunes:category, which Apple requires");
      return;
    }
    channel.category = *settings.category;
    channel.subcategory = settings.subcategory.value_or("");
    // Unknown values are still written: Apple adds categories now and then, and the user may
    // know better than this table.
    const auto& categories = apple_categories();
    auto known = categories.find(channel.category);
    if (known == categories.end()) {
      warn_once(where, "unknown-category",
                quote_value(channel.category) + " (" +
                    origin(show, &PodcastSettings::category, "category") +
                    ") is not an Apple Podcasts category; written anyway");
    } else if (!channel.subcategory.empty() && !known->second.contains(channel.subcategory)) {
      warn_once(where, "unknown-category",
                quote_value(channel.subcategory) + " (" +
                    origin(show, &PodcastSettings::subcategory, "subcategory") +
                    ") is not an Apple subcategory of " + quote_value(channel.category) +
                    "; written anyway");
    }
  }

  void plan_type(Channel& channel, const PodcastSettings& settings, const Show* show,
                 const std::vector<std::size_t>& members, std::string_view path,
                 const SourceLocation& feed_source) {
    channel.type = settings.type.value_or("episodic");
    if (channel.type != "episodic" && channel.type != "serial") {
      warn_once(ctx_.config.location(), "unknown-podcast-type",
                quote_value(channel.type) + " (" + origin(show, &PodcastSettings::type, "type") +
                    ") is not an itunes:type (episodic or serial); episodic written");
      channel.type = "episodic";
    }
    if (channel.type != "serial") return;
    // Apple orders serial shows by episode number, so every item needs one.
    const Episode* first_unnumbered = nullptr;
    std::size_t unnumbered = 0;
    for (std::size_t index : members) {
      const Episode& episode = ctx_.catalog.episodes[index];
      if (episode.episode_number) continue;
      if (!first_unnumbered) first_unnumbered = &episode;
      ++unnumbered;
    }
    if (first_unnumbered)
      report_.warning(feed_source, "serial-without-numbers",
                      std::string(path) + " is serial but " + std::to_string(unnumbered) +
                          " episodes have no episode number (first: " +
                          quote_value(first_unnumbered->id) + ")");
  }

  void plan_guid(Channel& channel, const PodcastSettings& settings, const Show* show) {
    const Config& config = ctx_.config;
    // site.podcast.guid names the all-episodes feed only: inherited by every show, it would
    // make directories treat all feeds as one podcast.
    std::optional<std::string> configured = settings.guid;
    if (show) {
      auto it = config.show_podcasts.find(show->id);
      configured = it == config.show_podcasts.end() ? std::nullopt : it->second.guid;
      if (!configured && config.site.podcast.guid)
        warn_once(config.location(), "podcast-guid-not-inherited",
                  "site.podcast.guid " + quote_value(*config.site.podcast.guid) +
                      " is used for feeds/all.xml only; show feeds compute their own");
    }
    if (configured) {
      channel.guid = *configured;  // an existing guid is canonical, even if the URL moved
    } else if (!channel.self_url.empty()) {
      channel.guid = podcast_guid_for_feed(channel.self_url);
    }
    if (channel.self_url.empty())
      warn_once(config.location(), "feed-url-missing",
                "urls.feed is empty: feeds get no atom:link rel=\"self\" and no computed "
                "podcast:guid");
  }

  // site.podcast.new_feed_url moves feeds/all.xml only: inherited, it would send every show's
  // subscribers to one feed.
  void plan_new_feed_url(Channel& channel, const PodcastSettings& settings, const Show* show) {
    if (!show) {
      channel.new_feed_url = settings.new_feed_url.value_or("");
      return;
    }
    auto own = ctx_.config.show_podcasts.find(show->id);
    if (own != ctx_.config.show_podcasts.end() && own->second.new_feed_url)
      channel.new_feed_url = *own->second.new_feed_url;
    else if (ctx_.config.site.podcast.new_feed_url)
      warn_once(ctx_.config.location(), "new-feed-url-not-inherited",
                "site.podcast.new_feed_url " + quote_value(*ctx_.config.site.podcast.new_feed_url) +
                    " moves feeds/all.xml only; show feeds move with "
                    "shows.<id>.podcast.new_feed_url");
  }

  const RenderContext& ctx_;
  RenderReport& report_;
  std::set<std::string> reported_;
};

// --- XML building ----------------------------------------------------------------------------

pugi::xml_node add_text(pugi::xml_node parent, const char* name, std::string_view text) {
  pugi::xml_node node = parent.append_child(name);
  node.text().set(text.data(), text.size());
  return node;
}

void add_attribute(pugi::xml_node node, const char* name, const std::string& value) {
  node.append_attribute(name).set_value(value.c_str());
}

void add_person(pugi::xml_node parent, const Person& person, const char* role) {
  pugi::xml_node node =
      add_text(parent, "podcast:person", person.name.empty() ? person.id : person.name);
  node.append_attribute("role") = role;
  if (person.url) add_attribute(node, "href", *person.url);
  if (person.image) add_attribute(node, "img", *person.image);
}

void add_people(pugi::xml_node parent, const Catalog& catalog, const std::vector<std::string>& ids,
                const char* role) {
  for (const auto& id : ids)
    if (const Person* person = catalog.find_person(id)) add_person(parent, *person, role);
}

void add_channel_header(pugi::xml_node channel_node, const Catalog& catalog, const Channel& c) {
  add_text(channel_node, "title", c.title);
  add_text(channel_node, "link", c.link);
  add_text(channel_node, "description", c.description);
  if (!c.language.empty()) add_text(channel_node, "language", c.language);
  if (!c.copyright.empty()) add_text(channel_node, "copyright", c.copyright);
  add_text(channel_node, "generator", "castmap");
  add_text(channel_node, "lastBuildDate", c.last_build_date);
  add_text(channel_node, "pubDate", c.last_build_date);
  if (!c.self_url.empty()) {
    pugi::xml_node self = channel_node.append_child("atom:link");
    add_attribute(self, "href", c.self_url);
    self.append_attribute("rel") = "self";
    self.append_attribute("type") = "application/rss+xml";
  }
  if (!c.artwork.empty()) {
    pugi::xml_node image = channel_node.append_child("image");
    add_text(image, "url", c.artwork);
    add_text(image, "title", c.title);
    add_text(image, "link", c.link);
  }
  if (!c.author.empty()) add_text(channel_node, "itunes:author", c.author);
  if (!c.owner_name.empty() || !c.owner_email.empty()) {
    pugi::xml_node owner = channel_node.append_child("itunes:owner");
    if (!c.owner_name.empty()) add_text(owner, "itunes:name", c.owner_name);
    if (!c.owner_email.empty()) add_text(owner, "itunes:email", c.owner_email);
  }
  if (!c.artwork.empty())
    add_attribute(channel_node.append_child("itunes:image"), "href", c.artwork);
  if (!c.category.empty()) {
    pugi::xml_node category = channel_node.append_child("itunes:category");
    add_attribute(category, "text", c.category);
    if (!c.subcategory.empty())
      add_attribute(category.append_child("itunes:category"), "text", c.subcategory);
  }
  add_text(channel_node, "itunes:explicit", c.explicit_content ? "true" : "false");
  add_text(channel_node, "itunes:type", c.type);
  if (!c.guid.empty()) add_text(channel_node, "podcast:guid", c.guid);
  if (!c.new_feed_url.empty()) add_text(channel_node, "itunes:new-feed-url", c.new_feed_url);
  add_channel_settings(channel_node, c.tags);
  pugi::xml_node locked = add_text(channel_node, "podcast:locked", c.locked ? "yes" : "no");
  if (!c.lock_owner.empty()) add_attribute(locked, "owner", c.lock_owner);
  add_text(channel_node, "podcast:medium", c.medium);
  if (c.host_ids) add_people(channel_node, catalog, *c.host_ids, "host");
}

/// Cuts a <description> to Apple's limit, reporting it; `episode` is the one it belongs to.
std::string_view item_description(const Episode& episode, std::string& cut, RenderReport& report) {
  if (episode.description.size() <= kAppleDescriptionLimit) return episode.description;
  bool truncated = false;
  cut = fit_description(episode.description, truncated);
  report.warning(episode.location_of("description"), "description-too-long",
                 description_too_long_message("description", episode.description.size()));
  return cut;
}

void add_item(pugi::xml_node channel_node, const RenderContext& ctx, const Episode& episode,
              const Feed& feed, RenderReport& report) {
  const Config& config = ctx.config;
  const ItemText text = item_text(ctx, episode);
  const Show* show = episode.show_id.empty() ? nullptr : ctx.catalog.find_show(episode.show_id);
  pugi::xml_node item = channel_node.append_child("item");
  add_text(item, "title", episode.title);
  if (!text.link.empty()) add_text(item, "link", text.link);
  std::string cut_description;
  if (const std::string_view description = item_description(episode, cut_description, report);
      !description.empty())
    add_text(item, "description", description);
  if (!episode.show_notes_html.empty()) add_show_notes(item, episode.show_notes_html);
  add_text(item, "guid", episode.id).append_attribute("isPermaLink") = "false";
  add_text(item, "pubDate", text.pub_date);
  if (!text.enclosure_url.empty()) {
    pugi::xml_node enclosure = item.append_child("enclosure");
    add_attribute(enclosure, "url", text.enclosure_url);
    add_attribute(enclosure, "length",
                  episode.audio_file_size ? std::to_string(*episode.audio_file_size) : "0");
    add_attribute(enclosure, "type", config.urls.enclosure_type);
  }
  add_text(item, "itunes:title", episode.title);
  if (const long long duration = std::llround(episode.duration_seconds); duration > 0)
    add_text(item, "itunes:duration", std::to_string(duration));
  if (!text.thumbnail.empty())
    add_attribute(item.append_child("itunes:image"), "href", text.thumbnail);
  if (episode.episode_number) {
    add_text(item, "itunes:episode", std::to_string(*episode.episode_number));
    add_text(item, "podcast:episode", std::to_string(*episode.episode_number));
  }
  const EpisodeExtras* extras = episode.extras.get();
  if (episode.season_number) {
    add_text(item, "itunes:season", std::to_string(*episode.season_number));
    pugi::xml_node season =
        add_text(item, "podcast:season", std::to_string(*episode.season_number));
    if (extras && extras->season_name) add_attribute(season, "name", *extras->season_name);
  } else if (extras && extras->season_name) {
    report.warning(episode.location_of("seasonName"), "season-name-without-season",
                   "seasonName " + quote_value(*extras->season_name) +
                       " names no season: the episode has no season number; left out");
  }
  add_text(item, "itunes:episodeType",
           episode.episode_type.empty() ? "full" : episode.episode_type);
  const bool explicit_content = episode.explicit_content.value_or(feed.channel.explicit_content);
  add_text(item, "itunes:explicit", explicit_content ? "true" : "false");
  if (!text.chapters_url.empty()) {
    pugi::xml_node chapters = item.append_child("podcast:chapters");
    add_attribute(chapters, "url", text.chapters_url);
    chapters.append_attribute("type") = "application/json+chapters";
  }
  add_transcripts(item, ctx, episode);
  add_psc_chapters(item, config, episode);
  // Item-level persons replace the channel's in apps, so hosts are repeated before guests.
  // all.xml has no channel hosts, so there every show episode names its hosts.
  const bool mixed_feed = feed.show == nullptr;
  if (show && (!episode.guests.empty() || mixed_feed))
    add_people(item, ctx.catalog, show->hosts, "host");
  add_people(item, ctx.catalog, episode.guests, "guest");
  if (!text.video_url.empty()) {
    pugi::xml_node alternate = item.append_child("podcast:alternateEnclosure");
    add_attribute(alternate, "type", config.urls.video_type);
    add_attribute(alternate.append_child("podcast:source"), "uri", text.video_url);
  }
  add_item_extras(item, ctx, episode, extras);
}

/// One feed: the channel header as its head, one <item> per episode, newest first.
class FeedAssembly final : public Assembly {
 public:
  FeedAssembly(const RenderContext& ctx, Feed feed) : ctx_(ctx), feed_(std::move(feed)) {
    path = feed_.path;
    members = feed_.members;
    left_out_by_limit = feed_.left_out_by_limit;
    pugi::xml_document document = new_xml_document();
    pugi::xml_node rss = document.append_child("rss");
    rss.append_attribute("version") = "2.0";
    rss.append_attribute("xmlns:itunes") = kItunesNamespace;
    rss.append_attribute("xmlns:podcast") = kPodcastNamespace;
    rss.append_attribute("xmlns:atom") = kAtomNamespace;
    if (feed_.has_show_notes) rss.append_attribute("xmlns:content") = kContentNamespace;
    if (feed_uses_psc(ctx, feed_.members))
      rss.append_attribute("xmlns:psc") = std::string(kPscNamespace).c_str();
    pugi::xml_node channel = rss.append_child("channel");
    add_channel_header(channel, ctx.catalog, feed_.channel);
    add_hub_links(channel, ctx.config.notify.websub_hubs);
    // The items go where the channel closes: the frame around them is saved once.
    frame_ = save_xml(document);
    items_at_ = closing_tag_line(frame_, "channel");
    if (items_at_ == std::string::npos) throw std::logic_error("rss: channel element not closed");
  }

  std::string head() const override { return frame_.substr(0, items_at_); }
  std::string tail() const override { return frame_.substr(items_at_); }
  void append_fragment(std::size_t member, std::string& out, RenderReport& report) const override {
    pugi::xml_document item;
    add_item(item, ctx_, ctx_.catalog.episodes[member], feed_, report);
    append_xml_node(out, item.first_child(), 2);
  }

 private:
  const RenderContext& ctx_;
  Feed feed_;
  std::string frame_;
  std::size_t items_at_ = 0;
};

/// Limits the feed's items (feeds.max_items) and notes whether any carries show notes.
void limit_items(const RenderContext& ctx, Feed& feed, RenderReport& report) {
  feed.left_out_by_limit =
      limit_feed_items(ctx, feed.path, feed.show != nullptr, feed.members, report);
  const auto& episodes = ctx.catalog.episodes;
  feed.has_show_notes = std::any_of(feed.members.begin(), feed.members.end(), [&](std::size_t i) {
    return !episodes[i].show_notes_html.empty();
  });
}

/// all.xml first (it is the largest, so it should start first), then shows in catalog order.
/// A shard (--shard) writes only its shows' feeds.
std::vector<Feed> plan_feeds(const RenderContext& ctx, RenderReport& report) {
  const Catalog& catalog = ctx.catalog;
  std::vector<Feed> feeds;
  if (catalog.episodes.empty()) return feeds;  // no episodes, no feeds (not even all.xml)

  std::unordered_map<std::string_view, std::vector<std::size_t>> members_by_show;
  Feed all;
  all.path = "feeds/" + std::string(kAllFeedId) + ".xml";
  for (std::size_t i = 0; i < catalog.episodes.size(); ++i) {
    all.members.push_back(i);
    const std::string& show_id = catalog.episodes[i].show_id;
    if (!show_id.empty() && catalog.find_show(show_id)) members_by_show[show_id].push_back(i);
  }
  // A shard holds only some shows, so it cannot write the feed of every episode (and at the
  // scale that needs shards, no podcast app would read it).
  if (!ctx.config.shard.active()) feeds.push_back(std::move(all));

  for (const Show& show : catalog.shows) {
    auto found = members_by_show.find(show.id);
    if (found == members_by_show.end()) continue;  // shows without episodes get no feed
    if (show.id == kAllFeedId) {
      report.error(show.location_of("name"), "feed-name-collision",
                   "show id \"all\" collides with feeds/all.xml (every episode); its own feed "
                   "is not written: rename the show file");
      continue;
    }
    Feed feed;
    feed.path = "feeds/" + show.id + ".xml";
    feed.show = &show;
    feed.members = std::move(found->second);
    feeds.push_back(std::move(feed));
  }

  for (Feed& feed : feeds) limit_items(ctx, feed, report);
  ChannelPlanner planner(ctx, report);
  for (Feed& feed : feeds) feed.channel = planner.plan(feed.show, feed.members, feed.path);
  return feeds;
}

class RssExporter final : public Exporter {
 public:
  const FormatInfo& info() const override {
    static const FormatInfo format{
        "rss", "podcast RSS feeds (iTunes + Podcasting 2.0): feeds/<show>.xml and feeds/all.xml",
        "application/rss+xml", "feeds/{show}.xml", &UrlTemplates::feed};
    return format;
  }

  std::vector<std::unique_ptr<Assembly>> plan_assemblies(const RenderContext& ctx,
                                                         RenderReport& report) const override {
    report_enclosure_problems(ctx, report);
    report_media_type_problems(ctx, report);
    std::vector<std::unique_ptr<Assembly>> feeds;
    for (Feed& feed : plan_feeds(ctx, report))
      feeds.push_back(std::make_unique<FeedAssembly>(ctx, std::move(feed)));
    return feeds;
  }
};

}  // namespace

std::unique_ptr<Exporter> make_rss_exporter() { return std::make_unique<RssExporter>(); }

}  // namespace castmap
