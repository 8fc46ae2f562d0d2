// Platform rule checks.
#include "src/chapters/platform_rules.hpp"

#include <string>

#include "src/chapters/clock_time.hpp"
#include "src/chapters/youtube.hpp"

namespace castmap {

namespace {
constexpr std::size_t kAppleMinChapters = 3;
}  // namespace

std::string_view platform_name(ChapterPlatform platform) {
  return platform == ChapterPlatform::apple ? "apple" : "youtube";
}

std::optional<ChapterPlatform> parse_platform_name(std::string_view name) {
  if (name == "youtube") return ChapterPlatform::youtube;
  if (name == "apple") return ChapterPlatform::apple;
  return std::nullopt;
}

std::vector<ChapterNote> check_apple_rules(const ChapterListView& view) {
  std::vector<ChapterNote> notes;
  std::size_t visible = 0, first = 0;
  for (std::size_t i = 0; i < view.chapters.size(); ++i)
    if (view.chapters[i].toc && visible++ == 0) first = i;
  if (visible > 0 && view.chapters[first].start_ms != 0) {
    std::string at;
    append_clock(at, view.chapters[first].start_ms);
    notes.push_back({Severity::warning, "apple-first-not-zero",
                     "the first chapter starts at " + at +
                         "; Apple Podcasts takes chapters from a description only when the "
                         "first starts at 00:00:00",
                     1, first});
  }
  if (visible < kAppleMinChapters)
    notes.push_back({Severity::warning, "apple-too-few-chapters",
                     "only " + std::to_string(visible) +
                         " visible chapter(s): Apple Podcasts takes chapters from a description "
                         "only when there are at least 3",
                     1, std::nullopt});
  return notes;
}

std::vector<ChapterNote> check_platform_rules(const ChapterListView& view,
                                              ChapterPlatform platform) {
  return platform == ChapterPlatform::apple ? check_apple_rules(view) : check_youtube_rules(view);
}

}  // namespace castmap
