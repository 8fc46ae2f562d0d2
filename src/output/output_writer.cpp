// OutputWriter: ties together the lock, the manifest, safe folder access and atomic file
// replacement. Writes run concurrently; only the bookkeeping maps are mutex-protected, hashing
// and all file I/O happen outside the locks. This file: opening the folder and writing files.
#include "src/output/output_writer.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>
#include <unordered_set>

#include "src/base/content_hash.hpp"
#include "src/base/process_tricks.hpp"
#include "src/base/progress_counters.hpp"
#include "src/output/output_lock.hpp"
#include "src/output/output_path.hpp"
#include "src/output/writer_state.hpp"

namespace castmap {

bool WriteSummary::up_to_date() const {
  return std::all_of(changes.begin(), changes.end(),
                     [](const FileChange& change) { return change.kind == ChangeKind::unchanged; });
}

namespace {

/// Unique per run, so a run can tell its own temporary files from a killed run's (containers
/// often reuse the same pid, hence the random part).
std::string make_temp_prefix() {
  std::random_device random;
  char token[40];
  std::snprintf(token, sizeof token, "%ld-%08x-", static_cast<long>(::getpid()),
                static_cast<unsigned>(random()));
  return std::string(kTempFilePrefix) + token;
}

}  // namespace

void validate_exporter_name(std::string_view exporter) {
  bool bad = exporter.empty();
  for (char c : exporter) bad = bad || static_cast<unsigned char>(c) <= 0x20 || c == 0x7f;
  if (bad) {
    throw std::invalid_argument("invalid exporter name '" + std::string(exporter) +
                                "': empty or contains whitespace or control characters");
  }
}

void refuse_unless_replaceable(const ExistingFile& existing) {
  if (existing.kind == ExistingFile::Kind::symlink)
    throw OutputIoError("it is a symbolic link (castmap never replaces links)");
  if (existing.kind == ExistingFile::Kind::other)
    throw OutputIoError("something that is not a regular file is in the way");
}

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

std::vector<Diagnostic> OutputWriter::take_notices() { return std::move(state_->notices); }

void OutputWriter::check_copied_bytes_with(CopiedBytesCheck check) {
  state_->copied_bytes_check = std::move(check);
}

void OutputWriter::State::read_previous_manifest() {
  const std::string name(kManifestFileName);
  const std::string shown = (options.output_dir / name).string();
  UniqueFd fd = open_own_file(root.get(), name, shown, O_RDONLY, true);
  if (!fd.valid()) return;  // a first run
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
    set_damaged_manifest_aside(error.what());
    return;
  }
  has_previous_manifest = true;
  // A re-run may write again every file the last one wrote (a changed configuration): the table
  // of this run's files (184,000 at scale) is not rehashed while the exporters fill it.
  emitted.reserve(previous.size());
}

void OutputWriter::State::set_damaged_manifest_aside(std::string_view why) {
  // A damaged manifest must not stop every later run until someone intervenes: this run treats
  // it as missing (writes what it produces, prunes nothing) and keeps it for inspection.
  previous.clear();
  previous_by_path.clear();
  const std::string name(kManifestFileName), aside = name + ".damaged";
  constexpr std::size_t kMostReasonBytes = 200;  // a damaged line can be megabytes long
  std::string reason(why.substr(0, kMostReasonBytes));
  if (why.size() > kMostReasonBytes) reason += "...";
  std::string message = "the manifest is damaged (" + reason + "); ";
  if (writing) {
    if (::renameat(root.get(), name.c_str(), root.get(), aside.c_str()) != 0)
      throw OutputIoError("cannot set the damaged manifest '" +
                          (options.output_dir / name).string() +
                          "' aside: " + std::strerror(errno));
    message += "it was set aside as " + aside +
               ". This run writes every output again and "
               "prunes nothing; files only the damaged manifest listed stay until removed by hand";
  } else {
    message += "a run would set it aside, write every output again and prune nothing";
  }
  Diagnostic notice;
  notice.severity = Severity::warning;
  notice.where.path = (options.output_dir / name).generic_string();
  notice.message = std::move(message);
  notice.code = "manifest-damaged";
  notices.push_back(std::move(notice));
}

void OutputWriter::State::create_writing_marker() {
  if (!writing || !root.valid()) return;
  const std::string name(kWritingMarkerName);
  UniqueFd marker;
  try {
    marker = open_own_file(root.get(), name, (options.output_dir / name).string(),
                           O_WRONLY | O_CREAT, false);
  } catch (const OutputIoError& error) {
    // The bare reason (the caller names the file it was about to write), unless something
    // other than a file is in the marker's place: that needs its own name.
    if (std::string_view(error.what()).find("not castmap's file") != std::string_view::npos) throw;
    throw OutputIoError(std::strerror(errno));
  }
  if (options.durable && ::fsync(root.get()) != 0) throw OutputIoError(std::strerror(errno));
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

void OutputWriter::State::record_error(std::string message) {
  std::lock_guard lock(error_mutex);
  if (failed.load()) return;
  first_error = std::move(message);
  failed.store(true);
}

}  // namespace castmap
