// Files an episode depends on besides its own: the chapter file its front matter names
// (`chapters: episode-12.json`) and transcripts beside it (same base name, .vtt, .srt, .json).
// The loader reads them into the episode and records each as an InputFile (path, stamp, hash),
// so that the parse cache and the run state notice when one changes, appears or disappears.
// Transcripts beside an episode are found in the content listing (ContentKind::companion): no
// folder is read twice, and an episode without companions costs one hash lookup.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "src/config/config.hpp"
#include "src/load/content_listing.hpp"
#include "src/model/diagnostics.hpp"
#include "src/model/model.hpp"

namespace castmap {

/// `reference` (front matter `chapters:`), relative to the folder of the episode file
/// `episode_path` (both relative to the content root), as a content-relative path; nullopt with
/// `problem` set (read after the quoted value) when it is absolute, leaves the content folder,
/// or has a part that is not a safe file name (src/base/path_safety.hpp).
std::optional<std::string> resolve_reference(std::string_view episode_path,
                                             std::string_view reference, std::string& problem);

/// The transcript media types apps read (the podcast namespace's list).
bool is_transcript_type(std::string_view type);

/// Whether a file name is a transcript beside an episode would be: `.vtt`, `.srt` or `.json`.
bool is_companion_name(std::string_view name);

/// The listed companions of each episode file, by their shared path without extension.
class CompanionIndex {
 public:
  CompanionIndex() = default;
  explicit CompanionIndex(const std::vector<ContentFile>& files);
  /// The companions beside the episode file `episode` (indices into the listing).
  std::span<const std::size_t> beside(const ContentFile& episode) const;

 private:
  std::unordered_map<std::string_view, std::vector<std::size_t>> by_stem_;
};

/// What reading companions needs.
struct CompanionFiles {
  std::filesystem::path root;            ///< the content root
  std::filesystem::path canonical_root;  ///< the same, symbolic links resolved
  const std::vector<ContentFile>* files = nullptr;
  CompanionIndex index;
  LoaderLimits limits;
};

/// Reads the chapter file `episode` names (its chapters become the episode's, positions in that
/// file) and the transcripts beside `file`, and records every file read as an input. Problems
/// are located in the file concerned; a chapter file that is missing, unreadable or unusable is
/// also an error at the episode's `chapters` key, so the episode is not exported (as for broken
/// YAML chapters).
void read_companions(Episode& episode, const ContentFile& file, const CompanionFiles& companions,
                     DiagnosticSink& diagnostics);

/// Whether a cached episode's companions are as they are now: every input it recorded still has
/// its stamp (companions: from the listing; the chapter file: one stat) and that stamp is
/// `trusted` (older than the cache), and no companion appeared beside it.
bool companions_current(const Episode& episode, const ContentFile& file,
                        const CompanionFiles& companions,
                        const std::function<bool(const FileStamp&)>& trusted);

/// The stamp of a content-relative file now (symbolic links followed; zero when missing).
FileStamp stamp_now(const std::filesystem::path& root, const std::string& relative);

}  // namespace castmap
