// The transcripts exporter: publishes the transcripts beside each episode (same base name, .vtt,
// .srt, .json; read by the loader) as transcripts/<slug>.<ext>, and a SubRip one also as WebVTT
// (transcripts/<slug>.vtt) so browsers can load it in a <track>. Feeds link them with
// podcast:transcript (exporters/rss.cpp). Which files: src/transcripts/published_transcripts.hpp.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "exporters/exporter.hpp"
#include "src/transcripts/published_transcripts.hpp"
#include "src/transcripts/srt.hpp"

namespace castmap {
namespace {

std::string file_path(const Episode& episode, std::string_view extension) {
  std::string path = "transcripts/";
  path += episode.slug;
  path += '.';
  path += extension;
  return path;
}

class TranscriptsExporter final : public Exporter {
 public:
  const FormatInfo& info() const override {
    static const FormatInfo format{
        "transcripts",
        "transcripts beside episodes, and WebVTT made of SubRip ones (transcripts/<slug>.<ext>)",
        kTranscriptFilesMediaType, "transcripts/{slug}.{vtt,srt,json}", &UrlTemplates::transcripts};
    return format;
  }

  bool writes_episode_files() const override { return true; }
  bool writes_named_episode_files() const override { return true; }

  std::vector<std::string> episode_file_paths(const RenderContext&,
                                              const Episode& episode) const override {
    std::vector<std::string> paths;
    if (episode.transcripts().empty()) return paths;
    for (const PublishedTranscript& file : published_transcripts(episode))
      paths.push_back(file_path(episode, file.extension));
    return paths;
  }

  std::vector<std::string> render_episode_files(const RenderContext&, const Episode& episode,
                                                RenderReport&) const override {
    std::vector<std::string> files;
    for (const PublishedTranscript& file : published_transcripts(episode)) {
      if (!file.from_srt) {
        files.push_back(file.source->text);
        continue;
      }
      // The loader read it already and reported its problems: these would repeat them.
      DiagnosticSink already_reported;
      files.push_back(
          write_webvtt_cues(read_srt(file.source->text, file.source->file, already_reported)));
    }
    return files;
  }
};

}  // namespace

std::unique_ptr<Exporter> make_transcripts_exporter() {
  return std::make_unique<TranscriptsExporter>();
}

}  // namespace castmap
