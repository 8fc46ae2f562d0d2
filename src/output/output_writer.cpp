// OutputWriter: ties together the lock, the manifest, safe folder access and atomic file
// replacement. Emits run concurrently; only the bookkeeping maps are mutex-protected, hashing
// and all file I/O happen outside the locks.
#include "src/output/output_writer.hpp"

#include "src/base/parallel.hpp"
#include "src/base/progress_counters.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <random>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "src/base/content_hash.hpp"
#include "src/base/process_tricks.hpp"
#include "src/base/unique_fd.hpp"
#include "src/output/atomic_file.hpp"
#include "src/output/output_folders.hpp"
#include "src/output/output_lock.hpp"
#include "src/output/output_manifest.hpp"
#include "src/output/output_path.hpp"

namespace castmap {

bool WriteSummary::up_to_date() const {
  return std::all_of(changes.begin(), changes.end(),
                     [](const FileChange& change) { return change.kind == ChangeKind::unchanged; });
}

namespace {

/// Faults the untouched memory [data, data + size) in with one system call rather than 75,000
/// page faults, one per 4 KB page, for a 300 MB file (reading the 100,000-episode cache: 0.27-0.29
/// s -> 0.21-0.24 s). Only a hint (ignored by kernels before 5.14).
void fault_in(char* data, std::size_t size) {
  const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  const auto begin = reinterpret_cast<std::uintptr_t>(data);
  const std::uintptr_t first = (begin + page - 1) & ~(page - 1);
  const std::uintptr_t last = (begin + size) & ~(page - 1);
  if (last > first) ::madvise(reinterpret_cast<void*>(first), last - first, MADV_POPULATE_WRITE);
}

/// Files this large are mapped rather than read (FileBytes::map); smaller ones are not worth a
/// mapping and a guard slot.
constexpr std::size_t kMapFilesFrom = std::size_t{1} << 20;

/// The bytes of the open file `fd`, whose size was `size` when inspected, which messages call
/// `name`: mapped when large, else (or when it cannot be mapped) read.
std::optional<FileBytes> read_open_file(int fd, std::size_t size, std::string_view name) {
  if (size >= kMapFilesFrom)
    if (std::optional<FileBytes> mapped = FileBytes::map(fd, size, name)) return mapped;
  // Read straight into the result (300 MB for a 100,000-episode cache), in 32 MB slices on all
  // cores (the copy out of the page cache is the cost). A short slice means the file changed
  // since the fstat: then it is read again from the start, one piece after another, growing the
  // result as needed.
  std::string bytes;
  bytes.reserve(size);
  fault_in(bytes.data(), size);
  bytes.resize(size);
  constexpr std::size_t kSliceBytes = std::size_t{32} << 20;
  std::atomic<bool> whole{true};
  parallel_for((size + kSliceBytes - 1) / kSliceBytes, [&](std::size_t slice) {
    const std::size_t start = slice * kSliceBytes, end = std::min(size, start + kSliceBytes);
    for (std::size_t at = start; at < end && whole.load(std::memory_order_relaxed);) {
      const ssize_t got = ::pread(fd, bytes.data() + at, end - at, static_cast<off_t>(at));
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) whole.store(false);
      at += got > 0 ? static_cast<std::size_t>(got) : 0;
    }
  });
  char probe = 0;
  if (whole.load() && ::pread(fd, &probe, 1, static_cast<off_t>(size)) == 0)
    return FileBytes(std::move(bytes));
  std::size_t filled = 0;
  bytes.resize(size + 1);
  while (true) {
    if (filled == bytes.size()) bytes.resize(bytes.size() * 2);
    ssize_t got =
        ::pread(fd, bytes.data() + filled, bytes.size() - filled, static_cast<off_t>(filled));
    if (got < 0) {
      if (errno == EINTR) continue;
      return std::nullopt;
    }
    if (got == 0) break;
    filled += static_cast<std::size_t>(got);
  }
  bytes.resize(filled);
  return FileBytes(std::move(bytes));
}

/// Unique per run, so a run can tell its own temporary files from a killed run's (containers
/// often reuse the same pid, hence the random part).
std::string make_temp_prefix() {
  std::random_device random;
  char token[40];
  std::snprintf(token, sizeof token, "%ld-%08x-", static_cast<long>(::getpid()),
                static_cast<unsigned>(random()));
  return std::string(kTempFilePrefix) + token;
}

void validate_exporter_name(std::string_view exporter) {
  bool bad = exporter.empty();
  for (char c : exporter) bad = bad || static_cast<unsigned char>(c) <= 0x20 || c == 0x7f;
  if (bad) {
    throw std::invalid_argument("invalid exporter name '" + std::string(exporter) +
                                "': empty or contains whitespace or control characters");
  }
}

/// Throws unless `existing` is a regular file or nothing: castmap never writes through a link
/// and never replaces what is not a file.
void refuse_unless_replaceable(const ExistingFile& existing) {
  if (existing.kind == ExistingFile::Kind::symlink)
    throw OutputIoError("it is a symbolic link (castmap never replaces links)");
  if (existing.kind == ExistingFile::Kind::other)
    throw OutputIoError("something that is not a regular file is in the way");
}

// An exporter's bugs: a path claimed twice in one run (written or kept), or after finish().
std::logic_error emitted_twice(const std::string& path, const std::string& first,
                               const std::string& second) {
  return std::logic_error("output file '" + path + "' emitted twice (by '" + first + "' and '" +
                          second + "')");
}
std::logic_error kept_and_emitted(const std::string& path, const std::string& keeper,
                                  const std::string& exporter) {
  return std::logic_error("output file '" + path + "' emitted twice (kept for '" + keeper +
                          "', emitted by '" + exporter + "')");
}
std::logic_error emitted_after_finish(const std::string& path) {
  return std::logic_error("output file '" + path + "' emitted after finish()");
}

}  // namespace

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
  /// Replaces the manifest file with `lines`, streamed through a temporary file.
  void write_manifest(std::vector<ManifestLine> lines);
};

