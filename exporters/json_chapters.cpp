// The json-chapters exporter: chapters/<slug>.json (Podcast Index JSON Chapters 1.2.0) for every
// episode with at least one chapter; the feeds link them via podcast:chapters.
// See ../shared/spec/json-chapters.md.
#include <cmath>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "exporters/exporter.hpp"

namespace castmap {
namespace {

using Json = nlohmann::ordered_json;  // keys stay in the order written, as in the spec examples

/// Seconds rounded to milliseconds (players seek no finer, and it keeps `94.5` from printing as
/// `94.500000001`).
double round_to_milliseconds(double seconds) { return std::round(seconds * 1000.0) / 1000.0; }

/// A time as a JSON number: integral values as integers (`0`, not `0.0`), others as doubles.
Json seconds_json(double rounded_seconds) {
  if (rounded_seconds == std::floor(rounded_seconds) && std::abs(rounded_seconds) < 9.0e15)
    return static_cast<std::int64_t>(rounded_seconds);
  return rounded_seconds;
}

/// startTime, title, endTime, url, img, toc.
constexpr std::size_t kMostChapterKeys = 6;

Json chapters_document(const RenderContext& ctx, const Episode& episode) {
  const Show* show = episode.show_id.empty() ? nullptr : ctx.catalog.find_show(episode.show_id);
  Json document;
  document["version"] = "1.2.0";  // a string, per the spec
  document["title"] = episode.title;
  document["podcastName"] = show ? show->name : ctx.config.site.title;

  const auto& list = episode.chapters;  // sorted, unique starts below the duration (normalizer)
  // Sized up front: 3 million chapter objects at 100,000 episodes, each grown one key at a time
  // otherwise.
  Json chapters = Json::array();
  chapters.get_ref<Json::array_t&>().reserve(list.size());
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Chapter& chapter = list[i];
    const double start = round_to_milliseconds(chapter.start_seconds);
    // A chapter ends where the next begins; the last one at the end of the media, when known.
    std::optional<double> end;
    if (i + 1 < list.size())
      end = round_to_milliseconds(list[i + 1].start_seconds);
    else if (episode.duration_seconds > 0)
      end = round_to_milliseconds(episode.duration_seconds);

    Json object = Json::object();
    object.get_ref<Json::object_t&>().reserve(kMostChapterKeys);
    object["startTime"] = seconds_json(start);
    object["title"] = chapter.title;
    // Millisecond rounding can merge two sub-millisecond-apart starts; an endTime that is not
    // after startTime is invalid, and endTime is optional, so it is left out then.
    if (end && *end > start) object["endTime"] = seconds_json(*end);
    if (chapter.url()) object["url"] = *chapter.url();
    if (chapter.image()) object["img"] = *chapter.image();
    if (!chapter.toc) object["toc"] = false;
    chapters.push_back(std::move(object));
  }
  document["chapters"] = std::move(chapters);
  return document;
}

class JsonChaptersExporter final : public Exporter {
 public:
  const FormatInfo& info() const override {
    static const FormatInfo format{
        "json-chapters",
        "Podcast Index JSON chapters 1.2.0: chapters/<slug>.json per episode with chapters",
        "application/json+chapters", "chapters/{slug}.json", &UrlTemplates::chapters_json};
    return format;
  }

  bool writes_episode_files() const override { return true; }
  std::optional<std::string> render_episode_file(const RenderContext& ctx, const Episode& episode,
                                                 RenderReport&) const override {
    if (episode.chapters.empty()) return std::nullopt;
    // The catalog is valid UTF-8 already; `replace` guarantees a dump can never throw.
    std::string bytes =
        chapters_document(ctx, episode).dump(2, ' ', false, Json::error_handler_t::replace);
    bytes += '\n';
    return bytes;
  }
};

}  // namespace

std::unique_ptr<Exporter> make_json_chapters_exporter() {
  return std::make_unique<JsonChaptersExporter>();
}

}  // namespace castmap
