// Where the last run's remembered fragments are: for each output file, the size and content hash
// it had when written, and for each fragment in it, the fragment's key, its place in the file
// and a short note. Kept as the state file .castmap-fragments, so that a re-run takes the bytes
// of fragments whose inputs did not change from the old files instead of rendering them again
// (OutputSink::recall_fragment; docs/output.md).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace castmap {

inline constexpr std::string_view kFragmentsFileName = ".castmap-fragments";

/// One fragment: bytes [offset, offset + size) of its file, and its note, bytes
/// [note_at, note_at + note_size) of the file's `notes`.
struct FragmentPlace {
  std::uint64_t key = 0;
  std::uint64_t offset = 0;
  std::uint32_t size = 0;
  std::uint32_t note_size = 0;
  std::uint64_t note_at = 0;
};

/// The fragments of one output file, valid only while the file has exactly this size and hash.
struct FragmentFile {
  std::string path;
  std::uint64_t size = 0;
  std::uint64_t hash = 0;  ///< content_hash() of the file, as the manifest records it
  std::vector<FragmentPlace> places;
  std::string notes;

  std::string_view note_of(const FragmentPlace& place) const {
    return std::string_view(notes).substr(place.note_at, place.note_size);
  }
};

class FragmentIndex {
 public:
  /// The index in `bytes`; empty when they are damaged, truncated or of another format (the
  /// index is a hint: an empty one only means rendering everything).
  static FragmentIndex decode(std::string_view bytes);
  /// Writes the index in pieces through `sink`, with a trailing checksum.
  void encode(const std::function<void(std::string_view)>& sink) const;

  void add(FragmentFile file) { files_.push_back(std::move(file)); }
  const std::vector<FragmentFile>& files() const { return files_; }
  bool empty() const { return files_.empty(); }

  /// Makes find() work; call once, after the last add().
  void build_lookup();
  struct Found {
    const FragmentFile* file = nullptr;
    const FragmentPlace* place = nullptr;
  };
  /// The fragment recorded under `key`, if any.
  std::optional<Found> find(std::uint64_t key) const;

 private:
  std::vector<FragmentFile> files_;
  /// key -> (file, place) indices.
  std::unordered_map<std::uint64_t, std::pair<std::uint32_t, std::uint32_t>> by_key_;
};

}  // namespace castmap