OutputWriter::OutputWriter(WriterOptions options) : state_(std::make_unique<State>()) {
  State& state = *state_;
  state.options = std::move(options);
  state.writing = state.options.mode == WriteMode::write;
  const std::filesystem::path& folder = state.options.output_dir;
  if (folder.empty()) throw OutputIoError("no output folder given");
  if (state.writing) {
    std::error_code error;
    std::filesystem::create_directories(folder, error);
    if (error) {
      throw OutputIoError("cannot create output folder '" + folder.string() +
                          "': " + error.message());
    }
  }
  // The root itself may be a symbolic link (a web root often is): the user chose it.
  state.root.reset(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!state.root.valid()) {
    if (!state.writing && errno == ENOENT) return;  // check mode: every file would be created
    throw OutputIoError("cannot open output folder '" + folder.string() +
                        "': " + std::strerror(errno));
  }
  state.folder_lock = lock_output_folder(state.root.get(), folder,
                                         state.writing ? LockKind::exclusive : LockKind::shared,
                                         state.options.wait_lock);
  state.temp_prefix = make_temp_prefix();
  state.read_previous_manifest();
  struct stat marker {};
  state.writing_marker_found = ::fstatat(state.root.get(), std::string(kWritingMarkerName).c_str(),
                                         &marker, AT_SYMLINK_NOFOLLOW) == 0;
  // Without a manifest, the folder may hold files of a run that never got to write one.
  const bool sweep = state.writing_marker_found || !state.has_previous_manifest;
  state.folders =
      std::make_unique<OutputFolders>(state.root.get(), state.writing, state.temp_prefix, sweep);

  if (state.writing && sweep) {
    // Opening a folder sweeps it of a killed run's temporary files. Only the root and the
    // folders the previous run wrote to are visited now (no tree walk); any other folder is
    // swept when this run first writes into it.
    std::unordered_set<std::string_view> known_folders{""};
    for (const auto& item : state.previous)
      known_folders.insert(split_output_path(item.first).folder);
    for (std::string_view known : known_folders) {
      try {
        state.folders->open(known, false);
      } catch (const OutputIoError&) {
        // Reported by the emit or prune that actually needs the folder.
      }
    }
  }
}

OutputWriter::~OutputWriter() {
  State& state = *state_;
  // Every temporary file of a run that got here was renamed or removed (a sweep at the start
  // removed a killed run's), unless a write failed: then the next run sweeps again.
  if (state.writing && state.root.valid() && state.finished && !state.failed.load() &&
      (state.writing_marker_found || state.temp_counter.load() > 0))
    ::unlinkat(state.root.get(), std::string(kWritingMarkerName).c_str(), 0);
  // finish() was not reached (an exporter threw): still record the files this run replaced or
  // created, so that a later run can prune them. Best effort; the lock is released regardless.
  if (state.writing && state.root.valid() && !state.finished && !state.emitted.empty()) {
    try {
      state.write_manifest(state.next_manifest());
    } catch (...) {
    }
  }
  if (!state.options.reclaim_memory) {
    // The next run may start the moment this one exits: the lock goes now, the tables later.
    state.folder_lock.reset();
    state.root.reset();
    retain_until_exit(std::shared_ptr<State>(state_.release()));
  }
}

void OutputWriter::register_exporter(std::string_view exporter) {
  validate_exporter_name(exporter);
  State& state = *state_;
  std::lock_guard lock(state.exporters_mutex);
  if (state.exporters.find(exporter) == state.exporters.end()) state.exporters.emplace(exporter);
}

void OutputWriter::write(std::string_view exporter, std::string path, std::string bytes,
                         Record record) {
  register_exporter(exporter);
  state_->emit(std::string(exporter), std::move(path), std::move(bytes), std::move(record));
  progress().outputs_done.fetch_add(1, std::memory_order_relaxed);
}

void OutputWriter::write_streamed(std::string_view exporter, std::string path,
                                  const FileProducer& produce, Record record) {
  register_exporter(exporter);
  state_->emit_streamed(std::string(exporter), std::move(path), produce, std::move(record));
  progress().outputs_done.fetch_add(1, std::memory_order_relaxed);
}

