// The shared part of the one-chapter-file-per-episode exporters (chapter_file_exporter.hpp).
#include "exporters/chapter_file_exporter.hpp"

#include <algorithm>

#include "exporters/finding_tally.hpp"
#include "src/chapters/chapter_files.hpp"

namespace castmap {

ChapterListView episode_chapters_view(const RenderContext& ctx, const Episode& episode,
                                      std::vector<ChapterView>& storage) {
  ChapterListView view = view_of(episode, storage);
  const Show* show = episode.show_id.empty() ? nullptr : ctx.catalog.find_show(episode.show_id);
  view.podcast_name = show ? std::string_view(show->name) : std::string_view(ctx.config.site.title);
  return view;
}

void report_episode_notes(const Episode& episode, std::span<const ChapterNote> notes,
                          RenderReport& report, bool count_findings) {
  for (const ChapterNote& note : notes) {
    SourceLocation where = episode.location_of("chapters");
    if (note.first && *note.first < episode.chapters.size())
      where = episode.chapter_location(episode.chapters[*note.first]);  // chapter file or episode
    const std::size_t copies = count_findings ? std::max<std::size_t>(note.count, 1) : 1;
    for (std::size_t i = 0; i < copies; ++i)
      report.add({note.severity, where, note.message, note.code});
  }
}

bool is_platform_rule(std::string_view code) {
  return code.starts_with("youtube-") || code.starts_with("apple-");
}

std::optional<std::string> ChapterFileExporter::render_episode_file(const RenderContext& ctx,
                                                                    const Episode& episode,
                                                                    RenderReport& report) const {
  if (episode.chapters.empty()) return std::nullopt;
  // One view per thread, reused: no allocation per episode once it has grown.
  thread_local std::vector<ChapterView> storage;
  const ChapterListView view = episode_chapters_view(ctx, episode, storage);
  if (!has_visible_chapter(view) && !capabilities_of(format_).hidden_chapters) {
    report.note(episode.location_of("chapters"), "chapters-all-hidden",
                "every chapter is toc: false and " + std::string(format_label(format_)) +
                    " has no hidden chapters, so " +
                    episode_file_path(info_.path_pattern, episode) + " is not written");
    return std::nullopt;
  }
  RenderedChapters rendered = write_chapter_file(view, format_);
  report_episode_notes(episode, rendered.notes, report);
  if (rules_) report_episode_notes(episode, check_platform_rules(view, *rules_), report);
  return std::move(rendered.bytes);
}

void ChapterFileExporter::summarize(const RenderContext& ctx, std::span<const Finding> findings,
                                    DiagnosticSink& diagnostics) const {
  std::vector<Finding> rules;
  std::vector<Finding> others;
  for (const Finding& finding : findings)
    (is_platform_rule(finding.diagnostic.code) ? rules : others).push_back(finding);
  Exporter::summarize(ctx, rules, diagnostics);
  for (const auto& [code, tally] : tally_by_code(others)) {
    Diagnostic diagnostic = tally.first->diagnostic;
    if (tally.count > 1)
      diagnostic.message += " (" + std::to_string(tally.count) + " episodes in all)";
    diagnostics.report(std::move(diagnostic));
  }
}

}  // namespace castmap
