// Conversion losses, note reporting and the shared end-time rule.
#include "src/chapters/chapter_notes.hpp"

#include "src/base/message_text.hpp"

namespace castmap {

namespace {

/// Counts one kind of loss and remembers its first chapter.
struct Tally {
  std::size_t count = 0;
  std::size_t first = 0;
  void add(std::size_t index) {
    if (count++ == 0) first = index;
  }
};

std::string chapters_text(std::size_t count) {
  return std::to_string(count) + (count == 1 ? " chapter" : " chapters");
}

void add_note(std::vector<ChapterNote>& notes, const Tally& tally, const char* code,
              std::string message) {
  if (tally.count == 0) return;
  notes.push_back(ChapterNote{Severity::note, code, std::move(message), tally.count, tally.first});
}

bool has_edge_space(std::string_view title) {
  constexpr std::string_view kSpace = " \t\r\n\f\v";
  return !title.empty() && (kSpace.find(title.front()) != std::string_view::npos ||
                            kSpace.find(title.back()) != std::string_view::npos);
}

}  // namespace

std::string quoted_title(std::string_view title) { return quote_value(title); }

void RoundedTimes::report(const std::string& path, DiagnosticSink& diagnostics) const {
  if (count_ == 0) return;
  diagnostics.note(
      {path, first_.line, first_.column}, "chapter-time-rounded",
      std::to_string(count_) + " time(s) finer than a millisecond were rounded to the millisecond");
}

bool has_own_end(const ChapterListView& view, std::size_t index) {
  const ChapterView& chapter = view.chapters[index];
  if (!chapter.end_ms || *chapter.end_ms <= chapter.start_ms) return false;
  return index + 1 == view.chapters.size() || *chapter.end_ms != view.chapters[index + 1].start_ms;
}

std::optional<std::int64_t> written_end(const ChapterListView& view, std::size_t index,
                                        std::optional<std::size_t> next) {
  if (has_own_end(view, index)) return view.chapters[index].end_ms;
  if (next) return view.chapters[*next].start_ms;
  return view.duration_ms;
}

std::vector<ChapterNote> conversion_losses(const ChapterListView& view, ChapterFormat to) {
  const FormatCapabilities can = capabilities_of(to);
  const std::string_view label = format_label(to);
  const auto written = [&](const ChapterView& c) { return c.toc || can.hidden_chapters; };
  Tally hidden, urls, images, ends, millis, titles;
  const std::size_t n = view.chapters.size();
  std::size_t next = 0;  // the next written chapter after the current one
  for (std::size_t i = 0; i < n; ++i) {
    const ChapterView& c = view.chapters[i];
    if (!written(c)) {
      hidden.add(i);
      continue;
    }
    if (c.url && !can.urls) urls.add(i);
    if (c.image && !can.images) images.add(i);
    if (!can.milliseconds && c.start_ms % 1000 != 0) millis.add(i);
    if ((!can.line_breaks && c.title.find_first_of("\r\n") != std::string_view::npos) ||
        (!can.edge_spaces && has_edge_space(c.title)))
      titles.add(i);
    if (!can.end_times && has_own_end(view, i)) {
      next = std::max(next, i + 1);
      while (next < n && !written(view.chapters[next])) ++next;
      const std::optional<std::int64_t> implied =
          next < n ? std::optional(view.chapters[next].start_ms) : view.duration_ms;
      if (implied != c.end_ms) ends.add(i);
    }
  }
  std::vector<ChapterNote> notes;
  const std::string in_label = " in " + std::string(label);
  add_note(notes, hidden, "chapters-hidden-left-out",
           chapters_text(hidden.count) + " with toc: false " + (hidden.count == 1 ? "is" : "are") +
               " left out: " + std::string(label) + " cannot mark a chapter hidden");
  add_note(notes, urls, "chapter-url-not-carried",
           "the url of " + chapters_text(urls.count) + " is not carried: " + std::string(label) +
               " has no chapter links");
  add_note(notes, images, "chapter-img-not-carried",
           "the img of " + chapters_text(images.count) + " is not carried: " + std::string(label) +
               " has no chapter images");
  add_note(notes, ends, "chapter-end-not-carried",
           "the end time of " + chapters_text(ends.count) +
               " is not carried: each chapter runs until the next one" + in_label);
  add_note(notes, millis, "chapter-millis-not-carried",
           "the start of " + chapters_text(millis.count) +
               " is cut to the whole second: " + std::string(label) + " has no milliseconds");
  add_note(notes, titles, "chapter-title-not-carried",
           "the title of " + chapters_text(titles.count) +
               " has line breaks or leading/trailing spaces, which " + std::string(label) +
               " cannot carry: written on one line, trimmed");
  const bool title_lost = view.title && !view.title->empty() && !can.title;
  const bool name_lost = view.podcast_name && !view.podcast_name->empty() && !can.podcast_name;
  if (title_lost || name_lost) {
    std::string what = title_lost && name_lost ? "the title and podcast name"
                       : title_lost            ? "the title " + quoted_title(*view.title)
                                    : "the podcast name " + quoted_title(*view.podcast_name);
    notes.push_back(ChapterNote{Severity::note, "chapters-title-not-carried",
                                what + " of the list " + (title_lost && name_lost ? "are" : "is") +
                                    " not carried" + in_label,
                                1, std::nullopt});
  }
  return notes;
}

void report_chapter_notes(std::span<const ChapterNote> notes, const ChapterList& list,
                          DiagnosticSink& diagnostics) {
  for (const ChapterNote& note : notes) {
    SourceLocation where{list.source_path, 0, 0};
    if (note.first && *note.first < list.chapters.size()) {
      const FieldPosition& at = list.chapters[*note.first].position;
      if (at.line > 0) where = {list.source_path, at.line, at.column};
    }
    diagnostics.report(Diagnostic{note.severity, std::move(where), note.message, note.code});
  }
}

}  // namespace castmap
