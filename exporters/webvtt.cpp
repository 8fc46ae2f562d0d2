// The WebVTT exporter: writes chapters/<slug>.vtt, a chapter track for
// <track kind="chapters">, for every episode with at least one visible chapter.
// Format digest and browser behaviour: ../shared/spec/webvtt-chapters.md.
#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "exporters/exporter.hpp"
#include "exporters/finding_tally.hpp"
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

SourceLocation location_of(const Episode& episode, const Chapter& chapter) {
  return episode.chapter_location(chapter);
}

/// Decides the cues of one episode's track, handing each to `take` in order, reports what had
/// to be decided (one finding each; Exporter::summarize counts them), and returns how many cues
/// there are (none: no track).
template <typename TakeCue>
std::size_t plan_cues(const Episode& episode, RenderReport& report, TakeCue&& take) {
  const std::vector<Chapter>& chapters = episode.chapters;
  const auto next_visible = [&chapters](std::size_t from) {
    while (from < chapters.size() && !chapters[from].toc) ++from;
    return from;
  };
  std::size_t at = next_visible(0);
  if (at == chapters.size()) {
    if (!chapters.empty())
      report.note(episode.location_of("chapters"), "vtt-no-visible-chapters", episode.slug);
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
      report.warning(episode.location_of("duration"), "vtt-last-cue-estimated", episode.slug);
    }
    if (end <= start) {
      // Two chapters less than half a millisecond apart: the earlier cue would be empty,
      // which parsers reject. The later chapter takes over at the same instant.
      report.warning(location_of(episode, chapter), "vtt-cue-dropped", std::string(chapter.title));
      continue;
    }
    if (blank_cue_text(chapter.title))
      report.warning(location_of(episode, chapter), "vtt-chapter-title-empty", episode.slug);
    take(Cue{start, end, &chapter});
    ++count;
  }
  return count;
}

/// The WebVTT text of an episode's track, appended in place (3 million cues at 100,000
/// episodes, so no cue builds strings of its own); nullopt when it has no visible chapter.
std::optional<std::string> render_track(const Episode& episode, RenderReport& report) {
  // No header text after WEBVTT: character references are not decoded there.
  std::string out = "WEBVTT\n";
  std::size_t number = 0;
  const std::size_t cues = plan_cues(episode, report, [&](const Cue& cue) {
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
  if (cues == 0) return std::nullopt;
  return out;
}

std::string in_quotes(std::string_view text) { return "\"" + std::string(text) + "\""; }

class WebVttExporter final : public Exporter {
 public:
  const FormatInfo& info() const override {
    static const FormatInfo format{
        "webvtt", "WebVTT chapter tracks for <track kind=\"chapters\"> (chapters/<slug>.vtt)",
        "text/vtt", "chapters/{slug}.vtt", &UrlTemplates::chapters_vtt};
    return format;
  }

  bool writes_episode_files() const override { return true; }
  std::optional<std::string> render_episode_file(const RenderContext&, const Episode& episode,
                                                 RenderReport& report) const override {
    return render_track(episode, report);
  }

  /// One diagnostic per kind of problem per run, at its first occurrence (catalog order).
  void summarize(const RenderContext&, std::span<const Finding> findings,
                 DiagnosticSink& diagnostics) const override {
    const auto tallies = tally_by_code(findings);
    const auto report = [&](std::string_view code, const std::string& message) {
      auto found = tallies.find(code);
      if (found == tallies.end()) return;
      Diagnostic diagnostic = found->second.first->diagnostic;
      diagnostic.message = message;
      diagnostics.report(std::move(diagnostic));
    };
    const auto count = [&](std::string_view code) {
      auto found = tallies.find(code);
      return found == tallies.end() ? std::string() : std::to_string(found->second.count);
    };
    const auto first_detail = [&](std::string_view code) {
      auto found = tallies.find(code);
      return found == tallies.end() ? std::string() : found->second.first->diagnostic.message;
    };
    report("vtt-last-cue-estimated", "duration unknown for " + count("vtt-last-cue-estimated") +
                                         " episode(s) (first " +
                                         in_quotes(first_detail("vtt-last-cue-estimated")) +
                                         "): their last WebVTT cue ends 1 s after it starts");
    report("vtt-cue-dropped", count("vtt-cue-dropped") +
                                  " chapter(s) start less than 1 ms before the next one and are "
                                  "left out of the WebVTT track (first " +
                                  in_quotes(first_detail("vtt-cue-dropped")) + ")");
    report("vtt-chapter-title-empty", count("vtt-chapter-title-empty") +
                                          " chapter(s) without a title are named \"Chapter N\" "
                                          "in the WebVTT track (first in " +
                                          in_quotes(first_detail("vtt-chapter-title-empty")) + ")");
    report("vtt-no-visible-chapters",
           count("vtt-no-visible-chapters") +
               " episode(s) have only toc: false chapters, so no WebVTT track is written for "
               "them (first " +
               in_quotes(first_detail("vtt-no-visible-chapters")) + ")");
  }
};

}  // namespace

std::unique_ptr<Exporter> make_webvtt_exporter() { return std::make_unique<WebVttExporter>(); }

}  // namespace castmap
