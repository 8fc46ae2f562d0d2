// Lists the files of a content root that the loader will read, applying the file-system
// policy (docs/loader.md): hidden entries skipped, symlinked folders never followed, symlinked
// files only inside the root, special files never opened.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "src/base/file_stamp.hpp"
#include "src/config/config.hpp"
#include "src/config/shard.hpp"
#include "src/model/diagnostics.hpp"

namespace castmap {

/// `companion`: a file beside an episode file that may belong to it (a transcript: `.vtt`,
/// `.srt`, `.json` in the videos folder), listed so that its stamp counts like any input's.
enum class ContentKind { episode, show, person, technology, companion };

struct ContentFile {
  ContentKind kind = ContentKind::episode;
  std::string relative;  ///< to the content root, '/' separators (diagnostics path)
  std::string id;        ///< file name without extension, or the folder name for `<id>/index.md`
  /// Taken when listed (through the folder's descriptor, no path walk): the unchanged-run
  /// check and the parse cache compare it without a second stat. A change after listing
  /// leaves an older stamp, so the next run looks at the file again.
  FileStamp stamp;
};

/// What to open for `file` under the content `root` (not stored in each ContentFile: 100,000
/// copies of the root in a large catalog).
std::string content_file_path(const std::filesystem::path& root, const ContentFile& file);

/// Lists episodes (`videos/**/*.md|mdx`), shows (`*.md|mdx`, `*/index.md|mdx`), people
/// (`*.json|md|mdx`), technologies (like shows) and companions (`videos/**/*.vtt|srt|json`)
/// under `root` per `layout`, in that order, sorted by relative path within each kind.
/// Companions are listed whatever the shard (the loader takes those beside its episodes). `root`
/// must be an existing directory. An active `shard` lists only its own episode files
/// (EpisodeFileFilter), and every other file.
std::vector<ContentFile> list_content(const std::filesystem::path& root,
                                      const ContentLayout& layout, DiagnosticSink& diagnostics,
                                      const Shard& shard = {});

}  // namespace castmap
