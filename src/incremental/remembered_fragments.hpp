// This run's side of remembered fragments (OutputSink::recall_fragment): recalls the last run's
// fragments from the old files they went into, each read whole once and only while still
// exactly as the manifest records it, and collects where this run's fragments go, for the next
// run's index. The output writer owns one and does all the file-system work for it.
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

#include "exporters/exporter.hpp"
#include "src/incremental/fragment_index.hpp"
#include "src/output/file_bytes.hpp"
#include "src/output/output_manifest.hpp"

namespace castmap {

class RememberedFragments {
 public:
  /// The last run's index file, or nullopt when there is none.
  using ReadIndex = std::function<std::optional<FileBytes>()>;
  /// An old output file's bytes, or nullopt unless it is still exactly as `entry` records it.
  using ReadOldFile =
      std::function<std::optional<FileBytes>(const std::string& path, const ManifestEntry& entry)>;

  /// `previous` is the last run's manifest; it must outlive this object.
  RememberedFragments(const Manifest& previous, ReadIndex read_index, ReadOldFile read_old_file);

  /// The fragment the last run placed under `key` in one of `exporter`'s files, when that file
  /// is still the one the index describes (same size and hash in the manifest) and on disk as
  /// recorded. Thread-safe.
  std::optional<OutputSink::RecalledFragment> recall(std::string_view exporter, std::uint64_t key);
  /// Records fragments placed in `path` this run. Thread-safe.
  void remember(std::string_view path, std::vector<OutputSink::FragmentPlacement> placed);
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
