// YouTube chapter lists: the `0:00 Title` lines of a video description. YouTube shows chapters
// when the first timestamp is 0:00, there are at least three, in ascending order, each chapter
// at least 10 seconds long (https://support.google.com/youtube/answer/9884579), and a
// description holds at most 5,000 bytes and no `<` or `>` (YouTube Data API, videos resource).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "src/chapters/chapter_list.hpp"
#include "src/chapters/chapter_notes.hpp"
#include "src/model/diagnostics.hpp"

namespace castmap {

inline constexpr std::int64_t kYouTubeMinChapterMs = 10'000;
inline constexpr std::size_t kYouTubeMinChapters = 3;
inline constexpr std::size_t kYouTubeMaxDescriptionBytes = 5000;

/// Reads the chapters out of a description (or a .youtube.txt file) as YouTube does: a line
/// that starts with a timestamp (`M:SS`, `MM:SS`, `H:MM:SS`, `HH:MM:SS`), then white space and
/// an optional separator (`-`, `–`, `—`, `:`, `|`), then the title. Lines that look like a
/// chapter but YouTube would not use are reported, one warning each (youtube-timestamp-unusable):
/// a malformed timestamp (fraction, a field over 59), no title, a timestamp not after the
/// previous one, or a timestamp that is not at the start of the line (bulleted, bracketed, at
/// the end). Other lines are prose and ignored. Never fails: no timestamp, no chapters.
std::optional<ChapterList> read_youtube_chapters(std::string_view bytes, std::string_view path,
                                                 DiagnosticSink& diagnostics);

/// Writes what YouTube accepts: visible chapters as `M:SS Title` (`H:MM:SS` from an hour on, of
/// the whole second), the first at 0:00 (youtube-first-not-zero), a chapter starting less than
/// 10 s after the one before it left out, and the last one too when it would last less than
/// 10 s (youtube-chapter-too-short), `<` and `>` written as `‹` and `›`
/// (youtube-angle-brackets), titles on one line, a blank one as "Chapter N"
/// (chapter-title-empty-named). Fewer than three chapters (youtube-too-few-chapters) or more
/// than 5,000 bytes (youtube-description-too-long) are written anyway, with a warning.
RenderedChapters write_youtube_chapters(const ChapterListView& view);

/// YouTube's rules checked on `view` as it is (for --check youtube and exporters of other
/// formats): youtube-first-not-zero, youtube-chapter-too-short, youtube-too-few-chapters,
/// youtube-angle-brackets, youtube-description-too-long; the same decisions the writer makes.
std::vector<ChapterNote> check_youtube_rules(const ChapterListView& view);

}  // namespace castmap
