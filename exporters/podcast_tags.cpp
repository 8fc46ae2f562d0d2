// Element and attribute spellings from the Podcasting 2.0 namespace (docs/1.0.md and
// docs/tags/*.md) and Apple's podcast RSS guide; see ../shared/spec/podcast-rss.md.
#include "exporters/podcast_tags.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "src/base/media_type.hpp"
#include "src/base/message_text.hpp"
#include "src/chapters/chapter_list.hpp"
#include "src/chapters/psc.hpp"
#include "src/config/url_template.hpp"
#include "src/transcripts/published_transcripts.hpp"

namespace castmap {

namespace {

void set_attribute(pugi::xml_node node, const char* name, std::string_view value) {
  node.append_attribute(name).set_value(std::string(value).c_str());
}

void set_text(pugi::xml_node node, std::string_view text) {
  node.text().set(std::string(text).c_str());
}

}  // namespace

void add_show_notes(pugi::xml_node item, std::string_view html) {
  pugi::xml_node encoded = item.append_child("content:encoded");
  encoded.append_child(pugi::node_cdata).set_value(std::string(html).c_str());
}

void add_alternate_enclosure(pugi::xml_node item, const AlternateEnclosure& alternate) {
  pugi::xml_node node = item.append_child("podcast:alternateEnclosure");
  set_attribute(node, "type", alternate.type);
  if (alternate.length) set_attribute(node, "length", std::to_string(*alternate.length));
  if (alternate.bitrate) set_attribute(node, "bitrate", std::to_string(*alternate.bitrate));
  if (alternate.height) set_attribute(node, "height", std::to_string(*alternate.height));
  if (!alternate.title.empty()) set_attribute(node, "title", alternate.title);
  set_attribute(node.append_child("podcast:source"), "uri", alternate.url);
}

void add_soundbite(pugi::xml_node item, const Soundbite& soundbite) {
  pugi::xml_node node = item.append_child("podcast:soundbite");
  set_attribute(node, "startTime", format_seconds(soundbite.start_seconds));
  set_attribute(node, "duration", format_seconds(soundbite.duration_seconds));
  if (!soundbite.title.empty()) set_text(node, soundbite.title);
}

void add_license(pugi::xml_node parent, const License& license) {
  pugi::xml_node node = parent.append_child("podcast:license");
  if (!license.url.empty()) set_attribute(node, "url", license.url);
  set_text(node, license.name);
}

void add_location(pugi::xml_node parent, const Location& location) {
  pugi::xml_node node = parent.append_child("podcast:location");
  if (!location.rel.empty()) set_attribute(node, "rel", location.rel);
  if (!location.geo.empty()) set_attribute(node, "geo", location.geo);
  if (!location.osm.empty()) set_attribute(node, "osm", location.osm);
  if (!location.country.empty()) set_attribute(node, "country", location.country);
  set_text(node, location.name);
}

void add_channel_settings(pugi::xml_node channel, const PodcastSettings& settings) {
  if (settings.block.value_or(false)) set_text(channel.append_child("itunes:block"), "Yes");
  if (settings.complete.value_or(false)) set_text(channel.append_child("itunes:complete"), "Yes");
  if (settings.funding)
    for (const FundingLink& funding : *settings.funding) {
      pugi::xml_node node = channel.append_child("podcast:funding");
      set_attribute(node, "url", funding.url);
      set_text(node, funding.text);
    }
  if (settings.txt)
    for (const FeedText& txt : *settings.txt) {
      pugi::xml_node node = channel.append_child("podcast:txt");
      if (!txt.purpose.empty()) set_attribute(node, "purpose", txt.purpose);
      set_text(node, txt.text);
    }
  if (settings.license) add_license(channel, *settings.license);
  if (settings.location) add_location(channel, *settings.location);
}

/// The Podcasting 2.0 elements from urls.alternates and the episode's extras, after the ones
/// every item has.
void add_item_extras(pugi::xml_node item, const RenderContext& ctx, const Episode& episode,
                     const EpisodeExtras* extras) {
  const std::vector<AlternateTemplate>& templates = ctx.config.urls.alternates;
  if (!templates.empty()) {
    const UrlFields fields = url_fields(ctx.config, episode);
    for (const AlternateTemplate& entry : templates) {
      AlternateEnclosure alternate;
      alternate.url = expand_url(entry.url, fields);
      if (alternate.url.empty()) continue;
      alternate.type = entry.type;
      alternate.bitrate = entry.bitrate;
      alternate.height = entry.height;
      alternate.title = entry.title;
      add_alternate_enclosure(item, alternate);
    }
  }
  if (!extras) return;
  for (const AlternateEnclosure& alternate : extras->alternates)
    add_alternate_enclosure(item, alternate);
  for (const Soundbite& soundbite : extras->soundbites) add_soundbite(item, soundbite);
  if (extras->license) add_license(item, *extras->license);
  if (extras->location) add_location(item, *extras->location);
}

/// Media types in castmap.yaml that contradict their URL template's extension (`video/mp4` for
/// an `.m3u8`): apps choose a player by the type. Written as configured; said once per run.
void report_media_type_problems(const RenderContext& ctx, RenderReport& report) {
  if (ctx.catalog.episodes.empty()) return;
  const UrlTemplates& urls = ctx.config.urls;
  auto check = [&](const std::string& url, const std::string& type, const std::string& key) {
    if (url.empty()) return;
    if (const std::string conflict = media_type_conflict(url, type); !conflict.empty())
      report.warning(ctx.config.location(), "media-type-mismatch",
                     key + " " + quote_value(type) + " contradicts its URL " + quote_value(url) +
                         ": " + conflict + "; written as configured");
  };
  check(urls.enclosure, urls.enclosure_type, "urls.enclosure_type");
  check(urls.video, urls.video_type, "urls.video_type");
  for (std::size_t i = 0; i < urls.alternates.size(); ++i)
    check(urls.alternates[i].url, urls.alternates[i].type,
          "urls.alternates[" + std::to_string(i) + "].type");
}

/// podcast:transcript for each transcript: those front matter lists, then the files the
/// `transcripts` exporter publishes (when the site publishes them and urls.transcripts is set).
void add_transcripts(pugi::xml_node item, const RenderContext& ctx, const Episode& episode) {
  if (episode.transcripts().empty()) return;  // most episodes: nothing to look up
  const auto add = [&item](const std::string& url, std::string_view type,
                           const std::optional<std::string>& language,
                           const std::optional<std::string>& rel) {
    pugi::xml_node node = item.append_child("podcast:transcript");
    set_attribute(node, "url", url);
    set_attribute(node, "type", type);
    if (language) set_attribute(node, "language", *language);
    if (rel) set_attribute(node, "rel", *rel);
  };
  for (const Transcript& transcript : episode.transcripts())
    if (!transcript.beside())
      add(transcript.url, transcript.type, transcript.language, transcript.rel);
  const FormatInfo* files = ctx.formats.with_media_type(kTranscriptFilesMediaType);
  if (!files || !files->published_at) return;
  const std::string base =
      expand_url(ctx.config.urls.*files->published_at, url_fields(ctx.config, episode));
  if (base.empty()) return;
  for (const PublishedTranscript& file : published_transcripts(episode))
    add(base + "." + std::string(file.extension), file.type, std::nullopt, std::nullopt);
}

// ---- Podlove Simple Chapters in items (chapters.psc_in_feeds) --------------------------------

/// Whether an item of `episode` carries psc:chapters: the setting is on and a chapter is
/// visible (PSC has no hidden chapters and wants at least one).
bool carries_psc(const Config& config, const Episode& episode) {
  return config.chapters.psc_in_feeds && has_visible_chapter(episode);
}

/// Whether the feed declares the psc namespace: only when one of its items uses it.
bool feed_uses_psc(const RenderContext& ctx, const std::vector<std::size_t>& members) {
  return ctx.config.chapters.psc_in_feeds &&
         std::any_of(members.begin(), members.end(), [&ctx](std::size_t member) {
           return carries_psc(ctx.config, ctx.catalog.episodes[member]);
         });
}

/// The item's psc:chapters, by the one PSC writer; the feed's root declares the namespace.
void add_psc_chapters(pugi::xml_node item, const Config& config, const Episode& episode) {
  if (!carries_psc(config, episode)) return;
  thread_local std::vector<ChapterView> storage;
  append_psc_chapters(item, view_of(episode, storage), /*declare_namespace=*/false);
}

/// WebSub: the hubs castmap export --notify pings when this feed changes (notify.websub_hubs).
void add_hub_links(pugi::xml_node channel_node, const std::vector<std::string>& hubs) {
  for (const std::string& hub : hubs) {
    pugi::xml_node link = channel_node.append_child("atom:link");
    set_attribute(link, "href", hub);
    link.append_attribute("rel") = "hub";
  }
}

}  // namespace castmap
