// The output writer's shared state, private to its files (output_writer.cpp writes,
// kept_files.cpp keeps the last run's files, state_files.cpp reads and writes castmap's own
// files, writer_finish.cpp prunes and records). Not for use outside src/output.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "src/base/unique_fd.hpp"
#include "src/output/atomic_file.hpp"
#include "src/output/output_folders.hpp"
#include "src/output/output_manifest.hpp"
#include "src/output/output_writer.hpp"

namespace castmap {

/// Throws std::invalid_argument for an empty name or one with whitespace or control characters.
void validate_exporter_name(std::string_view exporter);
/// Throws unless `existing` is a regular file or nothing: castmap never writes through a link
/// and never replaces what is not a file.
void refuse_unless_replaceable(const ExistingFile& existing);
// An exporter's bugs: a path claimed twice in one run (written or kept), or after finish().
std::logic_error emitted_twice(const std::string& path, const std::string& first,
                               const std::string& second);
std::logic_error kept_and_emitted(const std::string& path, const std::string& keeper,
                                  const std::string& exporter);
std::logic_error emitted_after_finish(const std::string& path);

/// The bytes of the open file `fd`, whose size was `size` when inspected, which messages call
/// `name`: mapped when large, else (or when it cannot be mapped) read.
std::optional<FileBytes> read_open_file(int fd, std::size_t size, std::string_view name);

/// What one emit() found and did.
struct EmittedFile {
  ChangeKind kind = ChangeKind::unchanged;
  /// What is on disk now (valid when `done`); its exporter is set from the claim on, so a
  /// file's exporter is stored once (184,000 files at scale).
  ManifestEntry entry;
  bool done = false;  ///< false while in flight or after a failure
};

struct OutputWriter::State {
  WriterOptions options;
  bool writing = true;
  UniqueFd root;         ///< invalid only in check mode when the output folder does not exist
  UniqueFd folder_lock;  // flock held until the writer is destroyed
  Manifest previous;
  /// `previous`'s entries sorted by path (as the manifest file lists them): finish() walks them
  /// in this order, so the next manifest and the summary come out sorted without sorting.
  std::vector<const Manifest::value_type*> previous_by_path;
  /// Exporters whose previous files were all kept by keep_previous_outputs(): their entries in
  /// `previous` count as emitted and unchanged (not copied into `emitted`: 184,000 of them).
  std::vector<std::string> kept_exporters;
  bool has_previous_manifest = false;
  std::int64_t previous_manifest_mtime_ns = 0;
  std::string temp_prefix;
  std::atomic<std::uint64_t> temp_counter{0};
  /// kWritingMarkerName: found when the run started, or created by this run.
  bool writing_marker_found = false;
  // Not a std::once_flag: creating the marker can throw (a read-only folder), and then a later
  // call must try again. An exception through std::call_once left it "in progress" under
  // ThreadSanitizer's pthread_once, and the next call (the manifest's) waited forever.
  std::mutex writing_marker_mutex;
  std::atomic<bool> writing_marker_created{false};
  std::unique_ptr<OutputFolders> folders;
  /// See OutputWriter::check_copied_bytes_with.
  OutputWriter::CopiedBytesCheck copied_bytes_check;

  /// How this run claimed each previous entry's path, indexed by the entry's `position`. A
  /// file kept as it is only gets its flag set (no lock, no record: 184,000 of them in a re-run
  /// after a small change); an emitted one also has its record in `emitted`.
  enum class Claim : std::uint8_t { none, kept, emitted };
  std::unique_ptr<std::atomic<Claim>[]> previous_claims;

  std::mutex files_mutex;  // guards `emitted`
  std::unordered_map<std::string, EmittedFile> emitted;
  std::atomic<bool> finished{false};

  std::mutex error_mutex;  // guards `first_error`
  std::string first_error;
  std::atomic<bool> failed{false};

  std::mutex exporters_mutex;
  std::set<std::string, std::less<>> exporters;  ///< every exporter that wrote or registered

