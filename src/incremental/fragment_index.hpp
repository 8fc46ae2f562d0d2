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
#include <vector>

namespace castmap {

inline constexpr std::string_view kFragmentsFileName = ".castmap-fragments";

/// One fragment: bytes [offset, offset + size) of its file, and its note.
struct FragmentPlace {
  std::uint64_t key = 0;
  std::uint64_t offset = 0;
  std::uint32_t size = 0;
  std::string_view note;
};

/// The fragments of one output file, valid only while the file has exactly this size and hash.
/// The places are kept as they are stored (about 12 bytes each): a cold run of 100,000 episodes
/// records 300,000 of them and holds them through its memory peak.
class FragmentFile {
 public:
  std::string path;
  std::uint64_t size = 0;
  std::uint64_t hash = 0;  ///< content_hash() of the file, as the manifest records it

  /// Appends a place after the last one (places come in file order); false, and nothing
  /// added, when it starts before the last one ends.
  bool add_place(std::uint64_t key, std::uint64_t offset, std::uint32_t length,
                 std::string_view note);
  std::uint64_t place_count() const { return count_; }
  /// Calls `fn` with each place in order; false when the stored places are damaged.
  bool for_each_place(const std::function<void(const FragmentPlace&)>& fn) const;

 private:
  friend class FragmentIndex;
  std::string places_;  ///< per place: key, gap since the last one's end, size, note
  std::uint64_t count_ = 0;
  std::uint64_t end_ = 0;  ///< where the last place ends
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
    FragmentPlace place;  ///< its note a view into `file`
  };
  /// The fragment recorded under `key`, if any.
  std::optional<Found> find(std::uint64_t key) const;

 private:
  std::vector<FragmentFile> files_;
  /// Every place, and an open-addressing table over them by key (keys are digests already, so
  /// their low bits index it): 200,000 lookups in a re-run, each one or two cache misses.
  std::vector<Found> places_;
  std::vector<std::uint32_t> slots_;  ///< index into places_ + 1; 0 is empty
};

}  // namespace castmap
