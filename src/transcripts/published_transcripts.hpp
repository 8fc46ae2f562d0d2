// Which transcript files an episode's transcripts beside it become (`transcripts/<slug>.<ext>`):
// the one place the `transcripts` exporter (which writes them) and the feed (which links them)
// both read, so they cannot disagree.
#pragma once

#include <string_view>
#include <vector>

#include "src/model/model.hpp"

namespace castmap {

/// The `transcripts` format's FormatInfo::media_type: how the feed finds out whether the site
/// publishes transcript files (FormatSet::with_media_type). Its files have the types below.
inline constexpr std::string_view kTranscriptFilesMediaType = "text/x-castmap-transcripts";

/// One published transcript file of an episode.
struct PublishedTranscript {
  std::string_view extension;  ///< "vtt", "srt", "json": the file is <slug>.<extension>
  std::string_view type;       ///< its media type for podcast:transcript
  const Transcript* source = nullptr;
  bool from_srt = false;  ///< a WebVTT file converted from the SubRip `source`
};

/// The files, in the order feeds list them: each transcript beside the episode as it is, then
/// WebVTT made from a SubRip one, unless a .vtt beside the episode already takes that name.
std::vector<PublishedTranscript> published_transcripts(const Episode& episode);

}  // namespace castmap
