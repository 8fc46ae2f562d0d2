// mp4chaps text lines.
#include "src/chapters/mp4chaps.hpp"

#include <string>

#include "src/chapters/clock_time.hpp"
#include "src/chapters/line_titles.hpp"
#include "src/chapters/text_lines.hpp"

namespace castmap {

std::optional<ChapterList> read_mp4chaps(std::string_view bytes, std::string_view path,
                                         DiagnosticSink& diagnostics) {
  ChapterList list;
  list.source_path = std::string(path);
  RoundedTimes rounded;
  LineReader lines(bytes);
  TextLine line;
  while (lines.next(line)) {
    const std::string_view text = trim_spaces(line.text);
    if (text.empty()) continue;
    const std::size_t column = static_cast<std::size_t>(text.data() - line.text.data());
    const std::size_t gap = text.find_first_of(" \t");
    const std::string_view stamp = text.substr(0, gap);
    ChapterEntry entry;
    entry.position = line.position(column);
    entry.title =
        gap == std::string_view::npos ? std::string() : std::string(trim_spaces(text.substr(gap)));
    const auto time = parse_clock(stamp, kMp4ChapsClock);
    if (!time) {
      diagnostics.warning(
          {list.source_path, entry.position.line, entry.position.column}, "chapter-start-invalid",
          "line dropped: it does not start with a time HH:MM:SS.mmm (" + quoted_title(stamp) + ")");
      continue;
    }
    if (time->rounded) rounded.add(entry.position);
    entry.start_ms = time->milliseconds;
    list.chapters.push_back(std::move(entry));
  }
  rounded.report(list.source_path, diagnostics);
  return list;
}

RenderedChapters write_mp4chaps(const ChapterListView& view) {
  RenderedChapters rendered;
  std::string& out = rendered.bytes;
  std::size_t number = 0, untitled = 0, first_untitled = 0;
  for (std::size_t i = 0; i < view.chapters.size(); ++i) {
    const ChapterView& chapter = view.chapters[i];
    if (!chapter.toc) continue;
    ++number;
    append_clock(out, chapter.start_ms);
    out += ' ';
    if (!append_line_title(out, chapter.title)) {
      out += "Chapter " + std::to_string(number);
      if (untitled++ == 0) first_untitled = i;
    }
    out += '\n';
  }
  if (untitled > 0)
    rendered.notes.push_back({Severity::warning, "chapter-title-empty-named",
                              std::to_string(untitled) +
                                  " chapter(s) without a title are named \"Chapter N\" in mp4chaps",
                              untitled, first_untitled});
  return rendered;
}

}  // namespace castmap
