// The mp4chaps exporter: chapters/<slug>.chapters.txt, `HH:MM:SS.mmm Title` lines for mp4
// chapter tools. Checked against Apple Podcasts' chapter rules (apple-*): m4a/mp4 chapters and
// description timestamps are what Apple's players show.
// Rendered by the src/chapters writer (src/chapters/mp4chaps.hpp); on request only (not on by
// default), so that configurations that do not name it keep their outputs.
#include <memory>

#include "exporters/chapter_file_exporter.hpp"

namespace castmap {

std::unique_ptr<Exporter> make_mp4chaps_exporter() {
  static const FormatInfo format{
      "mp4chaps",
      "mp4chaps text (HH:MM:SS.mmm Title): chapters/<slug>.chapters.txt per episode with chapters",
      "text/x-mp4chaps",
      "chapters/{slug}.chapters.txt",
      nullptr,
      false};
  return std::make_unique<ChapterFileExporter>(format, ChapterFormat::mp4chaps,
                                               ChapterPlatform::apple);
}

}  // namespace castmap
