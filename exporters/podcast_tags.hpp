// Writers of the RSS elements for show notes and the Podcasting 2.0 / Apple tags that carry
// structured settings (funding, txt, license, location, soundbites, alternate enclosures,
// transcripts, Podlove Simple Chapters, WebSub hubs), kept
// apart from exporters/rss.cpp so that the feed's shape stays readable there. Other feed
// formats do not use them: each element is RSS-specific.
#pragma once

#include <pugixml.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "exporters/exporter.hpp"
#include "src/config/config.hpp"
#include "src/model/model.hpp"

namespace castmap {

/// `content:encoded` with `html` in a CDATA section (pugixml splits any "]]>" in it across two
/// sections, which readers join again).
void add_show_notes(pugi::xml_node item, std::string_view html);

/// `podcast:alternateEnclosure` with one `podcast:source`.
void add_alternate_enclosure(pugi::xml_node item, const AlternateEnclosure& alternate);

void add_soundbite(pugi::xml_node item, const Soundbite& soundbite);
void add_license(pugi::xml_node parent, const License& license);
void add_location(pugi::xml_node parent, const Location& location);

/// The channel tags of `settings` that need no planning: podcast:funding, podcast:txt,
/// podcast:license, podcast:location, itunes:block and itunes:complete (only when true: `Yes`
/// is the only value Apple acts on). itunes:new-feed-url is the caller's (it is not inherited).
void add_channel_settings(pugi::xml_node channel, const PodcastSettings& settings);

/// The alternate enclosures of urls.alternates and the episode's extras (alternates,
/// soundbites, license, location), appended to `item`; `extras` may be null.
void add_item_extras(pugi::xml_node item, const RenderContext& ctx, const Episode& episode,
                     const EpisodeExtras* extras);

/// podcast:transcript for each transcript: those front matter lists, then the files the
/// `transcripts` exporter publishes (when the site publishes them and urls.transcripts is set).
void add_transcripts(pugi::xml_node item, const RenderContext& ctx, const Episode& episode);

/// Whether an item of `episode` carries psc:chapters (chapters.psc_in_feeds and a visible
/// chapter: PSC has no hidden chapters and wants at least one).
bool carries_psc(const Config& config, const Episode& episode);
/// Whether a feed of `members` declares the psc namespace: only when one of its items uses it.
bool feed_uses_psc(const RenderContext& ctx, const std::vector<std::size_t>& members);
/// The item's psc:chapters, by the one PSC writer; the feed's root declares the namespace.
void add_psc_chapters(pugi::xml_node item, const Config& config, const Episode& episode);

/// WebSub: the hubs `castmap export --notify` pings when this feed changes
/// (notify.websub_hubs), as atom:link rel="hub".
void add_hub_links(pugi::xml_node channel, const std::vector<std::string>& hubs);

/// Warns (media-type-mismatch, once per run) about media types in castmap.yaml that
/// contradict their URL template's extension, `video/mp4` for an `.m3u8`: apps choose a player
/// by the type. The feed says what is configured.
void report_media_type_problems(const RenderContext& ctx, RenderReport& report);

}  // namespace castmap