const ManifestEntry* OutputWriter::keep_if_unchanged(std::string_view exporter,
                                                     const std::string& path,
                                                     std::uint64_t inputs) {
  register_exporter(exporter);
  const ManifestEntry* kept = state_->keep_if_unchanged(std::string(exporter), path, inputs);
  if (kept) progress().outputs_done.fetch_add(1, std::memory_order_relaxed);
  return kept;
}

const Manifest& OutputWriter::previous_manifest() const { return state_->previous; }

std::optional<FileBytes> OutputWriter::read_output_file(const std::string& path,
                                                        const ManifestEntry& entry) const {
  return state_->read_output_file(path, entry);
}

const ManifestEntry* OutputWriter::entry_now(const std::string& path) const {
  return state_->entry_now(path);
}

bool OutputWriter::failed() const { return state_->failed.load(); }

void OutputWriter::check_copied_bytes_with(CopiedBytesCheck check) {
  state_->copied_bytes_check = std::move(check);
}

void OutputWriter::State::read_previous_manifest() {
  const std::string name(kManifestFileName);
  const std::string shown = (options.output_dir / name).string();
  UniqueFd fd(::openat(root.get(), name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd.valid()) {
    if (errno == ENOENT) return;
    throw OutputIoError("cannot read manifest '" + shown + "': " + std::strerror(errno));
  }
  struct stat status {};
  if (::fstat(fd.get(), &status) != 0) {
    throw OutputIoError("cannot read manifest '" + shown + "': " + std::strerror(errno));
  }
  previous_manifest_mtime_ns = mtime_ns_of(status);
  std::string text(static_cast<std::size_t>(status.st_size), '\0');
  std::size_t filled = 0;
  while (true) {
    if (filled == text.size()) text.resize(text.size() + 4096);
    ssize_t got = ::read(fd.get(), text.data() + filled, text.size() - filled);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      throw OutputIoError("cannot read manifest '" + shown + "': " + std::strerror(errno));
    }
    if (got == 0) break;
    filled += static_cast<std::size_t>(got);
  }
  text.resize(filled);
  try {
    previous = parse_manifest(text, &previous_by_path);
    previous_claims = std::make_unique<std::atomic<Claim>[]>(previous_by_path.size());
  } catch (const ManifestFormatError& error) {
    throw OutputIoError("manifest '" + shown + "' is damaged (" + error.what() +
                        "); delete it to start over (castmap then cannot prune the files it "
                        "listed)");
  }
  has_previous_manifest = true;
  // A re-run may write again every file the last one wrote (a changed configuration): the table
  // of this run's files (184,000 at scale) is not rehashed while the exporters fill it.
  emitted.reserve(previous.size());
}

void OutputWriter::State::create_writing_marker() {
  if (!writing || !root.valid()) return;
  UniqueFd marker(::openat(root.get(), std::string(kWritingMarkerName).c_str(),
                           O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644));
  // The bare reason: the caller names the file it was about to write.
  if (!marker.valid() || (options.durable && ::fsync(root.get()) != 0))
    throw OutputIoError(std::strerror(errno));
}

void OutputWriter::State::claim(const std::string& exporter, const std::string& path) {
  std::lock_guard lock(files_mutex);
  claim_locked(exporter, path);
}

EmittedFile& OutputWriter::State::claim_locked(const std::string& exporter,
                                               const std::string& path) {
  if (finished.load()) throw emitted_after_finish(path);
  auto [slot, inserted] = emitted.try_emplace(path);
  if (!inserted) throw emitted_twice(path, slot->second.entry.exporter, exporter);
  slot->second.entry.exporter = exporter;
  auto known = previous.find(path);
  if (known == previous.end()) return slot->second;
  const ManifestEntry& before = known->second;
  // Claimed here under the lock, so that keep_if_unchanged(), which claims without it, finds
  // this path's record whenever it finds the flag.
  Claim claimed = Claim::none;
  const bool kept =
      is_kept(before.exporter) ||
      !previous_claims[before.position].compare_exchange_strong(claimed, Claim::emitted);
  if (kept) {
    emitted.erase(slot);
    throw kept_and_emitted(path, before.exporter, exporter);
  }
  return slot->second;
}

bool OutputWriter::State::keeps(const ManifestEntry& entry) const {
  return previous_claims[entry.position].load(std::memory_order_relaxed) == Claim::kept ||
         is_kept(entry.exporter);
}

bool OutputWriter::State::is_kept(const std::string& exporter) const {
  return std::find(kept_exporters.begin(), kept_exporters.end(), exporter) != kept_exporters.end();
}

void OutputWriter::State::emit(const std::string& exporter, std::string path, std::string bytes,
                               OutputTarget::Record record) {
  validate_output_path(path);
  if (failed.load()) return;  // the run is already lost; let the exporters wind down quickly
  const std::uint64_t hash = content_hash(bytes);
  claim(exporter, path);
  record_emitted(path, std::move(record), [&] { return settle(path, bytes, hash, exporter); });
}

