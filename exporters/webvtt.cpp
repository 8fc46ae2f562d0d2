// The WebVTT exporter: writes chapters/<slug>.vtt, a chapter track for
// <track kind="chapters">, for every episode with at least one visible chapter.
// Format digest and browser behaviour: ../shared/spec/webvtt-chapters.md.
#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "exporters/exporter.hpp"
#include "src/base/time_format.hpp"

namespace castmap {
namespace {

/// How long the last cue lasts when the episode's duration is unknown (0). Policy: claim as
/// little as possible. The cue still tells a player where the chapter starts (that is what
/// seeking uses); only its "active" highlight is short. A longer guess could claim media that
/// does not exist. Reported once per run as `vtt-last-cue-estimated`.
constexpr long long kUnknownDurationLastCueMs = 1000;

/// Appends a chapter title as WebVTT "chapter title text": plain text plus character
/// references. This is not XML escaping (no library does it), hence the small table:
/// `&` would start a reference, `<` a tag, and escaping `>` makes `-->` impossible; a line
/// break would split or (as a blank line) end the cue, so the title becomes one line.
void append_cue_text(std::string& out, std::string_view title) {
  for (char c : title) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '\r':
      case '\n':
      case '\t':
        out += ' ';
        break;
      case '\0':  // the parser would turn it into U+FFFD
        break;
      default:
        out += c;
    }
  }
}

long long to_milliseconds(double seconds) { return std::llround(seconds * 1000.0); }

/// What rendering one episode had to decide, gathered for the run-wide diagnostics.
struct TrackReport {
  bool last_cue_estimated = false;
  bool only_hidden_chapters = false;
  std::size_t dropped_cues = 0;
  const Chapter* first_dropped = nullptr;
  std::size_t untitled_cues = 0;
  const Chapter* first_untitled = nullptr;
};

/// Whether a title escapes to nothing but spaces (see append_cue_text).
bool blank_cue_text(std::string_view title) {
  constexpr std::string_view kBlank(" \r\n\t\0", 5);
  return title.find_first_not_of(kBlank) == std::string_view::npos;
}

/// One cue of a track: a visible chapter with its time span in milliseconds.
struct Cue {
  long long start_ms = 0;
  long long end_ms = 0;
  const Chapter* chapter = nullptr;
};

/// Decides the cues of one episode's track, handing each to `take` in order, records what had
/// to be decided in `report`, and returns how many cues there are (none: no track). Allocates
/// nothing: every episode's track is planned, for the run's diagnostics, but an incremental
/// run renders only the changed ones.
template <typename TakeCue>
std::size_t plan_cues(const Episode& episode, TrackReport& report, TakeCue&& take) {
  const std::vector<Chapter>& chapters = episode.chapters;
  const auto next_visible = [&chapters](std::size_t from) {
    while (from < chapters.size() && !chapters[from].toc) ++from;
    return from;
  };
  std::size_t at = next_visible(0);
  if (at == chapters.size()) {
    report.only_hidden_chapters = !chapters.empty();
    return 0;
  }
  std::size_t count = 0;
  while (at < chapters.size()) {
    const Chapter& chapter = chapters[at];
    const std::size_t next = next_visible(at + 1);
    at = next;
    long long start = to_milliseconds(chapter.start_seconds);
    long long end = 0;
    if (next < chapters.size()) {
      // Ends exactly where the next visible chapter starts: no gap, no overlap. Hidden
      // (toc: false) chapters in between belong to this cue.
      end = to_milliseconds(chapters[next].start_seconds);
    } else if (episode.duration_seconds > 0) {
      // The normalizer keeps starts below the duration; rounding to milliseconds may still
      // make them equal, so keep the cue at least 1 ms long (at most 1 ms past the media).
      end = std::max(to_milliseconds(episode.duration_seconds), start + 1);
    } else {
      end = start + kUnknownDurationLastCueMs;
      report.last_cue_estimated = true;
    }
    if (end <= start) {
      // Two chapters less than half a millisecond apart: the earlier cue would be empty,
      // which parsers reject. The later chapter takes over at the same instant.
      if (report.dropped_cues++ == 0) report.first_dropped = &chapter;
      continue;
    }
    if (blank_cue_text(chapter.title) && report.untitled_cues++ == 0)
      report.first_untitled = &chapter;
    take(Cue{start, end, &chapter});
    ++count;
  }
  return count;
}

