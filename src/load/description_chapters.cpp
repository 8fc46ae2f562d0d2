// Chapters from an episode's description (see description_chapters.hpp).
#include "src/load/description_chapters.hpp"

#include <string>
#include <vector>

#include "src/chapters/chapter_list.hpp"
#include "src/chapters/youtube.hpp"

namespace castmap {

namespace {

/// Maps a line of the description to its place in the episode file: one file line per
/// description line for a literal block scalar, else the description's own position.
class DescriptionLines {
 public:
  DescriptionLines(std::string_view bytes, FieldPosition value) : value_(value) {
    // The line the value starts on: a literal block has `|` there and its text below.
    std::size_t at = 0;
    for (int line = 1; line < value.line && at != std::string_view::npos; ++line) {
      at = bytes.find('\n', at);
      if (at != std::string_view::npos) ++at;
    }
    if (at == std::string_view::npos || value.column < 1) return;
    const std::size_t column = at + static_cast<std::size_t>(value.column) - 1;
    literal_ = column < bytes.size() && bytes[column] == '|';
    if (!literal_) return;
    // The indentation of every line of the block is that of its first non-empty line.
    std::size_t line_start = bytes.find('\n', column);
    while (line_start != std::string_view::npos) {
      ++line_start;
      const std::size_t end = bytes.find('\n', line_start);
      const std::string_view line =
          bytes.substr(line_start, end == std::string_view::npos ? bytes.npos : end - line_start);
      const std::size_t indent = line.find_first_not_of(' ');
      if (indent != std::string_view::npos && line[indent] != '\r') {
        indent_ = static_cast<int>(indent);
        break;
      }
      line_start = end;
    }
  }

  FieldPosition at(FieldPosition in_description) const {
    if (!literal_ || in_description.line <= 0) return value_;
    return {value_.line + in_description.line, in_description.column + indent_};
  }

 private:
  FieldPosition value_;
  bool literal_ = false;
  int indent_ = 0;
};

}  // namespace

void read_description_chapters(Episode& episode, std::string_view bytes, FieldPosition requested_at,
                               DiagnosticSink& diagnostics) {
  const SourceLocation requested{episode.source_path, requested_at.line, requested_at.column};
  const EpisodeCompanions* companions = episode.companions.get();
  if (!episode.chapters.empty() || (companions && !companions->chapters_file.empty())) {
    diagnostics.warning(requested, "chapters-from-ignored",
                        "the episode has chapters: too, which are used; chapters_from is ignored");
    return;
  }
  const auto found = episode.positions.find("description");
  if (episode.description.empty() || found == episode.positions.end()) {
    diagnostics.warning(requested, "chapters-from-empty",
                        "chapters_from: description, but the episode has no description");
    return;
  }
  const DescriptionLines lines(bytes, found->second);
  DiagnosticSink own;
  std::optional<ChapterList> list =
      read_youtube_chapters(episode.description, episode.source_path, own);
  for (Diagnostic d : own.sorted()) {
    const FieldPosition at = lines.at({d.where.line, d.where.column});
    d.where.line = at.line;
    d.where.column = at.column;
    diagnostics.report(std::move(d));
  }
  if (!list || list->chapters.empty()) {
    diagnostics.warning(requested, "chapters-from-empty",
                        "chapters_from: description, but the description has no line starting "
                        "with a timestamp (0:00 Title)");
    return;
  }
  for (ChapterEntry& entry : list->chapters) entry.position = lines.at(entry.position);
  episode.chapters = to_model_chapters(*list);
}

}  // namespace castmap
