// Finishing a run in the output folder: pruning what the last run wrote and this one did not,
// and writing the next manifest (only when it differs from the last).
#include <unistd.h>
#include <algorithm>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <set>
#include <unordered_set>

#include "src/base/parallel.hpp"
#include "src/output/output_path.hpp"
#include "src/output/writer_state.hpp"

namespace castmap {

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

void OutputWriter::State::refuse_large_removal(
    const PreviousMatches& matches, const std::function<bool(const ManifestEntry&)>& in_scope) {
  State& state = *this;
  if (!state.options.max_remove) return;
  std::uint64_t published = 0, stale = 0;
  for (std::size_t index = 0; index < state.previous_by_path.size(); ++index) {
    const ManifestEntry& entry = state.previous_by_path[index]->second;
    if (!in_scope(entry)) continue;
    ++published;
    if (!state.keeps(entry) && !matches.at(index)) ++stale;
  }
  if (removal_allowed(stale, published, state.options.max_remove)) return;
  if (state.writing) {
    // Every file stays tracked, so that an accepted run can still prune them.
    try {
      state.write_manifest(state.next_manifest({}, &matches));
    } catch (const OutputIoError& error) {
      throw OutputIoError(std::string(error.what()) + " (while refusing a large removal)");
    }
  }
  throw PruneRefusedError(
      removal_refused_message(stale, published, *state.options.max_remove, state.writing));
}

bool removal_allowed(std::uint64_t removed, std::uint64_t published,
                     const std::optional<ShareLimit>& max_remove) {
  return !max_remove || removed <= kAlwaysAllowedRemovals || removed <= max_remove->of(published);
}

std::string removal_refused_message(std::uint64_t removed, std::uint64_t published,
                                    const ShareLimit& max_remove, bool wrote) {
  const std::uint64_t percent = published == 0 ? 0 : (removed * 100 + published / 2) / published;
  return "this run would remove " + std::to_string(removed) + " of the " +
         std::to_string(published) + " files the last run published (" + std::to_string(percent) +
         "%), more than prune.max_remove allows (" + max_remove.text() +
         "): is the content folder mounted and complete, and is the layout right? Nothing was "
         "removed" +
         (wrote ? "; the files this run produced were written" : "") +
         ". To accept this removal once, run again with --allow-large-prune";
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
  const auto in_scope = [&prune_exporters](const ManifestEntry& entry) {
    return prune_exporters.empty() || std::find(prune_exporters.begin(), prune_exporters.end(),
                                                entry.exporter) != prune_exporters.end();
  };
  state.refuse_large_removal(matches, in_scope);
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
    if (!in_scope(entry)) continue;  // another format's file: keep tracking it
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
