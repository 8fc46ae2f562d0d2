// Recalling the last run's fragments and collecting this run's (see remembered_fragments.hpp).
#include "src/incremental/remembered_fragments.hpp"

#include <algorithm>
#include <system_error>
#include <utility>

namespace castmap {

RememberedFragments::RememberedFragments(const Manifest& previous, ReadIndex read_index,
                                         ReadOldFile read_old_file)
    : previous_manifest_(previous),
      read_index_(std::move(read_index)),
      read_old_file_(std::move(read_old_file)) {}

RememberedFragments::RememberedFragments(OutputWriter& folder)
    : RememberedFragments(
          folder.previous_manifest(),
          [&folder] { return folder.read_state_file(kFragmentsFileName); },
          [&folder](const std::string& path, const ManifestEntry& entry) {
            return folder.read_output_file(path, entry);
          }) {
  folder_ = &folder;
  // Recalled fragments are views of mapped old files: the writer asks before it publishes a
  // file holding some whether those files are still as they were read.
  folder.check_copied_bytes_with([this] { return old_file_written_since_read(); });
}

RememberedFragments::~RememberedFragments() {
  if (folder_) folder_->check_copied_bytes_with(nullptr);
}

void RememberedFragments::save() {
  if (!folder_) return;
  // Rendering is over: nothing recalls any more. Joined when this returns or throws.
  const std::jthread dropping_old_files = drop_old_files();
  // Each file the index describes is named with its size and hash, so it is safe to read with
  // either manifest, this run's or the last (a mismatch only means rendering).
  if (folder_->failed() || !any_remembered()) return;
  const FragmentIndex next =
      next_index([this](const std::string& path) { return folder_->entry_now(path); });
  folder_->write_state_file(kFragmentsFileName, [&next](const auto& sink) { next.encode(sink); });
}

const FragmentIndex& RememberedFragments::previous_index() {
  // Read on the first recall: a cold run has none, a warm run never asks.
  std::call_once(index_read_, [this] {
    if (previous_manifest_.empty()) return;  // nothing it describes can still be there
    if (std::optional<FileBytes> bytes = read_index_())
      previous_index_ = FragmentIndex::decode(bytes->view());
    previous_index_.build_lookup();
    old_files_ = std::make_unique<OldFile[]>(previous_index_.files().size());
  });
  return previous_index_;
}

void RememberedFragments::load_old_file(const FragmentFile& file, OldFile& old) {
  auto known = previous_manifest_.find(file.path);
  if (known == previous_manifest_.end()) return;
  const ManifestEntry& entry = known->second;
  // The index describes the file the last run wrote; anything else there is not trusted.
  if (entry.size != file.size || entry.hash != file.hash) return;
  old.exporter = entry.exporter;
  old.bytes = read_old_file_(file.path, entry);
  if (old.bytes && old.bytes->is_mapped()) old.mapped.store(true, std::memory_order_release);
}

std::optional<RecalledFragment> RememberedFragments::recall(std::string_view exporter,
                                                            std::uint64_t key) {
  if (key == 0) return std::nullopt;
  const FragmentIndex& index = previous_index();
  const std::optional<FragmentIndex::Found> found = index.find(key);
  if (!found || !old_files_) return std::nullopt;
  OldFile& old = old_files_[static_cast<std::size_t>(found->file - index.files().data())];
  // Checked and read once (the first recall from it waits for it), then shared by every recall.
  std::call_once(old.read, [&] { load_old_file(*found->file, old); });
  if (!old.bytes || old.exporter != exporter) return std::nullopt;
  const std::string_view bytes = old.bytes->view();
  const FragmentPlace& place = found->place;
  if (place.offset > bytes.size() || place.size > bytes.size() - place.offset) return std::nullopt;
  recalled_.fetch_add(1, std::memory_order_relaxed);
  return RecalledFragment{bytes.substr(place.offset, place.size), place.note};
}

std::optional<std::string_view> RememberedFragments::recorded_note(std::string_view exporter,
                                                                   std::string_view path,
                                                                   std::uint64_t key) {
  if (key == 0) return std::nullopt;
  const std::optional<FragmentIndex::Found> found = previous_index().find(key);
  if (!found || found->file->path != path) return std::nullopt;
  auto known = previous_manifest_.find(found->file->path);
  if (known == previous_manifest_.end()) return std::nullopt;
  const ManifestEntry& entry = known->second;
  if (entry.exporter != exporter || entry.size != found->file->size ||
      entry.hash != found->file->hash)
    return std::nullopt;
  return found->place.note;
}

void RememberedFragments::remember(std::string_view path, std::vector<FragmentPlacement> placed) {
  std::lock_guard lock(remembered_mutex_);
  auto [it, created] = remembered_.try_emplace(std::string(path));
  FragmentFile& file = it->second;
  if (created) file.path = path;
  for (const FragmentPlacement& p : placed)
    if (p.key != 0) file.add_place(p.key, p.offset, p.size, p.note);
}

bool RememberedFragments::any_remembered() const {
  std::lock_guard lock(remembered_mutex_);
  return !remembered_.empty();
}

std::optional<std::string> RememberedFragments::old_file_written_since_read() {
  const std::vector<FragmentFile>& files = previous_index().files();  // also: old_files_ is set
  if (!old_files_) return std::nullopt;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const OldFile& old = old_files_[i];
    if (old.mapped.load(std::memory_order_acquire) && !old.bytes->still_as_mapped())
      return files[i].path;
  }
  return std::nullopt;
}

std::jthread RememberedFragments::drop_old_files() {
  if (!old_files_) return {};
  try {
    return std::jthread([old = std::move(old_files_)]() mutable { old.reset(); });
  } catch (const std::system_error&) {
    return {};  // no thread to spare: the files were freed here, with the lambda
  }
}

FragmentIndex RememberedFragments::next_index(const EntryNow& entry_now) {
  FragmentIndex next;
  std::lock_guard lock(remembered_mutex_);
  // In path order, so the same outputs give the same index file.
  std::vector<std::string> written_paths;
  for (const auto& [path, file] : remembered_) written_paths.push_back(path);
  std::sort(written_paths.begin(), written_paths.end());
  for (const std::string& path : written_paths) {
    FragmentFile& file = remembered_.at(path);
    const ManifestEntry* now = entry_now(path);
    if (!now) continue;  // not finished (a failed write): nothing to recall from
    file.size = now->size;
    file.hash = now->hash;
    next.add(std::move(file));
  }
  remembered_.clear();
  // Files this run did not render (kept as they were) keep their fragments.
  for (const FragmentFile& file : previous_index().files()) {
    if (std::binary_search(written_paths.begin(), written_paths.end(), file.path)) continue;
    const ManifestEntry* now = entry_now(file.path);
    if (now && now->size == file.size && now->hash == file.hash) next.add(file);
  }
  return next;
}

}  // namespace castmap