void OutputWriter::State::emit_streamed(const std::string& exporter, std::string path,
                                        const OutputTarget::FileProducer& produce,
                                        OutputTarget::Record record) {
  validate_output_path(path);
  if (failed.load()) return;
  claim(exporter, path);
  record_emitted(path, std::move(record), [&] { return settle_streamed(path, produce, exporter); });
}

void OutputWriter::State::record_emitted(const std::string& path, OutputTarget::Record record,
                                         const std::function<EmittedFile()>& settle_file) {
  EmittedFile result;
  try {
    result = settle_file();
  } catch (const OutputIoError& error) {
    record_error("cannot write '" + path + "': " + error.what());
    return;
  }
  if (record.note.find_first_of("\t\n") != std::string::npos)
    throw std::invalid_argument("the note of '" + path + "' holds a TAB or newline");
  result.entry.inputs = record.inputs;
  result.entry.note = std::move(record.note);
  std::lock_guard lock(files_mutex);
  emitted[path] = std::move(result);
}

const ManifestEntry* OutputWriter::State::keep_if_unchanged(const std::string& exporter,
                                                            const std::string& path,
                                                            std::uint64_t inputs) {
  if (inputs == 0 || !root.valid()) return nullptr;
  auto known = previous.find(path);
  if (known == previous.end()) return nullptr;
  const ManifestEntry& entry = known->second;
  if (entry.inputs != inputs || entry.exporter != exporter) return nullptr;
  validate_output_path(path);
  // Not as recorded: rendering and writing it reports any real problem properly.
  if (!still_as_recorded(path, entry)) return nullptr;
  if (finished.load()) throw emitted_after_finish(path);
  if (is_kept(exporter)) throw kept_and_emitted(path, exporter, exporter);
  Claim before = Claim::none;
  if (!previous_claims[entry.position].compare_exchange_strong(before, Claim::kept)) {
    // Kept first: by this same exporter, the only one that may keep the path (its previous
    // entry's). Written first: the record under the lock names the writer.
    std::string first = exporter;
    if (before == Claim::emitted) {
      std::lock_guard lock(files_mutex);
      first = emitted.at(path).entry.exporter;
    }
    throw emitted_twice(path, first, exporter);
  }
  return &entry;
}

bool OutputWriter::State::still_as_recorded(const std::string& path,
                                            const ManifestEntry& entry) const {
  try {
    const OutputPathParts parts = split_output_path(path);
    OutputFolders::Handle folder = folders->open(parts.folder, false);
    return folder.exists() && still_as_recorded_in(folder.fd, std::string(parts.name), entry);
  } catch (const OutputIoError&) {
    return false;
  }
}

bool OutputWriter::State::still_as_recorded_in(int folder_fd, const std::string& name,
                                               const ManifestEntry& entry) const {
  // An entry as new as the manifest may have changed within the same clock tick.
  if (entry.mtime_ns >= previous_manifest_mtime_ns) return false;
  try {
    const ExistingFile existing = inspect_file(folder_fd, name);
    return existing.kind == ExistingFile::Kind::regular && existing.size == entry.size &&
           existing.mtime_ns == entry.mtime_ns;
  } catch (const OutputIoError&) {
    return false;
  }
}

bool OutputWriter::State::unchanged_by_manifest(const std::string& path,
                                                const ExistingFile& existing, std::size_t new_size,
                                                std::uint64_t hash) const {
  auto known = previous.find(path);
  if (known == previous.end()) return false;
  const ManifestEntry& entry = known->second;
  // A file modified in the same clock tick as the manifest was written could keep its mtime;
  // such "racily clean" entries are compared byte by byte instead (as git does).
  return entry.size == existing.size && entry.mtime_ns == existing.mtime_ns &&
         entry.mtime_ns < previous_manifest_mtime_ns && entry.hash == hash &&
         new_size == existing.size;
}

EmittedFile OutputWriter::State::settle(const std::string& path, std::string_view bytes,
                                        std::uint64_t hash, const std::string& exporter) {
  EmittedFile file;
  file.done = true;
  file.kind = ChangeKind::created;
  file.entry = ManifestEntry{exporter, bytes.size(), 0, hash, 0, {}};
  if (!root.valid()) return file;

  const OutputPathParts parts = split_output_path(path);
  OutputFolders::Handle folder = folders->open(parts.folder, true);
  if (!folder.exists()) return file;
  const std::string name(parts.name);
  const ExistingFile existing = inspect_file(folder.fd, name);
  refuse_unless_replaceable(existing);
  if (existing.kind == ExistingFile::Kind::regular) {
    if (unchanged_by_manifest(path, existing, bytes.size(), hash) ||
        (existing.size == bytes.size() && file_has_bytes(folder.fd, name, bytes))) {
      file.kind = ChangeKind::unchanged;
      file.entry.mtime_ns = existing.mtime_ns;
      return file;
    }
    file.kind = ChangeKind::changed;
  }
  if (!writing) return file;
  std::optional<WrittenFile> created;
  if (existing.kind == ExistingFile::Kind::missing)
    created = create_file_atomically(folder.fd, name, bytes, options.durable);
  const WrittenFile written =
      created ? *created
              : replace_file_atomically(
                    folder.fd, name, bytes, next_temp_name(),
                    existing.kind == ExistingFile::Kind::regular ? existing.permissions : 0,
                    options.durable);
  if (options.durable) folders->mark_changed(parts.folder);
  file.entry.size = written.size;
  file.entry.mtime_ns = written.mtime_ns;
  return file;
}

