// The transcript files of an episode (see published_transcripts.hpp).
#include "src/transcripts/published_transcripts.hpp"

#include <algorithm>

namespace castmap {

namespace {

bool taken(const std::vector<PublishedTranscript>& files, std::string_view extension) {
  return std::any_of(files.begin(), files.end(),
                     [&](const PublishedTranscript& file) { return file.extension == extension; });
}

}  // namespace

std::vector<PublishedTranscript> published_transcripts(const Episode& episode) {
  std::vector<PublishedTranscript> files;
  const std::span<const Transcript> transcripts = episode.transcripts();
  for (const Transcript& transcript : transcripts) {
    if (!transcript.beside() || taken(files, transcript.extension())) continue;
    files.push_back({transcript.extension(), transcript.type, &transcript, false});
  }
  for (const Transcript& transcript : transcripts) {
    if (!transcript.beside() || transcript.extension() != "srt" || taken(files, "vtt")) continue;
    files.push_back({"vtt", "text/vtt", &transcript, true});
  }
  return files;
}

}  // namespace castmap
