// The table of media file extensions and the media types each may carry (IANA registrations and
// the types Apple and the Podcasting 2.0 namespace list), and the check against it.
#include "src/base/media_type.hpp"

#include <array>
#include <initializer_list>

namespace castmap {

namespace {

struct ExtensionTypes {
  std::string_view extension;  ///< lower case, without the dot
  std::string_view what;       ///< for messages
  std::initializer_list<std::string_view> types;
};

const std::array<ExtensionTypes, 17>& extension_table() {
  static const std::array<ExtensionTypes, 17> table = {{
      {"mp3", "an MP3 file", {"audio/mpeg", "audio/mp3"}},
      {"m4a", "an MPEG-4 audio file", {"audio/mp4", "audio/x-m4a", "audio/aac", "audio/m4a"}},
      {"aac", "an AAC file", {"audio/aac", "audio/aacp", "audio/x-aac"}},
      {"mp4", "an MPEG-4 file", {"video/mp4", "audio/mp4", "audio/x-m4a"}},
      {"m4v", "an MPEG-4 video file", {"video/x-m4v", "video/mp4"}},
      {"mov", "a QuickTime file", {"video/quicktime"}},
      {"ogg", "an Ogg file", {"audio/ogg", "video/ogg", "application/ogg", "audio/vorbis"}},
      {"oga", "an Ogg audio file", {"audio/ogg", "audio/vorbis"}},
      {"opus", "an Opus file", {"audio/opus", "audio/ogg"}},
      {"webm", "a WebM file", {"video/webm", "audio/webm"}},
      {"flac", "a FLAC file", {"audio/flac", "audio/x-flac"}},
      {"wav", "a WAVE file", {"audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave"}},
      {"m3u8",
       "an HLS playlist",
       {"application/x-mpegurl", "application/vnd.apple.mpegurl", "audio/mpegurl",
        "audio/x-mpegurl"}},
      {"mpd", "a DASH manifest", {"application/dash+xml"}},
      {"pdf", "a PDF file", {"application/pdf"}},
      {"torrent", "a torrent file", {"application/x-bittorrent"}},
      {"mkv", "a Matroska file", {"video/x-matroska", "video/matroska", "audio/x-matroska"}},
  }};
  return table;
}

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

/// The last path segment's extension, lower case: query and fragment cut first.
std::string extension_of(std::string_view url) {
  url = url.substr(0, url.find_first_of("?#"));
  if (const std::size_t scheme = url.find("://"); scheme != std::string_view::npos)
    url.remove_prefix(scheme + 3);
  const std::size_t slash = url.rfind('/');
  if (slash == std::string_view::npos) return {};  // a bare host has no file name
  const std::string_view name = url.substr(slash + 1);
  const std::size_t dot = name.rfind('.');
  if (dot == std::string_view::npos) return {};
  return lower_ascii(name.substr(dot + 1));
}

}  // namespace

std::string media_type_conflict(std::string_view url, std::string_view type) {
  const std::string extension = extension_of(url);
  if (extension.empty()) return {};
  std::string essence = lower_ascii(type.substr(0, type.find(';')));
  while (!essence.empty() && (essence.back() == ' ' || essence.back() == '\t')) essence.pop_back();
  for (const ExtensionTypes& entry : extension_table()) {
    if (entry.extension != extension) continue;
    std::string listed;
    for (std::string_view fitting : entry.types) {
      if (essence == fitting) return {};
      listed += (listed.empty() ? "" : ", ") + std::string(fitting);
    }
    return "\"." + extension + "\" is " + std::string(entry.what) + " (" + listed + ")";
  }
  return {};
}

}  // namespace castmap
