// The chapter rules of the platforms that publish chapter lists from a description, checked
// on a list as located warnings with a code per platform. The rules of castmap's own formats
// live with them: JSON chapters' in the normalizer's chapter repair, WebVTT's in
// plan_webvtt_track (webvtt.hpp).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "src/chapters/chapter_list.hpp"
#include "src/chapters/chapter_notes.hpp"

namespace castmap {

enum class ChapterPlatform {
  youtube,  ///< https://support.google.com/youtube/answer/9884579 (see youtube.hpp)
  apple,    ///< https://podcasters.apple.com/support/5482-using-chapters-on-apple-podcasts
};

std::string_view platform_name(ChapterPlatform platform);
std::optional<ChapterPlatform> parse_platform_name(std::string_view name);

/// Apple Podcasts takes chapters from an episode description when the first starts at
/// 00:00:00 and there are at least three: apple-first-not-zero, apple-too-few-chapters
/// (visible chapters only).
std::vector<ChapterNote> check_apple_rules(const ChapterListView& view);

/// check_youtube_rules() or check_apple_rules().
std::vector<ChapterNote> check_platform_rules(const ChapterListView& view,
                                              ChapterPlatform platform);

}  // namespace castmap
