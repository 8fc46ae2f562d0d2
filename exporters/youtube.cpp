// The youtube exporter: chapters/<slug>.youtube.txt, the timestamp list to paste into a
// video description, written as YouTube accepts it; the writer reports YouTube's rules
// (youtube-*) where the episode's chapters break them.
// Rendered by the src/chapters writer (src/chapters/youtube.hpp); on request only (not on by
// default), so that configurations that do not name it keep their outputs.
#include <memory>

#include "exporters/chapter_file_exporter.hpp"

namespace castmap {

std::unique_ptr<Exporter> make_youtube_exporter() {
  static const FormatInfo format{
      "youtube",
      "YouTube description timestamps: chapters/<slug>.youtube.txt per episode with chapters",
      "text/x-youtube-chapters",
      "chapters/{slug}.youtube.txt",
      nullptr,
      false};
  return std::make_unique<ChapterFileExporter>(format, ChapterFormat::youtube);
}

}  // namespace castmap