/// settle() for a file that arrives in pieces: each piece is hashed and compared with the file
/// on disk. As long as the new bytes repeat the old file's start, nothing is written (an
/// unchanged 50 MB sitemap part costs a read, not a write). At the first difference a temporary
/// file is started with the old file's start, copied from it and checked against the hash of
/// the bytes it was found to hold, and every later piece goes to it; it replaces the old file
/// when complete. The file is never held whole, nor its old version read ahead of time.
EmittedFile OutputWriter::State::settle_streamed(const std::string& path,
                                                 const OutputTarget::FileProducer& produce,
                                                 const std::string& exporter) {
  EmittedFile file;
  file.done = true;
  file.kind = ChangeKind::created;
  file.entry.exporter = exporter;
  ContentHasher hasher;
  std::uint64_t size = 0;
  const auto finish_entry = [&] {
    file.entry = ManifestEntry{exporter, size, 0, hasher.value(), 0, {}};
  };

  OutputPathParts parts;
  OutputFolders::Handle folder;
  if (root.valid()) {
    parts = split_output_path(path);
    folder = folders->open(parts.folder, true);
  }
  if (!folder.exists()) {  // check mode: neither the output folder nor this folder exists
    produce([&](std::string_view piece) {
      hasher.update(piece);
      size += piece.size();
    });
    finish_entry();
    return file;
  }
  const std::string name(parts.name);
  const ExistingFile existing = inspect_file(folder.fd, name);
  refuse_unless_replaceable(existing);
  const bool existed = existing.kind == ExistingFile::Kind::regular;
  std::optional<FileComparison> old_bytes;
  if (existed) old_bytes.emplace(folder.fd, name);
  std::optional<TemporaryFile> temp;
  // Write errors are kept, not thrown through the exporter's code; later pieces are dropped.
  std::optional<OutputIoError> write_error;
  // Starts the temporary file with the bytes so far (`size` of them, hashed so far), which the
  // old file was found to start with.
  const auto start_temp = [&] {
    try {
      temp.emplace(folder.fd, next_temp_name(), existed ? existing.permissions : 0);
      if (size == 0) return;
      const std::optional<std::uint64_t> copied = temp->append_start_of(folder.fd, name, size);
      if (copied != hasher.value())
        throw OutputIoError("the file changed on disk while it was compared with its new bytes");
    } catch (const OutputIoError& error) {
      write_error = error;
    }
  };
  if (writing && (!existed || old_bytes->differs())) start_temp();  // nothing to repeat
  produce([&](std::string_view piece) {
    if (old_bytes && !old_bytes->differs()) {
      old_bytes->compare(piece);
      if (old_bytes->differs() && writing) start_temp();
    }
    hasher.update(piece);
    size += piece.size();
    if (!temp || write_error) return;
    try {
      temp->write(piece);
    } catch (const OutputIoError& error) {
      write_error = error;
    }
  });
  finish_entry();
  if (existed && old_bytes->same()) {
    file.kind = ChangeKind::unchanged;
    file.entry.mtime_ns = existing.mtime_ns;
    return file;
  }
  if (existed) file.kind = ChangeKind::changed;
  // The new bytes are all an old, longer file's start: the difference is where they end.
  if (writing && !temp && !write_error) start_temp();
  if (write_error) throw *write_error;
  if (!temp) return file;  // check mode
  // Bytes copied from old outputs (recalled fragments) that another program wrote meanwhile
  // must not become part of an output.
  if (copied_bytes_check)
    if (const std::optional<std::string> written = copied_bytes_check())
      throw OutputIoError("'" + *written +
                          "' was written to by another program while castmap copied parts of it; "
                          "run again");
  const WrittenFile written = temp->commit(name, options.durable);
  if (options.durable) folders->mark_changed(parts.folder);
  file.entry.size = written.size;
  file.entry.mtime_ns = written.mtime_ns;
  return file;
}

const ManifestEntry* OutputWriter::State::entry_now(const std::string& path) const {
  auto emitted_as = emitted.find(path);
  if (emitted_as != emitted.end())
    return emitted_as->second.done ? &emitted_as->second.entry : nullptr;
  auto known = previous.find(path);
  return known != previous.end() && keeps(known->second) ? &known->second : nullptr;
}

