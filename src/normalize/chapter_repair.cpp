// Chapter repair. Starts are compared at millisecond precision because that is the finest any
// output format carries (WebVTT timestamps): two starts within the same millisecond would give
// a zero-length cue, which WebVTT does not allow.
#include "src/normalize/chapter_repair.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <tuple>

#include "src/base/message_text.hpp"
#include "src/base/url_check.hpp"
#include "src/normalize/field_cleaning.hpp"

namespace castmap {

namespace {

/// Whole milliseconds. Callers pass times within [0, kMaxMediaSeconds]; the bounds keep the
/// conversion defined for anything else too (NaN and negatives give 0).
long long to_millis(double seconds) {
  if (!(seconds > 0)) return 0;  // also NaN
  return std::llround(std::min(seconds, kMaxMediaSeconds) * 1000.0);
}

SourceLocation location_of(const Episode& episode, const Chapter& chapter) {
  return episode.chapter_location(chapter);
}

bool earlier_in_file(const Chapter& a, const Chapter& b) {
  return std::tie(a.position.line, a.position.column) <
         std::tie(b.position.line, b.position.column);
}

/// A chapter link (`url` or `img`) as check_url() leaves it, or nullopt (with a warning) when it
/// fails: a `javascript:` or relative link never reaches a chapter file.
template <typename Where>
std::optional<std::string> checked_link(const std::optional<std::string>& link,
                                        std::string_view key, const Chapter& chapter,
                                        const Where& where, DiagnosticSink& diagnostics) {
  if (!link) return std::nullopt;
  CheckedUrl checked = check_url(*link);
  if (checked.ok()) return std::move(checked.url);
  diagnostics.warning(
      where(), "invalid-link",
      dropped_link_message("chapter " + quote_value(chapter.title) + " " + std::string(key), *link,
                           checked));
  return std::nullopt;
}

/// Drops chapters whose start or title is unusable; reports every problem of each one.
void drop_unusable(Episode& episode, DiagnosticSink& diagnostics) {
  std::size_t kept = 0;
  for (Chapter& chapter : episode.chapters) {
    auto where = [&] { return location_of(episode, chapter); };
    clean_title(chapter.title, "chapter title", where, diagnostics);
    if (chapter.links.get())
      chapter.set_links(checked_link(chapter.url(), "url", chapter, where, diagnostics),
                        checked_link(chapter.image(), "img", chapter, where, diagnostics));
    bool usable = true;
    if (!std::isfinite(chapter.start_seconds)) {
      diagnostics.warning(
          where(), "chapter-start-invalid",
          "chapter " + quote_value(chapter.title) + " has no valid start time and was dropped");
      usable = false;
    } else if (chapter.start_seconds < 0) {
      diagnostics.warning(where(), "chapter-start-negative",
                          "chapter " + quote_value(chapter.title) + " starts at a negative time (" +
                              format_seconds(chapter.start_seconds) + " s) and was dropped");
      usable = false;
    } else if (chapter.start_seconds > kMaxMediaSeconds) {
      diagnostics.warning(where(), "chapter-start-out-of-range",
                          "chapter " + quote_value(chapter.title) + " starts at " +
                              format_seconds(chapter.start_seconds) +
                              " s, later than any media castmap accepts (1000 hours), and was "
                              "dropped");
      usable = false;
    }
    if (chapter.title.empty()) {
      diagnostics.warning(where(), "chapter-empty-title",
                          "chapter at " + format_seconds(chapter.start_seconds) +
                              " s has an empty title and was dropped");
      usable = false;
    }
    if (!usable) continue;
    // From here on a start is what the outputs carry: whole milliseconds (no -0 either).
    chapter.start_seconds = static_cast<double>(to_millis(chapter.start_seconds)) / 1000.0;
    if (&episode.chapters[kept] != &chapter) episode.chapters[kept] = std::move(chapter);
    ++kept;
  }
  episode.chapters.erase(episode.chapters.begin() + static_cast<std::ptrdiff_t>(kept),
                         episode.chapters.end());
}

/// Starts are whole milliseconds by now (drop_unusable), so comparing them compares exactly
/// what the outputs carry: two starts in one millisecond are equal, and the stable sort keeps
/// the one written first in front, where drop_duplicate_starts keeps it.
void sort_by_start(Episode& episode, DiagnosticSink& diagnostics) {
  auto by_start = [](const Chapter& a, const Chapter& b) {
    return a.start_seconds < b.start_seconds;
  };
  if (std::is_sorted(episode.chapters.begin(), episode.chapters.end(), by_start)) return;
  diagnostics.warning(episode.location_of("chapters"), "chapters-unsorted",
                      "chapters are not in start-time order and were sorted");
  // Stable, so that among equal starts the one written first stays first (and is kept).
  std::stable_sort(episode.chapters.begin(), episode.chapters.end(), by_start);
}

/// Expects chapters sorted by start, so the offenders form the tail.
void drop_past_duration(Episode& episode, DiagnosticSink& diagnostics) {
  if (!(episode.duration_seconds > 0)) return;  // unknown (0) or garbage
  const long long end = to_millis(episode.duration_seconds);
  auto first_past =
      std::find_if(episode.chapters.begin(), episode.chapters.end(),
                   [&](const Chapter& c) { return to_millis(c.start_seconds) >= end; });
  if (first_past == episode.chapters.end()) return;
  auto count = static_cast<std::size_t>(episode.chapters.end() - first_past);
  const Chapter& first_in_file =
      *std::min_element(first_past, episode.chapters.end(), earlier_in_file);
  std::string what = count == 1 ? "1 chapter starts" : std::to_string(count) + " chapters start";
  diagnostics.warning(location_of(episode, first_in_file), "chapter-past-duration",
                      what + " at or after the end of the episode (" +
                          format_seconds(episode.duration_seconds) + " s) and " +
                          (count == 1 ? "was" : "were") + " dropped");
  episode.chapters.erase(first_past, episode.chapters.end());
}

/// Expects chapters sorted by start, so equal starts are neighbours.
void drop_duplicate_starts(Episode& episode, DiagnosticSink& diagnostics) {
  auto& chapters = episode.chapters;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < chapters.size(); ++i) {
    if (kept > 0 &&
        to_millis(chapters[kept - 1].start_seconds) == to_millis(chapters[i].start_seconds)) {
      diagnostics.warning(location_of(episode, chapters[i]), "chapter-duplicate-start",
                          "chapter " + quote_value(chapters[i].title) +
                              " starts at the same time (" +
                              format_seconds(chapters[i].start_seconds) + " s) as chapter " +
                              quote_value(chapters[kept - 1].title) + " and was dropped");
      continue;
    }
    if (kept != i) chapters[kept] = std::move(chapters[i]);
    ++kept;
  }
  chapters.erase(chapters.begin() + static_cast<std::ptrdiff_t>(kept), chapters.end());
}

}  // namespace

void repair_chapters(Episode& episode, DiagnosticSink& diagnostics) {
  if (episode.chapters.empty()) return;
  // Chapter::position may be unset by a caller that only recorded "chapters[i]".
  for (std::size_t i = 0; i < episode.chapters.size(); ++i) {
    Chapter& chapter = episode.chapters[i];
    if (chapter.position.line > 0) continue;
    auto it = episode.positions.find("chapters[" + std::to_string(i) + "]");
    if (it != episode.positions.end()) chapter.position = it->second;
  }
  drop_unusable(episode, diagnostics);
  sort_by_start(episode, diagnostics);
  drop_past_duration(episode, diagnostics);
  drop_duplicate_starts(episode, diagnostics);
  if (!episode.chapters.empty() && !(episode.duration_seconds > 0))
    diagnostics.warning(episode.location_of("duration"), "duration-missing",
                        "the episode has chapters but no duration, so the last chapter has no "
                        "known end");
}

}  // namespace castmap
