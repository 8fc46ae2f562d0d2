// `chapters_from: description`: an episode's chapters read out of its description's timestamp
// list, the way YouTube reads a video description (src/chapters/youtube.hpp), with positions and
// diagnostics pointing into the episode file.
#pragma once

#include <string_view>

#include "src/model/diagnostics.hpp"
#include "src/model/model.hpp"

namespace castmap {

/// Sets `episode.chapters` from its description (`bytes`: the episode file, for positions;
/// `requested_at`: where `chapters_from` is). An episode that has `chapters:` too keeps those
/// (chapters-from-ignored). Lines that look like a chapter but are unusable are reported
/// (youtube-timestamp-unusable); none found is chapters-from-empty. Positions are exact for a
/// literal block (`description: |`); for other styles they point at the description.
void read_description_chapters(Episode& episode, std::string_view bytes, FieldPosition requested_at,
                               DiagnosticSink& diagnostics);

}  // namespace castmap
