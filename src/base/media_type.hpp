// Which media types fit which file extensions, to catch a type that contradicts its URL
// (`video/mp4` for an `.m3u8` HLS playlist): apps pick a player by the type.
#pragma once

#include <string>
#include <string_view>

namespace castmap {

/// Why `type` does not fit the extension of `url`'s path ("\".m3u8\" is an HLS playlist
/// (application/x-mpegURL or application/vnd.apple.mpegurl)"), or empty when it fits, the
/// extension is not a known media one, or there is none. Letter case and type parameters
/// (`;codecs=...`) are ignored. `url` may be a URL template: only its last path segment counts.
std::string media_type_conflict(std::string_view url, std::string_view type);

}  // namespace castmap
