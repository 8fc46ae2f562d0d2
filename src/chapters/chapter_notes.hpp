// What writing a chapter list decided (a cue left out, an end estimated, a rule repaired) and
// what a target format cannot carry, as notes with a diagnostic code: writers do not report
// diagnostics themselves, so an exporter can sum them up over a run (one line per kind, as the
// WebVTT exporter does) and a one-file conversion can print them at the chapters concerned.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "src/chapters/chapter_format.hpp"
#include "src/chapters/chapter_list.hpp"
#include "src/model/diagnostics.hpp"

namespace castmap {

/// One kind of decision, for one list. Codes are documented in docs/diagnostics.md.
struct ChapterNote {
  Severity severity = Severity::note;
  std::string code;
  std::string message;    ///< says what happened to this list, and how often
  std::size_t count = 1;  ///< how many chapters it concerns
  /// The first chapter concerned, an index into the written view (= the list's chapters);
  /// nullopt when it concerns the list as a whole.
  std::optional<std::size_t> first;

  bool operator==(const ChapterNote&) const = default;
};

/// A writer's result: the file's bytes and what writing them decided.
struct RenderedChapters {
  std::string bytes;
  std::vector<ChapterNote> notes;
};

/// What `view` holds that `to` cannot carry, one note per kind (never per chapter):
/// chapters-hidden-left-out, chapter-url-not-carried, chapter-img-not-carried,
/// chapter-end-not-carried (only ends that differ from "until the next chapter"),
/// chapter-millis-not-carried, chapter-title-not-carried (line breaks, edge spaces),
/// chapters-title-not-carried (the list's title or podcast name).
std::vector<ChapterNote> conversion_losses(const ChapterListView& view, ChapterFormat to);

/// Reports `notes` for `list` (whose chapters the notes' indexes refer to): each at its first
/// chapter's position in list.source_path, or at the file as a whole.
void report_chapter_notes(std::span<const ChapterNote> notes, const ChapterList& list,
                          DiagnosticSink& diagnostics);

/// Whether chapter `index` has an end of its own: one after its start that is not just the
/// start of the chapter after it in the list (what JSON chapters files and WebVTT cues spell
/// out for every chapter), so it says more than "until the next chapter".
bool has_own_end(const ChapterListView& view, std::size_t index);

/// The end a format with end times gives chapter `index` when `next` is the next chapter it
/// writes (nullopt: none): its own end (has_own_end), else the next start, else the list's
/// duration; nullopt when none is known.
std::optional<std::int64_t> written_end(const ChapterListView& view, std::size_t index,
                                        std::optional<std::size_t> next);

/// What a reader rounded to the millisecond, reported once per file (chapter-time-rounded).
class RoundedTimes {
 public:
  void add(FieldPosition at) {
    if (count_++ == 0) first_ = at;
  }
  void report(const std::string& path, DiagnosticSink& diagnostics) const;

 private:
  std::size_t count_ = 0;
  FieldPosition first_;
};

/// `"title"` for a message (quote_value, cut to 80 characters).
std::string quoted_title(std::string_view title);

}  // namespace castmap
