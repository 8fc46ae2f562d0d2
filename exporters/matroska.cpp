// The matroska exporter: chapters/<slug>.mkv.xml, Matroska chapters XML for `mkvmerge --chapters`.
// Rendered by the src/chapters writer (src/chapters/matroska.hpp); on request only (not on by
// default), so that configurations that do not name it keep their outputs.
#include <memory>

#include "exporters/chapter_file_exporter.hpp"

namespace castmap {

std::unique_ptr<Exporter> make_matroska_exporter() {
  static const FormatInfo format{
      "matroska",
      "Matroska chapters XML for mkvmerge: chapters/<slug>.mkv.xml per episode with chapters",
      "application/x-matroska-chapters+xml",
      "chapters/{slug}.mkv.xml",
      nullptr,
      false};
  return std::make_unique<ChapterFileExporter>(format, ChapterFormat::matroska);
}

}  // namespace castmap
