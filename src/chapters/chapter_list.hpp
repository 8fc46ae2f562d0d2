// A chapter list as chapter files hold it (the value type every reader returns), the borrowed
// view every writer reads, and the conversions to and from the model's Episode::chapters.
// Times are whole milliseconds: the finest any chapter format carries, and an integer, so a list
// goes through every format and back without a rounding step anywhere.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "src/model/model.hpp"
#include "src/model/source_location.hpp"

namespace castmap {

/// The largest time a chapter list holds: 2^53 ms (about 285,000 years), so that every time is
/// also exact as a double number of milliseconds and as JSON seconds. Readers report larger
/// times as invalid; from_episode() saturates at it.
inline constexpr std::int64_t kMaxChapterMilliseconds = std::int64_t{1} << 53;

/// One chapter as read from a file.
struct ChapterEntry {
  std::int64_t start_ms = 0;  ///< may be negative or out of order as read; the repair fixes that
  /// When the file gives one (JSON endTime, WebVTT cue end, FFMETADATA END, ChapterTimeEnd).
  std::optional<std::int64_t> end_ms;
  std::string title;
  std::optional<std::string> url;    ///< JSON `url`, PSC `href`
  std::optional<std::string> image;  ///< JSON `img`, PSC `image`
  bool toc = true;                   ///< false: silent chapter (JSON `toc: false`, Matroska hidden)
  FieldPosition position;            ///< where the chapter starts in its file (0:0 if unknown)

  bool operator==(const ChapterEntry&) const = default;
};

/// A chapter file's content: its chapters in file order plus the list-level facts a format
/// carries. Plain data, copyable, comparable.
struct ChapterList {
  std::vector<ChapterEntry> chapters;
  /// The media's length when known (given on the command line or by the episode; no format
  /// but the episode carries it).
  std::optional<std::int64_t> duration_ms;
  std::optional<std::string> title;         ///< JSON `title`, FFMETADATA global `title`
  std::optional<std::string> podcast_name;  ///< JSON `podcastName`
  std::string source_path;                  ///< the file the list was read from, for diagnostics

  bool operator==(const ChapterList&) const = default;
};

/// One chapter as a writer reads it: borrowed from a ChapterList or straight from an Episode,
/// so that exporters render 100,000 episodes' chapters without copying a title.
struct ChapterView {
  std::int64_t start_ms = 0;
  std::optional<std::int64_t> end_ms;
  std::string_view title;
  std::optional<std::string_view> url;
  std::optional<std::string_view> image;
  bool toc = true;
};

/// What every writer takes. The chapters are in the order the writer should write them (the
/// normalizer's order: by start, unique starts); writers stay well-formed for any input.
struct ChapterListView {
  std::span<const ChapterView> chapters;
  std::optional<std::int64_t> duration_ms;
  std::optional<std::string_view> title;
  std::optional<std::string_view> podcast_name;
};

/// Whole milliseconds of `seconds`, rounded half away from zero, clamped to
/// [-kMaxChapterMilliseconds, kMaxChapterMilliseconds] (NaN gives 0). The exporters' rounding.
std::int64_t to_milliseconds(double seconds);
/// Seconds as a double (exact for every time a list holds).
double to_seconds(std::int64_t milliseconds);

/// A view of `list`, its chapters placed in `storage` (cleared first; reuse it to avoid an
/// allocation per list).
ChapterListView view_of(const ChapterList& list, std::vector<ChapterView>& storage);

/// A view of an episode's (normalized) chapters, with the episode's title and duration
/// (unset when 0, i.e. unknown). podcast_name is left unset: it comes from the show or the
/// site, which the caller knows. No chapter has an end: the model has none.
ChapterListView view_of(const Episode& episode, std::vector<ChapterView>& storage);

/// Whether a chapter of the list (or the episode) is visible (toc): formats without hidden
/// chapters write nothing, and a WebVTT track has no cue, when none is.
bool has_visible_chapter(const ChapterListView& list);
bool has_visible_chapter(const Episode& episode);

/// An owned copy of an episode's chapters as a ChapterList (positions and source path kept).
ChapterList from_episode(const Episode& episode);

/// The model's chapters for `list`: what the loader will put into Episode::chapters for a
/// chapter file, before the normalizer's chapter repair (src/normalize/chapter_repair.hpp),
/// which imported chapters go through like YAML ones. End times are not kept (the model has
/// none); positions are (they point into the chapter file, list.source_path).
std::vector<Chapter> to_model_chapters(const ChapterList& list);

}  // namespace castmap
