// The json-chapters exporter: chapters/<slug>.json (Podcast Index JSON Chapters 1.2.0) for every
// episode with at least one chapter; the feeds link them via podcast:chapters.
// See ../shared/spec/json-chapters.md.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "exporters/chapter_file_exporter.hpp"
#include "exporters/exporter.hpp"
#include "src/chapters/json_chapters.hpp"

namespace castmap {
namespace {

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
    // One view per thread, reused: no allocation per episode once it has grown.
    thread_local std::vector<ChapterView> storage;
    // The one JSON chapters writer; it reports nothing (the format carries everything, and the
    // spec's rules are the normalizer's chapter checks).
    return write_json_chapters(episode_chapters_view(ctx, episode, storage)).bytes;
  }
};

}  // namespace

std::unique_ptr<Exporter> make_json_chapters_exporter() {
  return std::make_unique<JsonChaptersExporter>();
}

}  // namespace castmap
