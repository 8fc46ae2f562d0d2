// The ffmetadata exporter: chapters/<slug>.ffmeta, ffmpeg's FFMETADATA1, ready for
// `ffmpeg -i media -i <slug>.ffmeta -map_metadata 1 -map_chapters 1 -codec copy out`.
// Rendered by the src/chapters writer (src/chapters/ffmetadata.hpp); on request only (not on by
// default), so that configurations that do not name it keep their outputs.
#include <memory>

#include "exporters/chapter_file_exporter.hpp"

namespace castmap {

std::unique_ptr<Exporter> make_ffmetadata_exporter() {
  static const FormatInfo format{
      "ffmetadata",
      "ffmpeg FFMETADATA1 chapters: chapters/<slug>.ffmeta per episode with chapters",
      "text/x-ffmetadata",
      "chapters/{slug}.ffmeta",
      nullptr,
      false};
  return std::make_unique<ChapterFileExporter>(format, ChapterFormat::ffmetadata);
}

}  // namespace castmap
