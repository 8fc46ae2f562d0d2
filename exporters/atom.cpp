// The atom exporter: an Atom 1.0 feed (RFC 4287) per show with episodes, feeds/<show>.atom, plus
// feeds/all.atom with every episode: the same feeds as rss, for readers that prefer Atom. Media
// are `<link rel="enclosure">`; chapter files, when published, are linked with the Podcasting 2.0
// `podcast:chapters` extension element. Off unless listed in `exporters`.
#include <pugixml.hpp>

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "exporters/exporter.hpp"
#include "exporters/feed_plan.hpp"
#include "exporters/xml_output.hpp"
#include "src/base/time_format.hpp"
#include "src/base/uuid5.hpp"
#include "src/config/url_template.hpp"

namespace castmap {
namespace {

constexpr const char* kAtomNamespace = "http://www.w3.org/2005/Atom";
constexpr const char* kPodcastNamespace = "https://podcastindex.org/namespace/1.0";

/// RFC 4122's URL namespace; episode ids are named in it as "castmap:episode:<id>".
constexpr std::string_view kUrlNamespace = "6ba7b811-9dad-11d1-80b4-00c04fd430c8";

/// An entry's atom:id: a UUID IRI made from the episode id alone, so that it stays the same
/// forever, like the rss guid, even when the site or the feed moves.
std::string entry_id(const Episode& episode) {
  static const Uuid url_namespace = *parse_uuid(kUrlNamespace);
  return "urn:uuid:" + format_uuid(uuid5(url_namespace, "castmap:episode:" + episode.id));
}

/// The feed's atom:id: the UUIDv5 of its URL (of its path under the site without urls.atom_feed).
std::string feed_id(const RenderContext& ctx, const FeedHeader& header, const PlannedFeed& feed) {
  const std::string url =
      header.self_url.empty() ? ctx.config.site.base_url + "/" + feed.path : header.self_url;
  return "urn:uuid:" + podcast_guid_for_feed(url);
}

pugi::xml_node add_text(pugi::xml_node parent, const char* name, std::string_view text) {
  pugi::xml_node node = parent.append_child(name);
  node.text().set(text.data(), text.size());
  return node;
}

void add_link(pugi::xml_node parent, const char* rel, const std::string& type,
              const std::string& href) {
  pugi::xml_node link = parent.append_child("link");
  link.append_attribute("rel") = rel;
  if (!type.empty()) link.append_attribute("type") = type.c_str();
  link.append_attribute("href") = href.c_str();
}

void add_entry(pugi::xml_node parent, const RenderContext& ctx, const Episode& episode) {
  const Config& config = ctx.config;
  const UrlFields fields = url_fields(config, episode);
  const std::string date = format_w3c(episode.published);
  pugi::xml_node entry = parent.append_child("entry");
  add_text(entry, "id", entry_id(episode));
  add_text(entry, "title", episode.title);
  add_text(entry, "updated", date);
  add_text(entry, "published", date);
  const std::string page = expand_url(config.urls.episode_page, fields);
  if (!page.empty()) add_link(entry, "alternate", "text/html", page);
  if (const std::string audio = expand_url(config.urls.enclosure, fields); !audio.empty()) {
    add_link(entry, "enclosure", config.urls.enclosure_type, audio);
    // Unlike RSS, Atom lets an unknown length go unsaid.
    if (episode.audio_file_size)
      entry.last_child().append_attribute("length") =
          std::to_string(*episode.audio_file_size).c_str();
  }
  if (const std::string video = expand_url(config.urls.video, fields); !video.empty())
    add_link(entry, "enclosure", config.urls.video_type, video);
  if (!episode.description.empty()) add_text(entry, "summary", episode.description);
  if (const std::optional<std::string> html = episode_html(ctx, episode)) {
    add_text(entry, "content", *html).append_attribute("type") = "html";
  } else if (page.empty()) {
    // RFC 4287 4.1.1: an entry without content needs a rel="alternate" link.
    add_text(entry, "content", episode.description.empty() ? episode.title : episode.description)
        .append_attribute("type") = "text";
  }
  if (const FormatInfo* chapters = linked_chapters(ctx); chapters && !episode.chapters.empty()) {
    pugi::xml_node node = entry.append_child("podcast:chapters");
    node.append_attribute("url") =
        expand_url(config.urls.*(chapters->published_at), fields).c_str();
    node.append_attribute("type") = std::string(chapters->media_type).c_str();
  }
}

/// One feed: the feed header as its head, one <entry> per episode, newest first.
class AtomFeed final : public Assembly {
 public:
  AtomFeed(const RenderContext& ctx, PlannedFeed feed) : ctx_(ctx) {
    path = feed.path;
    members = feed.members;
    const FeedHeader header = feed_header(ctx, feed, &UrlTemplates::atom_feed);
    pugi::xml_document document = new_xml_document();
    pugi::xml_node root = document.append_child("feed");
    root.append_attribute("xmlns") = kAtomNamespace;
    if (linked_chapters(ctx)) root.append_attribute("xmlns:podcast") = kPodcastNamespace;
    if (!ctx.config.site.language.empty())
      root.append_attribute("xml:lang") = ctx.config.site.language.c_str();
    add_text(root, "id", feed_id(ctx, header, feed));
    add_text(root, "title", header.title);
    if (!header.description.empty()) add_text(root, "subtitle", header.description);
    add_text(root, "updated", format_w3c(header.updated));
    if (!header.self_url.empty()) add_link(root, "self", "application/atom+xml", header.self_url);
    add_link(root, "alternate", "text/html", header.home_page);
    add_text(root.append_child("author"), "name", header.author);
    add_text(root, "generator", "castmap");
    if (!header.artwork.empty()) add_text(root, "icon", header.artwork);
    if (!ctx.config.site.copyright.empty()) add_text(root, "rights", ctx.config.site.copyright);
    // The entries go where the feed closes: the frame around them is saved once.
    frame_ = save_xml(document);
    entries_at_ = closing_tag_line(frame_, "feed");
    if (entries_at_ == std::string::npos) throw std::logic_error("atom: feed element not closed");
  }

  std::string head() const override { return frame_.substr(0, entries_at_); }
  std::string tail() const override { return frame_.substr(entries_at_); }
  void append_fragment(std::size_t member, std::string& out, RenderReport&) const override {
    pugi::xml_document entry;
    add_entry(entry, ctx_, ctx_.catalog.episodes[member]);
    append_xml_node(out, entry.first_child(), 1);
  }

 private:
  const RenderContext& ctx_;
  std::string frame_;
  std::size_t entries_at_ = 0;
};

class AtomExporter final : public Exporter {
 public:
  const FormatInfo& info() const override {
    static const FormatInfo format{
        "atom",
        "Atom 1.0 feeds (RFC 4287): feeds/<show>.atom and feeds/all.atom (off unless listed in "
        "`exporters`)",
        "application/atom+xml",
        "feeds/{show}.atom",
        &UrlTemplates::atom_feed,
        /*on_by_default=*/false};
    return format;
  }

  std::vector<std::unique_ptr<Assembly>> plan_assemblies(const RenderContext& ctx,
                                                         RenderReport& report) const override {
    std::vector<std::unique_ptr<Assembly>> feeds;
    for (PlannedFeed& feed : plan_feed_set(ctx, ".atom", report))
      feeds.push_back(std::make_unique<AtomFeed>(ctx, std::move(feed)));
    return feeds;
  }
};

}  // namespace

std::unique_ptr<Exporter> make_atom_exporter() { return std::make_unique<AtomExporter>(); }

}  // namespace castmap