std::optional<FileBytes> OutputWriter::State::read_output_file(const std::string& path,
                                                               const ManifestEntry& entry) const {
  if (!root.valid()) return std::nullopt;
  try {
    const OutputPathParts parts = split_output_path(path);
    OutputFolders::Handle folder = folders->open(parts.folder, false);
    const std::string name(parts.name);
    if (!folder.exists() || !still_as_recorded_in(folder.fd, name, entry)) return std::nullopt;
    UniqueFd fd(::openat(folder.fd, name.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
    if (!fd.valid()) return std::nullopt;
    std::optional<FileBytes> bytes =
        read_open_file(fd.get(), entry.size, (options.output_dir / path).string());
    // Checked again after: a file changed while it was read is not trusted. (A mapped file
    // changed later is caught before anything copied from it is kept: settle_streamed.)
    if (!bytes || bytes->view().size() != entry.size ||
        !still_as_recorded_in(folder.fd, name, entry))
      return std::nullopt;
    return bytes;
  } catch (const OutputIoError&) {
    return std::nullopt;
  }
}

bool OutputWriter::State::prune(const std::string& path) {
  if (!root.valid()) return false;
  const OutputPathParts parts = split_output_path(path);
  OutputFolders::Handle folder;
  try {
    folder = folders->open(parts.folder, false);
  } catch (const FolderIsLinkError&) {
    return false;  // what lies behind a link the user put there is not castmap's
  }
  if (!folder.exists()) return false;
  const std::string name(parts.name);
  // Only a regular file is still castmap's; anything else now at that name is left alone.
  if (inspect_file(folder.fd, name).kind != ExistingFile::Kind::regular) return false;
  if (writing) {
    remove_file(folder.fd, name);
    if (options.durable) folders->mark_changed(parts.folder);
  }
  return true;
}

void OutputWriter::State::record_error(std::string message) {
  std::lock_guard lock(error_mutex);
  if (failed.load()) return;
  first_error = std::move(message);
  failed.store(true);
}

OutputWriter::State::PreviousMatches OutputWriter::State::match_previous() const {
  PreviousMatches matches;
  if (emitted.empty()) return matches;
  matches.emitted_as.assign(previous_by_path.size(), nullptr);
  std::atomic<std::size_t> matched{0};
  // Only the entries claimed as emitted are looked up: a re-run after a small change keeps
  // nearly all of them, flagged only.
  parallel_for(previous_by_path.size(), [&](std::size_t i) {
    if (previous_claims[i].load(std::memory_order_relaxed) != Claim::emitted) return;
    auto found = emitted.find(previous_by_path[i]->first);
    if (found == emitted.end()) return;
    matches.emitted_as[i] = &found->second;
    matched.fetch_add(1, std::memory_order_relaxed);
  });
  if (matched.load() == emitted.size()) return matches;  // every path was there before
  for (const auto& item : emitted)
    if (previous.find(item.first) == previous.end()) matches.added.push_back(&item.first);
  parallel_sort(matches.added.begin(), matches.added.end(),
                [](const std::string* a, const std::string* b) { return *a < *b; });
  return matches;
}

std::vector<ManifestLine> OutputWriter::State::next_manifest(
    const std::vector<const Manifest::value_type*>& dropped, const PreviousMatches* matches) const {
  const PreviousMatches own = matches ? PreviousMatches{} : match_previous();
  const PreviousMatches& match = matches ? *matches : own;
  const std::unordered_set<const Manifest::value_type*> left_out(dropped.begin(), dropped.end());
  std::vector<ManifestLine> lines;
  lines.reserve(previous.size() + emitted.size());
  // The previous entries in path order, each replaced by this run's file when it was written,
  // then the new paths (sorted) merged in: sorted lines, and no sort of 184,000 paths.
  for (std::size_t i = 0; i < previous_by_path.size(); ++i) {
    const Manifest::value_type& item = *previous_by_path[i];
    if (!left_out.empty() && left_out.count(&item) != 0) continue;
    const EmittedFile* replaced = match.at(i);
    lines.emplace_back(&item.first, replaced && replaced->done ? &replaced->entry : &item.second);
  }
  const auto kept = static_cast<std::ptrdiff_t>(lines.size());
  for (const std::string* path : match.added) {
    const EmittedFile& file = emitted.at(*path);
    if (file.done) lines.emplace_back(path, &file.entry);
  }
  std::inplace_merge(
      lines.begin(), lines.begin() + kept, lines.end(),
      [](const ManifestLine& a, const ManifestLine& b) { return *a.first < *b.first; });
  return lines;
}

void OutputWriter::State::write_manifest(std::vector<ManifestLine> lines) {
  const std::string name(kManifestFileName);
  try {
    TemporaryFile temp(root.get(), next_temp_name(), 0);
    write_manifest_lines(std::move(lines), [&temp](std::string_view piece) { temp.write(piece); });
    temp.commit(name, options.durable);
    if (options.durable && ::fsync(root.get()) != 0) throw OutputIoError(std::strerror(errno));
  } catch (const OutputIoError& error) {
    throw OutputIoError("cannot write manifest '" + name + "': " + error.what());
  }
  has_previous_manifest = true;
}

bool OutputWriter::keep_previous_outputs(const std::vector<std::string>& exporters) {
  State& state = *state_;
  if (!state.root.valid() || !state.has_previous_manifest) return false;
  // Each file's folder is opened once up front (a handful of folders for 184,000 files), so
  // the parallel checks are one fstatat each, without the folder cache's lock.
  struct Wanted {
    const ManifestEntry* entry;
    std::string name;
    int folder_fd;
  };
  std::vector<Wanted> wanted;
  std::vector<OutputFolders::Handle> folders;
  std::unordered_map<std::string_view, int> folder_fds;
  try {
    for (const auto& [path, entry] : state.previous) {
      if (std::find(exporters.begin(), exporters.end(), entry.exporter) == exporters.end())
        continue;
      const OutputPathParts parts = split_output_path(path);
      auto [known, inserted] = folder_fds.try_emplace(parts.folder, -1);
      if (inserted) {
        folders.push_back(state.folders->open(parts.folder, false));
        known->second = folders.back().fd;
      }
      if (known->second < 0) return false;  // the folder is gone
      wanted.push_back({&entry, std::string(parts.name), known->second});
    }
  } catch (const OutputIoError&) {
    return false;
  }
  std::atomic<bool> intact{true};
  parallel_for(wanted.size(), [&](std::size_t i) {
    if (!intact.load(std::memory_order_relaxed)) return;
    if (!state.still_as_recorded_in(wanted[i].folder_fd, wanted[i].name, *wanted[i].entry))
      intact.store(false);
  });
  if (!intact.load()) return false;
  for (const std::string& exporter : exporters) register_exporter(exporter);
  std::lock_guard lock(state.files_mutex);
  for (const std::string& exporter : exporters)
    if (!state.is_kept(exporter)) state.kept_exporters.push_back(exporter);
  return true;
}

namespace {
void check_state_file_name(std::string_view name) {
  if (!name.starts_with(".castmap-") || name.find('/') != std::string_view::npos)
    throw std::invalid_argument("bad state file name '" + std::string(name) + "'");
}
}  // namespace

std::optional<FileBytes> OutputWriter::read_state_file(std::string_view name,
                                                       std::int64_t* mtime_ns) const {
  check_state_file_name(name);
  const State& state = *state_;
  if (!state.root.valid()) return std::nullopt;
  UniqueFd fd(
      ::openat(state.root.get(), std::string(name).c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd.valid()) return std::nullopt;
  struct stat status {};
  if (::fstat(fd.get(), &status) != 0) return std::nullopt;
  if (mtime_ns) *mtime_ns = mtime_ns_of(status);
  return read_open_file(fd.get(), static_cast<std::size_t>(status.st_size),
                        (state.options.output_dir / name).string());
}

void OutputWriter::write_state_file(
    std::string_view name,
    const std::function<void(const std::function<void(std::string_view)>&)>& produce) {
  check_state_file_name(name);
  State& state = *state_;
  if (!state.writing || !state.root.valid()) return;
  const std::string temp = state.next_temp_name();
  UniqueFd fd(::openat(state.root.get(), temp.c_str(),
                       O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644));
  if (!fd.valid())
    throw OutputIoError("cannot write '" + std::string(name) + "': " + std::strerror(errno));
  std::string failure;
  auto write_all = [&](std::string_view chunk) {
    while (failure.empty() && !chunk.empty()) {
      ssize_t put = ::write(fd.get(), chunk.data(), chunk.size());
      if (put < 0) {
        if (errno == EINTR) continue;
        failure = std::strerror(errno);
        return;
      }
      chunk.remove_prefix(static_cast<std::size_t>(put));
    }
  };
  // The parse cache arrives as 100,000 small blobs: gathered into 1 MB writes, not one system
  // call each.
  constexpr std::size_t kBufferBytes = 1 << 20;
  std::string buffer;
  buffer.reserve(kBufferBytes);
  produce([&](std::string_view chunk) {
    if (buffer.size() + chunk.size() > kBufferBytes) {
      write_all(buffer);
      buffer.clear();
    }
    if (chunk.size() >= kBufferBytes)
      write_all(chunk);
    else
      buffer += chunk;
  });
  write_all(buffer);
  if (failure.empty() && state.options.durable && ::fsync(fd.get()) != 0)
    failure = std::strerror(errno);
  if (failure.empty() && ::close(fd.release()) != 0) failure = std::strerror(errno);
  if (failure.empty() &&
      ::renameat(state.root.get(), temp.c_str(), state.root.get(), std::string(name).c_str()) != 0)
    failure = std::strerror(errno);
  if (!failure.empty()) {
    ::unlinkat(state.root.get(), temp.c_str(), 0);
    throw OutputIoError("cannot write '" + std::string(name) + "': " + failure);
  }
}

void OutputWriter::remove_state_file(std::string_view name) {
  check_state_file_name(name);
  State& state = *state_;
  if (!state.writing || !state.root.valid()) return;
  if (::unlinkat(state.root.get(), std::string(name).c_str(), 0) != 0 && errno != ENOENT)
    throw OutputIoError("cannot remove '" + std::string(name) + "': " + std::strerror(errno));
}

WriteSummary OutputWriter::finish(const std::vector<std::string>& prune_exporters) {
  State& state = *state_;
  {
    std::lock_guard lock(state.files_mutex);
    if (state.finished.load()) throw std::logic_error("OutputWriter::finish() called twice");
    state.finished.store(true);
  }
  const auto fail = [&state]() -> WriteSummary {
    // Files finished before the error are valid; record them so later runs can prune them.
    if (state.writing && state.root.valid()) {
      try {
        state.write_manifest(state.next_manifest());
      } catch (const OutputIoError&) {
        // The first error is the one worth reporting.
      }
    }
    throw OutputIoError(state.first_error);
  };
  if (state.failed.load()) return fail();

  WriteSummary summary;
  {
    std::lock_guard lock(state.exporters_mutex);
    for (const std::string& exporter : state.exporters) summary.per_exporter[exporter];
  }
  // The next manifest equals the previous one when every emitted entry is as recorded (and
  // not "racily clean", i.e. written in the manifest's clock tick) and nothing was dropped: then
  // it is neither built nor rewritten (184,000 entries at scale).
  const State::PreviousMatches matches = state.match_previous();
  // Counted in the loop below: every emitted file must match its previous entry exactly (each
  // emitted path has at most one).
  std::size_t emitted_as_recorded = 0;
  summary.changes.reserve(state.emitted.size() + state.previous.size());

  // The previous entries in path order: the summary lists them (kept, written again, or
  // removed) already sorted.
  std::set<std::string> emptied_folders;
  std::vector<const Manifest::value_type*> dropped;  // previous entries the next one leaves out
  for (std::size_t index = 0; index < state.previous_by_path.size(); ++index) {
    const Manifest::value_type& item = *state.previous_by_path[index];
    const EmittedFile* emitted_as = matches.at(index);
    const auto& [path, entry] = item;
    if (emitted_as && emitted_as->entry == entry &&
        emitted_as->entry.mtime_ns < state.previous_manifest_mtime_ns)
      ++emitted_as_recorded;
    if (state.keeps(entry)) {
      summary.changes.push_back(FileChange{path, ChangeKind::unchanged, entry.exporter});
      continue;
    }
    if (emitted_as) {
      summary.changes.push_back(FileChange{path, emitted_as->kind, emitted_as->entry.exporter});
      continue;
    }
    const bool in_scope =
        prune_exporters.empty() || std::find(prune_exporters.begin(), prune_exporters.end(),
                                             entry.exporter) != prune_exporters.end();
    if (!in_scope) continue;  // another format's file: keep tracking it
    try {
      if (state.prune(path)) {
        summary.changes.push_back(FileChange{path, ChangeKind::removed, entry.exporter});
        emptied_folders.emplace(split_output_path(path).folder);
      }
      dropped.push_back(&item);
    } catch (const OutputIoError& error) {
      state.record_error("cannot remove '" + path + "': " + error.what());
    }
  }
  const bool same_as_previous =
      state.has_previous_manifest && emitted_as_recorded == state.emitted.size() && dropped.empty();
  if (state.failed.load()) return fail();

  if (state.writing) {
    try {
      // Deepest first, so a parent emptied by removing its child goes too.
      for (auto it = emptied_folders.rbegin(); it != emptied_folders.rend(); ++it) {
        state.folders->remove_empty(*it);
      }
      // New files and removals must be durable before the manifest that describes them.
      if (state.options.durable) state.folders->sync_changed();
      if (!same_as_previous) state.write_manifest(state.next_manifest(dropped, &matches));
    } catch (const OutputIoError& error) {
      state.record_error(error.what());
      return fail();
    }
  }

  // The manifest is written: the records of this run's new paths (every path on a first run)
  // are taken apart into the summary, in their sorted order, their paths moved rather than
  // copied (184,000 of them on a first run), and merged with the previous ones.
  if (!matches.added.empty()) {
    const auto known = static_cast<std::ptrdiff_t>(summary.changes.size());
    for (const std::string* path : matches.added) {
      auto node = state.emitted.extract(*path);  // `path` is the node's own key: used up here
      summary.changes.push_back(FileChange{std::move(node.key()), node.mapped().kind,
                                           std::move(node.mapped().entry.exporter)});
    }
    std::inplace_merge(summary.changes.begin(), summary.changes.begin() + known,
                       summary.changes.end(),
                       [](const FileChange& a, const FileChange& b) { return a.path < b.path; });
  }
  ChangeCounts* last_counts = nullptr;
  const std::string* last_exporter = nullptr;
  for (const FileChange& change : summary.changes) {
    if (!last_exporter || *last_exporter != change.exporter) {
      last_counts = &summary.per_exporter[change.exporter];
      last_exporter = &change.exporter;
    }
    ChangeCounts& counts = *last_counts;
    switch (change.kind) {
      case ChangeKind::created:
        ++counts.created;
        break;
      case ChangeKind::changed:
        ++counts.changed;
        break;
      case ChangeKind::unchanged:
        ++counts.unchanged;
        break;
      case ChangeKind::removed:
        ++counts.removed;
        break;
    }
  }
  return summary;
}

}  // namespace castmap
