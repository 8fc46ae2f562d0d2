// Remembered fragments: recalls the last run's fragments (a feed's <item>, a sitemap's <url>)
// from the old files they went into, each read whole once and only while still exactly as the
// manifest records it, and collects where this run's fragments go, for the next run's index.
// The assembler (assembly_renderer.hpp) uses it; the output writer does the file-system work.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "src/incremental/fragment_index.hpp"
#include "src/output/file_bytes.hpp"
#include "src/output/output_manifest.hpp"
#include "src/output/output_writer.hpp"

namespace castmap {

/// A fragment as the last run rendered it.
struct RecalledFragment {
  std::string_view bytes;  ///< exactly what the fragment took in its file
  std::string_view note;   ///< what was noted with it (its findings, encoded)
};

/// Where a fragment went in the file being written: bytes [offset, offset + size).
struct FragmentPlacement {
  std::uint64_t key = 0;
  std::uint64_t offset = 0;
  std::uint32_t size = 0;
  std::string note;
};

class RememberedFragments {
 public:
  /// The last run's index file, or nullopt when there is none.
  using ReadIndex = std::function<std::optional<FileBytes>()>;
  /// An old output file's bytes, or nullopt unless it is still exactly as `entry` records it.
  using ReadOldFile =
      std::function<std::optional<FileBytes>(const std::string& path, const ManifestEntry& entry)>;

  /// `previous` is the last run's manifest; it must outlive this object.
  RememberedFragments(const Manifest& previous, ReadIndex read_index, ReadOldFile read_old_file);
  /// The fragments of the output folder `folder` writes (which must outlive this object): its
  /// last run's, read through it, and this run's, saved through it by save(). While this lives,
  /// the writer checks old files bytes were copied from before it publishes (see
  /// OutputWriter::check_copied_bytes_with).
  explicit RememberedFragments(OutputWriter& folder);
  ~RememberedFragments();
  RememberedFragments(const RememberedFragments&) = delete;
  RememberedFragments& operator=(const RememberedFragments&) = delete;

  /// After the last write of the run, before the writer's finish(): lets go of the old files
  /// and writes the next run's index through the folder's writer (not after a failed write).
  /// Throws OutputIoError.
  void save();

  /// The fragment the last run placed under `key` in one of `exporter`'s files, when that file
  /// is still the one the index describes (same size and hash in the manifest) and on disk as
  /// recorded. Thread-safe.
  std::optional<RecalledFragment> recall(std::string_view exporter, std::uint64_t key);
  /// The note the last run kept with the fragment `key` of `exporter`'s file `path`, without
  /// reading the file: for a file kept as it is. Nullopt when the index does not describe that
  /// file as the manifest records it. Thread-safe.
  std::optional<std::string_view> recorded_note(std::string_view exporter, std::string_view path,
                                                std::uint64_t key);
  /// Records fragments placed in `path` this run. Thread-safe.
  void remember(std::string_view path, std::vector<FragmentPlacement> placed);
  bool any_remembered() const;
  std::size_t recalled() const { return recalled_.load(std::memory_order_relaxed); }

  /// The path of an old file fragments were recalled from that was written to since it was
  /// mapped (FileBytes::still_as_mapped), if any: what was copied from it may not be what was
  /// checked. Asked before a file holding recalled bytes replaces an output. Thread-safe.
  std::optional<std::string> old_file_written_since_read();

  /// Frees the old files' bytes (after rendering; the recalled views die with them), on a
  /// thread of its own that the returned handle joins: giving back the pages of a replaced
  /// 237 MB all.xml takes ~60 ms, which the caller spends on writing the state files instead.
  [[nodiscard]] std::jthread drop_old_files();

  /// What a file is now, after this run: its manifest entry, or null when it is not an output.
  using EntryNow = std::function<const ManifestEntry*(const std::string& path)>;
  /// The next run's index: this run's fragments, for files written or kept, and the last run's
  /// for files this run did not render that are still the files the index describes.
  FragmentIndex next_index(const EntryNow& entry_now);

 private:
  struct OldFile {
    std::once_flag read;
    std::optional<FileBytes> bytes;   ///< none: not the file the index describes, or unreadable
    std::string_view exporter;        ///< the one that wrote it (a view into the manifest)
    std::atomic<bool> mapped{false};  ///< `bytes` are read and mapped (set once, after them)
  };
  const FragmentIndex& previous_index();
  /// Checks the file against the manifest and reads it: once per file, not per fragment.
  void load_old_file(const FragmentFile& file, OldFile& old);

  OutputWriter* folder_ = nullptr;  ///< set by the folder constructor
  const Manifest& previous_manifest_;
  ReadIndex read_index_;
  ReadOldFile read_old_file_;

  std::once_flag index_read_;
  FragmentIndex previous_index_;

  /// One per file of previous_index_, in its order; made with it.
  std::unique_ptr<OldFile[]> old_files_;
  std::atomic<std::size_t> recalled_{0};

  mutable std::mutex remembered_mutex_;
  std::unordered_map<std::string, FragmentFile> remembered_;  ///< by path
};

}  // namespace castmap
