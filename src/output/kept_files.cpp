// The output writer's side of incremental runs: keeping files the last run wrote as they are
// (when they are still on disk exactly as its manifest records them), and reading them back for
// recalled fragments.
#include <fcntl.h>
#include <sys/stat.h>

#include <atomic>
#include <string>
#include <unordered_map>
#include <vector>

#include "src/base/parallel.hpp"
#include "src/output/output_path.hpp"
#include "src/output/writer_state.hpp"

namespace castmap {

bool OutputWriter::State::keeps(const ManifestEntry& entry) const {
  return previous_claims[entry.position].load(std::memory_order_relaxed) == Claim::kept ||
         is_kept(entry.exporter);
}

bool OutputWriter::State::is_kept(const std::string& exporter) const {
  return std::find(kept_exporters.begin(), kept_exporters.end(), exporter) != kept_exporters.end();
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

}  // namespace castmap
