// Conversions between chapter lists, their views and the model's chapters.
#include "src/chapters/chapter_list.hpp"

#include <algorithm>
#include <cmath>

namespace castmap {

std::int64_t to_milliseconds(double seconds) {
  if (std::isnan(seconds)) return 0;
  constexpr double kLimit = static_cast<double>(kMaxChapterMilliseconds);
  const double millis = std::clamp(seconds * 1000.0, -kLimit, kLimit);
  return static_cast<std::int64_t>(std::llround(millis));
}

double to_seconds(std::int64_t milliseconds) { return static_cast<double>(milliseconds) / 1000.0; }

namespace {
std::optional<std::string_view> view_of(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  return std::string_view(*text);
}
}  // namespace

ChapterListView view_of(const ChapterList& list, std::vector<ChapterView>& storage) {
  storage.clear();
  storage.reserve(list.chapters.size());
  for (const ChapterEntry& entry : list.chapters)
    storage.push_back(ChapterView{entry.start_ms, entry.end_ms, entry.title, view_of(entry.url),
                                  view_of(entry.image), entry.toc});
  return ChapterListView{storage, list.duration_ms, view_of(list.title),
                         view_of(list.podcast_name)};
}

bool has_visible_chapter(const ChapterListView& list) {
  return std::any_of(list.chapters.begin(), list.chapters.end(),
                     [](const ChapterView& chapter) { return chapter.toc; });
}

bool has_visible_chapter(const Episode& episode) {
  return std::any_of(episode.chapters.begin(), episode.chapters.end(),
                     [](const Chapter& chapter) { return chapter.toc; });
}

ChapterListView view_of(const Episode& episode, std::vector<ChapterView>& storage) {
  storage.clear();
  storage.reserve(episode.chapters.size());
  for (const Chapter& chapter : episode.chapters)
    storage.push_back(ChapterView{to_milliseconds(chapter.start_seconds), std::nullopt,
                                  chapter.title.view(), view_of(chapter.url()),
                                  view_of(chapter.image()), chapter.toc});
  ChapterListView view{storage, std::nullopt, std::string_view(episode.title), std::nullopt};
  // Known when positive, as the exporters decide; it may still round to 0 ms.
  if (episode.duration_seconds > 0) view.duration_ms = to_milliseconds(episode.duration_seconds);
  return view;
}

ChapterList from_episode(const Episode& episode) {
  ChapterList list;
  list.chapters.reserve(episode.chapters.size());
  for (const Chapter& chapter : episode.chapters) {
    ChapterEntry entry;
    entry.start_ms = to_milliseconds(chapter.start_seconds);
    entry.title = chapter.title.str();
    entry.url = chapter.url();
    entry.image = chapter.image();
    entry.toc = chapter.toc;
    entry.position = chapter.position;
    list.chapters.push_back(std::move(entry));
  }
  if (episode.duration_seconds > 0) list.duration_ms = to_milliseconds(episode.duration_seconds);
  list.title = episode.title;
  list.source_path = episode.source_path;
  return list;
}

std::vector<Chapter> to_model_chapters(const ChapterList& list) {
  std::vector<Chapter> chapters;
  chapters.reserve(list.chapters.size());
  for (const ChapterEntry& entry : list.chapters) {
    Chapter chapter;
    chapter.start_seconds = to_seconds(entry.start_ms);
    chapter.title = entry.title;
    chapter.toc = entry.toc;
    chapter.position = entry.position;
    chapter.set_links(entry.url, entry.image);
    chapters.push_back(std::move(chapter));
  }
  return chapters;
}

}  // namespace castmap
