// The output writer: the only code that writes to the output folder. Atomic (temp file +
// rename), incremental (unchanged bytes are not rewritten), pruning (files a previous run wrote
// and this run did not are removed, via a manifest), locked (one run per folder), and able to
// only report what it would do (--check / --dry-run).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "src/base/share_limit.hpp"
#include "src/model/diagnostics.hpp"
#include "src/output/file_bytes.hpp"
#include "src/output/output_errors.hpp"
#include "src/output/output_manifest.hpp"
#include "src/output/output_target.hpp"

namespace castmap {

enum class WriteMode {
  write,  ///< normal run
  check,  ///< compute and compare, write nothing (--check / --dry-run)
};

struct WriterOptions {
  std::filesystem::path output_dir;
  WriteMode mode = WriteMode::write;
  bool durable = false;    ///< fsync files and folders (--durable)
  bool wait_lock = false;  ///< wait for another run's lock instead of failing (--wait-lock)
  /// false: on destruction the lock is released and the marker removed as always, but the
  /// run's tables (manifest, emitted files) are left for the process exit to reclaim. Only for
  /// a process that exits right after (the CLI); see src/process_exit.hpp.
  bool reclaim_memory = true;
  /// How many of the files the last run published (in the prune scope) one run may remove;
  /// finish() refuses more, removing nothing (PruneRefusedError). Removing up to
  /// kAlwaysAllowedRemovals files is never refused. nullopt: no limit (--allow-large-prune).
  std::optional<ShareLimit> max_remove = ShareLimit{};
};

/// A run may always remove this many files, whatever max_remove says (a small catalog deleting
/// one episode removes a few files, which can be a large share of it).
inline constexpr std::uint64_t kAlwaysAllowedRemovals = 10;

/// Whether removing `removed` of the `published` files is within `max_remove` (none: no limit).
bool removal_allowed(std::uint64_t removed, std::uint64_t published,
                     const std::optional<ShareLimit>& max_remove);
/// The message of a refused removal (PruneRefusedError): the numbers, the likely reasons, what
/// happened (`wrote`: the run's files were written) and how to accept it once.
std::string removal_refused_message(std::uint64_t removed, std::uint64_t published,
                                    const ShareLimit& max_remove, bool wrote);

enum class ChangeKind { created, changed, unchanged, removed };

struct FileChange {
  std::string path;  ///< relative to the output folder
  ChangeKind kind;
  std::string exporter;  ///< which exporter produced (or had produced) it
};

/// Per-exporter counts for the run report.
struct ChangeCounts {
  std::size_t created = 0, changed = 0, unchanged = 0, removed = 0;
};

struct WriteSummary {
  std::vector<FileChange> changes;  ///< sorted by path; unchanged files included
  std::map<std::string, ChangeCounts> per_exporter;
  bool up_to_date() const;  ///< nothing created, changed or removed
};

class OutputWriter final : public OutputTarget {
 public:
  /// Creates the folder if needed (write mode), takes the lock, reads the previous manifest and
  /// removes temporary files a killed run left behind. Throws OutputLockedError/OutputIoError.
  explicit OutputWriter(WriterOptions options);
  ~OutputWriter() override;  ///< releases the lock
  OutputWriter(const OutputWriter&) = delete;
  OutputWriter& operator=(const OutputWriter&) = delete;

  /// Writes (or, when the bytes are the same, leaves) one file, tagged with its exporter, and
  /// records `record` with it in the next manifest. Thread-safe. Paths must be relative,
  /// '/'-separated, without `..`, empty or absolute components; a bad path throws
  /// std::invalid_argument and writing a path twice throws std::logic_error (exporter bugs, not
  /// user input). I/O failures do not throw from here: the first one is remembered and rethrown
  /// by finish(), and later writes are ignored (see docs/output.md).
  void write(std::string_view exporter, std::string path, std::string bytes,
             Record record) override;
  /// write() for bytes that arrive in pieces: hashed, compared and written as they come.
  void write_streamed(std::string_view exporter, std::string path, const FileProducer& produce,
                      Record record) override;
  /// Counts `exporter` in the summary even when it writes nothing.
  void register_exporter(std::string_view exporter);

  /// Keeps `path` as the last run left it when that run wrote it for `exporter` from the same
  /// `inputs` (non-zero) and it is still on disk exactly as recorded (size and mtime, not racily
  /// clean): returns its previous manifest entry (its note says what rendering it reported).
  /// Returns null, and records nothing, when the file must be rendered. Thread-safe.
  const ManifestEntry* keep_if_unchanged(std::string_view exporter, const std::string& path,
                                         std::uint64_t inputs);
  /// The last run's manifest (empty on a first run). Valid while the writer lives.
  const Manifest& previous_manifest() const;
  /// An output file's bytes, when it is still on disk exactly as the last run's `entry`
  /// records it (large files mapped).
  std::optional<FileBytes> read_output_file(const std::string& path,
                                            const ManifestEntry& entry) const;
  /// What `path` is after this run's writes (written, kept, or unchanged): its manifest entry,
  /// or null. Call after the last write, before finish().
  const ManifestEntry* entry_now(const std::string& path) const;
  /// Asked before a file made with bytes copied from old outputs replaces an output: returns the
  /// path of an old file that was written to since it was read (then the copy may not be what
  /// was checked, and the run fails rather than publish it), or nullopt.
  using CopiedBytesCheck = std::function<std::optional<std::string>()>;
  void check_copied_bytes_with(CopiedBytesCheck check);
  /// Whether a write failed (finish() will throw its error).
  bool failed() const;
  /// What the folder's own files gave reason to report, e.g. a damaged manifest that this run
  /// set aside (code manifest-damaged). Taken once.
  std::vector<Diagnostic> take_notices();

  /// Incremental re-runs: marks every file the previous run's manifest lists for `exporters` as
  /// produced again and unchanged, without rendering it, but only when every one of them is
  /// still on disk exactly as recorded (size and mtime, and not racily clean). All or nothing:
  /// returns false and records nothing when any file is missing or was touched. Call it before
  /// the exporters start: their emits read what it decided without taking a lock.
  bool keep_previous_outputs(const std::vector<std::string>& exporters);

  /// castmap's own state files in the output folder (parse cache, run state). `name` is a plain
  /// file name starting with ".castmap-". Reading returns nullopt when absent or unreadable;
  /// a large file is mapped (FileBytes), not copied.
  /// `mtime_ns`, when given, receives the file's modification time.
  std::optional<FileBytes> read_state_file(std::string_view name,
                                           std::int64_t* mtime_ns = nullptr) const;
  /// Replaces a state file atomically with the chunks `produce` hands to its callback (streamed,
  /// so a large cache is never held in memory whole). Does nothing in check mode.
  void write_state_file(
      std::string_view name,
      const std::function<void(const std::function<void(std::string_view)>&)>& produce);
  /// Removes a state file, if there is one. Does nothing in check mode.
  void remove_state_file(std::string_view name);

  /// Prunes what the previous run wrote and this run did not, writes the new manifest and
  /// returns what happened. Call once, after every exporter has finished. If `prune_exporters`
  /// is non-empty, only files of those exporters are pruned (an --only run must not delete the
  /// other formats' files). Throws OutputIoError with the run's first I/O error (files finished
  /// before it stay valid and are recorded; nothing is pruned).
  WriteSummary finish(const std::vector<std::string>& prune_exporters = {});

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace castmap
