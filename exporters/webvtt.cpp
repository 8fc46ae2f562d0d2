// The WebVTT exporter: writes chapters/<slug>.vtt, a chapter track for
// <track kind="chapters">, for every episode with at least one visible chapter.
// Format digest and browser behaviour: ../shared/spec/webvtt-chapters.md.
#include <algorithm>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "exporters/exporter.hpp"
#include "exporters/finding_tally.hpp"
#include "src/base/message_text.hpp"
#include "src/chapters/chapter_list.hpp"
#include "src/chapters/webvtt.hpp"

namespace castmap {
namespace {

/// Adds the track's notes as the findings summarize() counts: `vtt-cue-dropped` and
/// `vtt-chapter-title-empty` once per chapter concerned (the summary counts chapters), with the
/// detail the summary quotes (the first dropped chapter's title; the episode's slug).
void report_track_notes(const Episode& episode, std::span<const ChapterNote> notes,
                        RenderReport& report) {
  for (const ChapterNote& note : notes) {
    SourceLocation where =
        episode.location_of(note.code == "vtt-last-cue-estimated" ? "duration" : "chapters");
    std::string detail = episode.slug;
    if (note.first && *note.first < episode.chapters.size()) {
      const Chapter& chapter = episode.chapters[*note.first];
      where = episode.chapter_location(chapter);  // in the chapter file, when it has one
      if (note.code == "vtt-cue-dropped") detail = chapter.title.str();
    }
    for (std::size_t i = 0; i < std::max<std::size_t>(note.count, 1); ++i)
      report.add({note.severity, where, detail, note.code});
  }
}

/// The WebVTT track of an episode, rendered by the one WebVTT writer (src/chapters/webvtt.hpp);
/// nullopt when it has no visible chapter.
std::optional<std::string> render_track(const Episode& episode, RenderReport& report) {
  // One view per thread, reused: no allocation per episode once it has grown.
  thread_local std::vector<ChapterView> storage;
  const ChapterListView view = view_of(episode, storage);
  RenderedChapters track = write_webvtt_chapters(view);
  report_track_notes(episode, track.notes, report);
  // A track has a cue when a chapter is visible (the last visible one is never dropped).
  if (!has_visible_chapter(view)) return std::nullopt;
  return std::move(track.bytes);
}

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
                                         quote_value(first_detail("vtt-last-cue-estimated")) +
                                         "): their last WebVTT cue ends 1 s after it starts");
    report("vtt-cue-dropped", count("vtt-cue-dropped") +
                                  " chapter(s) start less than 1 ms before the next one and are "
                                  "left out of the WebVTT track (first " +
                                  quote_value(first_detail("vtt-cue-dropped")) + ")");
    report("vtt-chapter-title-empty", count("vtt-chapter-title-empty") +
                                          " chapter(s) without a title are named \"Chapter N\" "
                                          "in the WebVTT track (first in " +
                                          quote_value(first_detail("vtt-chapter-title-empty")) +
                                          ")");
    report("vtt-no-visible-chapters",
           count("vtt-no-visible-chapters") +
               " episode(s) have only toc: false chapters, so no WebVTT track is written for "
               "them (first " +
               quote_value(first_detail("vtt-no-visible-chapters")) + ")");
  }
};

}  // namespace

std::unique_ptr<Exporter> make_webvtt_exporter() { return std::make_unique<WebVttExporter>(); }

}  // namespace castmap
