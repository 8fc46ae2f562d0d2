// What the exporters of one chapter file per episode share: an episode's normalized chapters
// rendered by the src/chapters writer of a format (the one writer per format), the writer's
// notes and a platform's rules reported as located findings, and how those are summed up per
// run. exporters/{psc,ffmetadata,matroska,mp4chaps,youtube}.cpp each define one.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "exporters/exporter.hpp"
#include "src/chapters/chapter_format.hpp"
#include "src/chapters/chapter_list.hpp"
#include "src/chapters/chapter_notes.hpp"
#include "src/chapters/platform_rules.hpp"

namespace castmap {

/// A view of `episode`'s normalized chapters for a writer, with the podcast name of its show
/// (or the site's title) set, its chapters placed in `storage`.
ChapterListView episode_chapters_view(const RenderContext& ctx, const Episode& episode,
                                      std::vector<ChapterView>& storage);

/// Adds `notes` about `episode`'s chapters (as written from its view, whose indexes are the
/// episode's chapters) to `report`: each at its first chapter's place, or at the episode's
/// `chapters` field when it concerns the list. `count_findings` repeats a note once per
/// chapter it concerns, for a summary that counts chapters rather than episodes.
void report_episode_notes(const Episode& episode, std::span<const ChapterNote> notes,
                          RenderReport& report, bool count_findings = false);

/// Whether `code` is a platform's rule (youtube-*, apple-*): reported per episode, located,
/// because the publisher has to fix each such episode; other notes are summed up per run.
bool is_platform_rule(std::string_view code);

/// An exporter writing chapters/<slug>.<ext> in `format` for every episode with chapters: the
/// writer's bytes as they are. A format without hidden chapters writes no file for an episode
/// whose chapters are all `toc: false` (chapters-all-hidden). `rules`: the platform whose
/// rules this format's files are checked against (beyond what the writer itself reports).
class ChapterFileExporter final : public Exporter {
 public:
  ChapterFileExporter(const FormatInfo& info, ChapterFormat format,
                      std::optional<ChapterPlatform> rules = std::nullopt)
      : info_(info), format_(format), rules_(rules) {}

  const FormatInfo& info() const override { return info_; }
  bool writes_episode_files() const override { return true; }
  std::optional<std::string> render_episode_file(const RenderContext& ctx, const Episode& episode,
                                                 RenderReport& report) const override;
  /// Platform rules: every finding, at its episode. Other notes: once per code per run, at the
  /// first episode concerned, with how many episodes it concerns.
  void summarize(const RenderContext& ctx, std::span<const Finding> findings,
                 DiagnosticSink& diagnostics) const override;

 private:
  const FormatInfo& info_;
  ChapterFormat format_;
  std::optional<ChapterPlatform> rules_;
};

}  // namespace castmap