  void read_previous_manifest();
  /// Treats a damaged manifest as missing and renames it aside (write mode), with a notice.
  void set_damaged_manifest_aside(std::string_view why);
  /// What the folder's own files said that a run should report (a damaged manifest).
  std::vector<Diagnostic> notices;
  void emit(const std::string& exporter, std::string path, std::string bytes,
            OutputTarget::Record record);
  void emit_streamed(const std::string& exporter, std::string path,
                     const OutputTarget::FileProducer& produce, OutputTarget::Record record);
  /// Records what emit() or emit_streamed() did with `path` (or the error that stopped it).
  void record_emitted(const std::string& path, OutputTarget::Record record,
                      const std::function<EmittedFile()>& settle_file);
  /// Reserves `path` for `exporter` (an exporter bug throws when it was emitted already).
  void claim(const std::string& exporter, const std::string& path);
  /// claim() with files_mutex held; returns the path's record (its exporter set).
  EmittedFile& claim_locked(const std::string& exporter, const std::string& path);
  /// Whether this run keeps the previous file `entry` as it is (kept on its own, or with all
  /// of its exporter's files).
  bool keeps(const ManifestEntry& entry) const;
  /// Whether keep_previous_outputs() kept all of `exporter`'s previous files.
  bool is_kept(const std::string& exporter) const;
  /// Whether the file the previous manifest recorded as `entry` is still on disk exactly as
  /// recorded (regular, same size and mtime) and the record is older than the manifest.
  bool still_as_recorded(const std::string& path, const ManifestEntry& entry) const;
  /// The same check for `name` in the open folder `folder_fd`.
  bool still_as_recorded_in(int folder_fd, const std::string& name,
                            const ManifestEntry& entry) const;
  const ManifestEntry* keep_if_unchanged(const std::string& exporter, const std::string& path,
                                         std::uint64_t inputs);
  EmittedFile settle(const std::string& path, std::string_view bytes, std::uint64_t hash,
                     const std::string& exporter);
  EmittedFile settle_streamed(const std::string& path, const OutputTarget::FileProducer& produce,
                              const std::string& exporter);
  bool unchanged_by_manifest(const std::string& path, const ExistingFile& existing,
                             std::size_t new_size, std::uint64_t hash) const;
  bool prune(const std::string& path);
  /// What `path` is after this run: its manifest entry (written, kept, or unchanged), or null.
  const ManifestEntry* entry_now(const std::string& path) const;
  /// An output file's bytes, when it is still on disk exactly as `entry` records it.
  std::optional<FileBytes> read_output_file(const std::string& path,
                                            const ManifestEntry& entry) const;
  void record_error(std::string message);
  std::string next_temp_name() {
    if (!writing_marker_created.load(std::memory_order_acquire)) {
      std::lock_guard lock(writing_marker_mutex);
      if (!writing_marker_created.load(std::memory_order_relaxed)) {
        create_writing_marker();
        writing_marker_created.store(true, std::memory_order_release);
      }
    }
    return temp_prefix + std::to_string(temp_counter++);
  }
  void create_writing_marker();
  /// For each previous manifest entry, in `previous_by_path` order, this run's file at the same
  /// path; null when not emitted. Empty when nothing was emitted (an unchanged re-run), so that
  /// no work is done for 184,000 entries.
  struct PreviousMatches {
    std::vector<const EmittedFile*> emitted_as;
    /// This run's paths that no previous entry has (every path on a first run), sorted.
    std::vector<const std::string*> added;
    const EmittedFile* at(std::size_t i) const {
      return emitted_as.empty() ? nullptr : emitted_as[i];
    }
  };
  /// One lookup per previous entry, in parallel: 184,000 of them on a re-run, each a cache miss
  /// or three, were the bulk of finish().
  PreviousMatches match_previous() const;
  /// The previous manifest with this run's files, kept files included (after an abort too),
  /// without the `dropped` entries (pruned, or gone already). By reference: no copy.
  std::vector<ManifestLine> next_manifest(
      const std::vector<const Manifest::value_type*>& dropped = {},
      const PreviousMatches* matches = nullptr) const;
  /// Throws PruneRefusedError, having recorded this run's files and removed nothing, when the
  /// run would remove more of the files the last run published (those `in_scope`) than
  /// options.max_remove allows: an unmounted share, a wrong layout setting or a botched
  /// checkout must not unpublish a site.
  void refuse_large_removal(const PreviousMatches& matches,
                            const std::function<bool(const ManifestEntry&)>& in_scope);
  /// Replaces the manifest file with `lines`, streamed through a temporary file.
  void write_manifest(std::vector<ManifestLine> lines);
};

}  // namespace castmap
