// The conversion pipeline: read, repair like the normalizer, note losses, check, write.
#include "src/app/chapter_conversion.hpp"

#include <map>
#include <utility>

#include "src/chapters/chapter_files.hpp"
#include "src/chapters/chapter_notes.hpp"
#include "src/chapters/platform_rules.hpp"
#include "src/chapters/webvtt.hpp"
#include "src/normalize/chapter_repair.hpp"
#include "src/normalize/field_cleaning.hpp"

namespace castmap {

namespace {

/// Whether every chapter has its own place in the file, so repaired chapters can be matched
/// back to the entries they came from (readers always give one).
bool positions_unique(const ChapterList& list) {
  std::map<std::pair<int, int>, int> seen;
  for (const ChapterEntry& entry : list.chapters)
    if (entry.position.line <= 0 || seen[{entry.position.line, entry.position.column}]++ > 0)
      return false;
  return true;
}

void clean_links(ChapterList& list, DiagnosticSink& diagnostics) {
  for (ChapterEntry& entry : list.chapters) {
    const auto where = [&] {
      return SourceLocation{list.source_path, entry.position.line, entry.position.column};
    };
    if (entry.url) clean_field(*entry.url, "chapter url", where, diagnostics);
    if (entry.image) clean_field(*entry.image, "chapter img", where, diagnostics);
  }
}

}  // namespace

void repair_chapter_list(ChapterList& list, DiagnosticSink& diagnostics) {
  if (list.chapters.empty()) return;
  clean_links(list, diagnostics);
  // Chapters are matched back by position; without real ones, line 0 and the index stand in
  // (repair_chapters then locates them at the file, not at a line).
  std::vector<FieldPosition> original;
  if (!positions_unique(list)) {
    for (std::size_t i = 0; i < list.chapters.size(); ++i) {
      original.push_back(list.chapters[i].position);
      list.chapters[i].position = {0, static_cast<int>(i) + 1};
    }
  }
  Episode episode;
  episode.source_path = list.source_path;
  if (list.duration_ms) episode.duration_seconds = to_seconds(*list.duration_ms);
  episode.chapters = to_model_chapters(list);
  DiagnosticSink repairs;
  repair_chapters(episode, repairs);
  for (Diagnostic& diagnostic : repairs.sorted())
    if (diagnostic.code != "duration-missing") diagnostics.report(std::move(diagnostic));

  std::map<std::pair<int, int>, std::size_t> by_position;
  for (std::size_t i = 0; i < list.chapters.size(); ++i)
    by_position[{list.chapters[i].position.line, list.chapters[i].position.column}] = i;
  std::vector<ChapterEntry> repaired;
  repaired.reserve(episode.chapters.size());
  for (const Chapter& chapter : episode.chapters) {
    const std::size_t from = by_position.at({chapter.position.line, chapter.position.column});
    ChapterEntry entry = std::move(list.chapters[from]);
    entry.title = chapter.title.str();
    if (!original.empty()) entry.position = original[from];
    repaired.push_back(std::move(entry));
  }
  list.chapters = std::move(repaired);
}

ConvertedChapters convert_chapters(std::string_view bytes, const std::string& path,
                                   const ChapterConversion& conversion,
                                   DiagnosticSink& diagnostics) {
  ConvertedChapters result;
  result.from = conversion.from ? conversion.from : detect_chapter_format(bytes, path);
  std::optional<ChapterList> list = read_chapter_file(bytes, path, diagnostics, conversion.from);
  if (!list) return result;
  if (conversion.duration_ms) list->duration_ms = conversion.duration_ms;
  repair_chapter_list(*list, diagnostics);
  result.chapters = list->chapters.size();
  if (list->chapters.empty())
    diagnostics.warning({path, 0, 0}, "chapter-file-empty", "the input has no usable chapter");

  std::vector<ChapterView> storage;
  const ChapterListView view = view_of(*list, storage);
  report_chapter_notes(conversion_losses(view, conversion.to), *list, diagnostics);
  for (const std::string& check : conversion.checks) {
    // The target format's own writer reports its rules; checking them again would repeat them.
    if (check == "youtube" && conversion.to != ChapterFormat::youtube)
      report_chapter_notes(check_platform_rules(view, ChapterPlatform::youtube), *list,
                           diagnostics);
    if (check == "apple")
      report_chapter_notes(check_platform_rules(view, ChapterPlatform::apple), *list, diagnostics);
    if (check == "webvtt" && conversion.to != ChapterFormat::webvtt)
      report_chapter_notes(plan_webvtt_track(view).notes, *list, diagnostics);
    // "json": the normalizer's chapter checks, reported by the repair above.
  }
  RenderedChapters rendered = write_chapter_file(view, conversion.to);
  report_chapter_notes(rendered.notes, *list, diagnostics);
  if (diagnostics.error_count() == 0) result.bytes = std::move(rendered.bytes);
  return result;
}

}  // namespace castmap