/// The WebVTT text of an episode's track, appended in place: 3 million cues at 100,000
/// episodes, so no cue builds strings of its own.
std::string render_track(const Episode& episode) {
  // No header text after WEBVTT: character references are not decoded there.
  std::string out = "WEBVTT\n";
  TrackReport planned_already;  // reported when the track was planned
  std::size_t number = 0;
  plan_cues(episode, planned_already, [&](const Cue& cue) {
    const std::string cue_number = std::to_string(++number);
    out += "\nchapter-";
    out += cue_number;
    out += '\n';
    append_vtt_timestamp(out, cue.start_ms);
    out += " --> ";
    append_vtt_timestamp(out, cue.end_ms);
    out += '\n';
    // A cue with no text is dropped by browsers; keep the chapter navigable.
    if (blank_cue_text(cue.chapter->title)) {
      out += "Chapter ";
      out += cue_number;
    } else {
      append_cue_text(out, cue.chapter->title);
    }
    out += '\n';
  });
  return out;
}

SourceLocation location_of(const Episode& episode, const Chapter& chapter) {
  return {episode.source_path, chapter.position.line, chapter.position.column};
}

std::string in_quotes(std::string_view text) { return "\"" + std::string(text) + "\""; }

/// Counts one problem kind over the run and remembers where it first occurred.
struct Tally {
  std::size_t count = 0;
  std::size_t first_episode = 0;
  void add(std::size_t episode_index, std::size_t n) {
    if (n > 0 && count == 0) first_episode = episode_index;
    count += n;
  }
};

/// One diagnostic per problem kind per run, at the first affected episode (catalog order), so
/// the 311-episode corpus gives a handful of lines, not hundreds.
void report_run(const ExportContext& ctx, const std::vector<TrackReport>& reports) {
  Tally estimated, hidden, dropped, untitled;
  for (std::size_t i = 0; i < reports.size(); ++i) {
    estimated.add(i, reports[i].last_cue_estimated ? 1 : 0);
    hidden.add(i, reports[i].only_hidden_chapters ? 1 : 0);
    dropped.add(i, reports[i].dropped_cues);
    untitled.add(i, reports[i].untitled_cues);
  }
  const auto& episodes = ctx.catalog.episodes;
  if (estimated.count > 0) {
    const Episode& episode = episodes[estimated.first_episode];
    ctx.diagnostics.warning(episode.location_of("duration"), "vtt-last-cue-estimated",
                            "duration unknown for " + std::to_string(estimated.count) +
                                " episode(s) (first " + in_quotes(episode.slug) +
                                "): their last WebVTT cue ends 1 s after it starts");
  }
  if (dropped.count > 0) {
    const Episode& episode = episodes[dropped.first_episode];
    const Chapter& chapter = *reports[dropped.first_episode].first_dropped;
    ctx.diagnostics.warning(location_of(episode, chapter), "vtt-cue-dropped",
                            std::to_string(dropped.count) +
                                " chapter(s) start less than 1 ms before the next one and are "
                                "left out of the WebVTT track (first " +
                                in_quotes(chapter.title) + ")");
  }
  if (untitled.count > 0) {
    const Episode& episode = episodes[untitled.first_episode];
    const Chapter& chapter = *reports[untitled.first_episode].first_untitled;
    ctx.diagnostics.warning(location_of(episode, chapter), "vtt-chapter-title-empty",
                            std::to_string(untitled.count) +
                                " chapter(s) without a title are named \"Chapter N\" in the "
                                "WebVTT track (first in " +
                                in_quotes(episode.slug) + ")");
  }
  if (hidden.count > 0) {
    const Episode& episode = episodes[hidden.first_episode];
    ctx.diagnostics.note(episode.location_of("chapters"), "vtt-no-visible-chapters",
                         std::to_string(hidden.count) +
                             " episode(s) have only toc: false chapters, so no WebVTT track is "
                             "written for them (first " +
                             in_quotes(episode.slug) + ")");
  }
}

class WebVttExporter final : public Exporter {
 public:
  std::string_view name() const override { return "webvtt"; }
  std::string_view description() const override {
    return "WebVTT chapter tracks for <track kind=\"chapters\"> (chapters/<slug>.vtt)";
  }

  void render(const ExportContext& ctx, OutputSink& out) const override {
    const auto& episodes = ctx.catalog.episodes;
    std::vector<TrackReport> reports(episodes.size());
    ctx.parallel_for(episodes.size(), [&](std::size_t i) {
      if (plan_cues(episodes[i], reports[i], [](const Cue&) {}) == 0) return;
      out.emit_unless_unchanged("chapters/" + episodes[i].slug + ".vtt", ctx.inputs_of(i),
                                [&] { return render_track(episodes[i]); });
    });
    report_run(ctx, reports);
  }
};

}  // namespace

std::unique_ptr<Exporter> make_webvtt_exporter() { return std::make_unique<WebVttExporter>(); }

}  // namespace castmap
