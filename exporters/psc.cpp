// The psc exporter: chapters/<slug>.psc.xml, Podlove Simple Chapters 1.2 as a standalone document.
// Rendered by the src/chapters writer (src/chapters/psc.hpp); on request only (not on by default),
// so that configurations that do not name it keep their outputs.
#include <memory>

#include "exporters/chapter_file_exporter.hpp"

namespace castmap {

std::unique_ptr<Exporter> make_psc_exporter() {
  static const FormatInfo format{
      "psc",
      "Podlove Simple Chapters 1.2: chapters/<slug>.psc.xml per episode with chapters",
      "application/psc+xml",
      "chapters/{slug}.psc.xml",
      nullptr,
      false};
  return std::make_unique<ChapterFileExporter>(format, ChapterFormat::psc);
}

}  // namespace castmap
