// The json-feed exporter: a JSON Feed 1.1 (https://jsonfeed.org/version/1.1) per show with
// episodes, feeds/<show>.json, plus feeds/all.json with every episode: the same feeds as rss.
// Each item's media are `attachments` (the enclosure and the video); no `_podcast` extension.
// Off unless listed in `exporters`.
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "exporters/exporter.hpp"
#include "exporters/feed_plan.hpp"
#include "src/base/time_format.hpp"
#include "src/config/url_template.hpp"

namespace castmap {
namespace {

using Json = nlohmann::ordered_json;  // keys stay in the order written, as in the spec

constexpr std::string_view kItemsKey = "\"items\": [";
/// Items sit two levels deep, under the top-level object and its "items" array.
constexpr std::string_view kItemIndent = "    ";

/// Two-space indented UTF-8 JSON. The catalog is valid UTF-8 already; `replace` guarantees a
/// dump never throws.
std::string dump(const Json& value) {
  return value.dump(2, ' ', false, Json::error_handler_t::replace);
}

Json attachment(const std::string& url, const std::string& mime_type,
                std::optional<std::uint64_t> size, double duration_seconds) {
  Json media = Json::object();
  media["url"] = url;
  media["mime_type"] = mime_type;
  if (size) media["size_in_bytes"] = *size;
  if (const long long seconds = std::llround(duration_seconds); seconds > 0)
    media["duration_in_seconds"] = seconds;
  return media;
}

Json item(const RenderContext& ctx, const Episode& episode) {
  const Config& config = ctx.config;
  const UrlFields fields = url_fields(config, episode);
  Json object = Json::object();
  object["id"] = episode.id;  // the rss guid: apps that switch formats keep their place
  if (std::string page = expand_url(config.urls.episode_page, fields); !page.empty())
    object["url"] = std::move(page);
  object["title"] = episode.title;
  // One of content_html and content_text is required.
  if (std::optional<std::string> html = episode_html(ctx, episode))
    object["content_html"] = std::move(*html);
  object["content_text"] = episode.description;
  if (episode.subtitle && !episode.subtitle->empty()) object["summary"] = *episode.subtitle;
  if (std::string image = expand_url(config.urls.thumbnail, fields); !image.empty())
    object["image"] = std::move(image);
  object["date_published"] = format_w3c(episode.published);
  Json attachments = Json::array();
  if (std::string audio = expand_url(config.urls.enclosure, fields); !audio.empty())
    attachments.push_back(attachment(audio, config.urls.enclosure_type, episode.audio_file_size,
                                     episode.duration_seconds));
  if (std::string video = expand_url(config.urls.video, fields); !video.empty())
    attachments.push_back(
        attachment(video, config.urls.video_type, std::nullopt, episode.duration_seconds));
  if (!attachments.empty()) object["attachments"] = std::move(attachments);
  return object;
}

/// `text` with every line after the first indented by `indent` (JSON strings hold no raw line
/// breaks, so only the layout's own are touched).
std::string indented(std::string_view text, std::string_view indent) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    out += c;
    if (c == '\n') out += indent;
  }
  return out;
}

/// One feed: the top-level object up to `"items": [` as its head, one item per episode, newest
/// first, separated by the assembler's ",", and `]}` as its tail.
class JsonFeed final : public Assembly {
 public:
  JsonFeed(const RenderContext& ctx, PlannedFeed feed) : ctx_(ctx) {
    path = feed.path;
    members = feed.members;
    separator = ",";
    const FeedHeader header = feed_header(ctx, feed, &UrlTemplates::json_feed);
    Json document = Json::object();
    document["version"] = "https://jsonfeed.org/version/1.1";
    document["title"] = header.title;
    document["home_page_url"] = header.home_page;
    if (!header.self_url.empty()) document["feed_url"] = header.self_url;
    if (!header.description.empty()) document["description"] = header.description;
    if (!header.artwork.empty()) document["icon"] = header.artwork;
    document["authors"] = Json::array({Json{{"name", header.author}}});
    if (!ctx.config.site.language.empty()) document["language"] = ctx.config.site.language;
    document["items"] = Json::array();
    // The items go into the (last) "items" array: the frame around them is dumped once.
    const std::string frame = dump(document);
    const std::size_t items = frame.rfind("\"items\": []");
    if (items == std::string::npos) throw std::logic_error("json-feed: no items array");
    head_ = frame.substr(0, items + kItemsKey.size());
    tail_ = "\n  ]" + frame.substr(items + kItemsKey.size() + 1) + "\n";
  }

  std::string head() const override { return head_; }
  std::string tail() const override { return tail_; }
  void append_fragment(std::size_t member, std::string& out, RenderReport&) const override {
    out += '\n';
    out += kItemIndent;
    out += indented(dump(item(ctx_, ctx_.catalog.episodes[member])), kItemIndent);
  }

 private:
  const RenderContext& ctx_;
  std::string head_, tail_;
};

class JsonFeedExporter final : public Exporter {
 public:
  const FormatInfo& info() const override {
    static const FormatInfo format{
        "json-feed",
        "JSON Feed 1.1: feeds/<show>.json and feeds/all.json (off unless listed in `exporters`)",
        "application/feed+json",
        "feeds/{show}.json",
        &UrlTemplates::json_feed,
        /*on_by_default=*/false};
    return format;
  }

  std::vector<std::unique_ptr<Assembly>> plan_assemblies(const RenderContext& ctx,
                                                         RenderReport& report) const override {
    std::vector<std::unique_ptr<Assembly>> feeds;
    for (PlannedFeed& feed : plan_feed_set(ctx, ".json", report))
      feeds.push_back(std::make_unique<JsonFeed>(ctx, std::move(feed)));
    return feeds;
  }
};

}  // namespace

std::unique_ptr<Exporter> make_json_feed_exporter() { return std::make_unique<JsonFeedExporter>(); }

}  // namespace castmap
