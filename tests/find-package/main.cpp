// castmap as a library: load and check a catalog, export it into memory, convert a chapter list.
// README.md ("Use as a library") shows this file; the tests build and run it.
#include <castmap/castmap.hpp>

#include <cstdio>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s CASTMAP_YAML\n", argv[0]);
    return 2;
  }

  // Load and check the catalog a castmap.yaml names. Problems come back as values.
  const castmap::LoadResult loaded = castmap::load_from_config(argv[1]);
  for (const castmap::DiagnosticMessage& d : loaded.diagnostics)
    std::fprintf(stderr, "%s\n", d.formatted().c_str());
  if (!loaded.catalog) return 2;  // the configuration or the content folder is unusable

  // Export every format into memory. A FileSink of your own could upload the files instead;
  // castmap::export_to_folder() writes them as `castmap export` does.
  castmap::MemorySink sink;
  const castmap::ExportReport report = castmap::export_into(*loaded.catalog, sink);
  if (report.status != castmap::ExportStatus::ok &&
      report.status != castmap::ExportStatus::content_errors) {
    std::fprintf(stderr, "export failed: %s\n", report.failure.c_str());
    return 3;
  }
  std::size_t bytes = 0;
  for (const auto& [path, content] : sink.files()) bytes += content.size();
  std::printf("castmap %d.%d.%d: %zu episodes, %zu shows, %zu files (%zu bytes), %zu errors\n",
              CASTMAP_VERSION_MAJOR, CASTMAP_VERSION_MINOR, CASTMAP_VERSION_PATCH,
              loaded.catalog->episode_count(), loaded.catalog->show_count(), sink.files().size(),
              bytes, report.error_count());

  // Convert Podcast Index JSON chapters into a WebVTT chapter track for a 3-minute episode.
  castmap::ChapterOptions options;
  options.duration_ms = 180'000;
  const castmap::ChapterResult vtt = castmap::convert_chapter_file(
      R"({"version": "1.2.0", "chapters": [{"startTime": 0, "title": "Welcome"},
                                          {"startTime": 95.5, "title": "Build caches"}]})",
      castmap::ChapterFileFormat::webvtt, options);
  for (const castmap::DiagnosticMessage& d : vtt.diagnostics)
    std::fprintf(stderr, "%s\n", d.formatted().c_str());
  if (!vtt.ok()) return 1;
  std::fputs(vtt.bytes->c_str(), stdout);
  return report.ok() ? 0 : 1;
}
