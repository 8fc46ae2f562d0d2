// read_catalog: list (sequential, sorted) -> read + parse every file (parallel, one buffer per
// file, results stored by index) -> sort into a Catalog. Nothing here depends on thread count
// or directory order.
#include "src/load/loader.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstring>
#include <memory>
#include <optional>
#include <stdexcept>
#include <system_error>
#include <tuple>

#include "src/base/content_hash.hpp"
#include "src/base/parallel.hpp"
#include "src/base/progress_counters.hpp"
#include "src/load/catalog_records.hpp"
#include "src/load/content_listing.hpp"
#include "src/load/episode_companions.hpp"
#include "src/load/file_reading.hpp"

namespace castmap {

namespace {

namespace fs = std::filesystem;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// One slot per listed file, written by exactly one worker.
struct ParsedFile {
  FileStamp stamp;
  std::uint64_t hash = 0;
  std::string_view reused_blob;         // taken from the parse cache
  bool as_in_base = false;              // see CacheEntrySource::as_in_base
  bool cacheable = false;               // parsed (or reused): unreadable files are never cached
  std::vector<Diagnostic> diagnostics;  // an episode file's own (kept for the next cache)
  // An episode goes straight into its slot of the catalog's vector (see read_catalog), so this
  // slot stays small: 100,000 inline episodes made it 100 MB.
  bool has_episode = false;
  std::unique_ptr<Show> show;
  std::unique_ptr<Person> person;
  std::unique_ptr<Technology> technology;
};

template <typename T>
std::unique_ptr<T> on_heap(std::optional<T> value) {
  return value ? std::make_unique<T>(std::move(*value)) : nullptr;
}

/// Reads the file and reports why it could not; true when `buffer` holds its bytes.
bool read_content_file(const fs::path& root, const ContentFile& file, const LoaderLimits& limits,
                       std::string& buffer, DiagnosticSink& diagnostics) {
  ReadResult read = read_file_limited(content_file_path(root, file), limits.max_file_bytes, buffer);
  SourceLocation where{file.relative, 0, 0};
  switch (read.status) {
    case ReadStatus::ok:
      return true;
    case ReadStatus::too_large:
      diagnostics.error(std::move(where), "file-too-large",
                        "file is " + std::to_string(read.size) + " bytes, over the limit of " +
                            std::to_string(limits.max_file_bytes) + "; not read");
      return false;
    case ReadStatus::not_regular:
      diagnostics.warning(std::move(where), "special-file",
                          "not a regular file (FIFO, socket or device); skipped");
      return false;
    case ReadStatus::failed:
      diagnostics.error(std::move(where), "read-failed", "cannot read file: " + read.error);
      return false;
  }
  return false;
}

void parse_content_file(const ContentFile& file, std::string_view bytes,
                        const EpisodeFinisher& finish, const CompanionFiles& companions,
                        DiagnosticSink& diagnostics, ParsedFile& slot, Episode& episode) {
  const LoaderLimits& limits = companions.limits;
  switch (file.kind) {
    case ContentKind::episode:
      if (std::optional<Episode> parsed =
              parse_episode(bytes, file.relative, limits, diagnostics)) {
        episode = std::move(*parsed);
        // Before finishing, which cleans: chapters from a chapter file are repaired like YAML ones.
        read_companions(episode, file, companions, diagnostics);
        if (finish) finish(episode, diagnostics);
        slot.has_episode = true;
      }
      break;
    case ContentKind::show:
      slot.show = on_heap(parse_show(bytes, file.relative, file.id, limits, diagnostics));
      break;
    case ContentKind::person:
      slot.person = on_heap(
          file.relative.ends_with(".json")
              ? parse_person_json(bytes, file.relative, file.id, limits, diagnostics)
              : parse_person_front_matter(bytes, file.relative, file.id, limits, diagnostics));
      break;
    case ContentKind::technology:
      slot.technology =
          on_heap(parse_technology(bytes, file.relative, file.id, limits, diagnostics));
      break;
    case ContentKind::companion:
      break;  // read with its episode
  }
}

template <typename T>
void sort_by_id(std::vector<T>& items) {
  std::sort(items.begin(), items.end(), [](const T& a, const T& b) {
    return a.id != b.id ? a.id < b.id : a.source_path < b.source_path;
  });
}

/// Takes an episode file's parse over from the previous run when it is still current (see
/// PreviousParses::reuse) and replays its diagnostics.
bool take_from_previous(const PreviousParses& previous, const ContentFile& file,
                        const std::string* bytes, const CompanionFiles& companions,
                        ParsedFile& slot, Episode& episode, DiagnosticSink& diagnostics) {
  std::optional<ReusedParse> reused =
      previous.reuse(file, slot.stamp, bytes, slot.hash, companions);
  if (!reused) return false;
  if (reused->episode) {
    episode = std::move(*reused->episode);
    slot.has_episode = true;
  }
  slot.reused_blob = reused->blob;
  slot.as_in_base = reused->as_in_base;
  slot.hash = reused->hash;
  slot.cacheable = true;
  for (const Diagnostic& d : reused->diagnostics) diagnostics.report(d);
  return true;
}

/// The episode file's hash folded with its input files' (paths and hashes): the episode as
/// loaded depends on all of them (src/incremental/render_inputs.cpp digests it by this).
std::uint64_t with_inputs(std::uint64_t file_hash, const Episode& episode) {
  const EpisodeCompanions* companions = episode.companions.get();
  if (!companions || companions->inputs.empty()) return file_hash;
  ContentHasher hasher;
  const auto word = [&hasher](std::uint64_t value) {
    char raw[sizeof value];
    std::memcpy(raw, &value, sizeof value);
    hasher.update(std::string_view(raw, sizeof raw));
  };
  word(file_hash);
  for (const InputFile& input : companions->inputs) {
    word(input.path.size());
    hasher.update(input.path);
    word(input.hash);
  }
  const std::uint64_t digest = hasher.value();
  return digest == 0 ? 1 : digest;
}

/// The chapter files episodes name, with the stamps they were read with (sorted, unique).
std::vector<std::pair<std::string, FileStamp>> referenced_files(
    const std::vector<Episode>& episodes) {
  std::vector<std::pair<std::string, FileStamp>> referenced;
  for (const Episode& episode : episodes) {
    const EpisodeCompanions* companions = episode.companions.get();
    if (!companions || companions->chapters_file.empty()) continue;
    for (const InputFile& input : companions->inputs)
      if (input.path == companions->chapters_file) referenced.emplace_back(input.path, input.stamp);
  }
  std::sort(referenced.begin(), referenced.end(), [](const auto& a, const auto& b) {
    return std::tie(a.first, a.second.size, a.second.mtime_ns) <
           std::tie(b.first, b.second.size, b.second.mtime_ns);
  });
  referenced.erase(std::unique(referenced.begin(), referenced.end()), referenced.end());
  return referenced;
}

}  // namespace

Catalog read_catalog(const Config& config, DiagnosticSink& diagnostics, LoadStats* stats,
                     LoadCacheIO* cache, const EpisodeFinisher& finish) {
  LoadStats local_stats;
  LoadStats& counters = stats ? *stats : local_stats;
  counters = LoadStats{};
  Catalog catalog;

  const auto list_start = std::chrono::steady_clock::now();
  std::error_code ec;
  if (!fs::is_directory(config.content, ec)) {
    diagnostics.error({config.content.generic_string(), 0, 0}, "content-root-missing",
                      "content root '" + config.content.generic_string() +
                          "' is not a readable folder" + (ec ? ": " + ec.message() : ""));
    catalog.index();
    return catalog;
  }
  {
    // An existing but unlistable root is as fatal as a missing one.
    fs::directory_iterator probe(config.content, ec);
    if (ec) {
      diagnostics.error({config.content.generic_string(), 0, 0}, "content-root-missing",
                        "content root '" + config.content.generic_string() +
                            "' cannot be listed: " + ec.message());
      catalog.index();
      return catalog;
    }
  }
  if (cache && cache->next && !cache->listing)
    throw std::invalid_argument("read_catalog: LoadCacheIO::next needs the caller's listing");
  std::vector<ContentFile> own_listing;
  if (!cache || !cache->listing)
    own_listing = list_content(config.content, config.layout, diagnostics, config.shard);
  const std::vector<ContentFile>& files = cache && cache->listing ? *cache->listing : own_listing;
  counters.list_seconds = seconds_since(list_start);
  counters.episode_files =
      static_cast<std::size_t>(std::count_if(files.begin(), files.end(), [](const ContentFile& f) {
        return f.kind == ContentKind::episode;
      }));

  CompanionFiles companions;
  companions.root = config.content;
  companions.canonical_root = fs::weakly_canonical(config.content, ec);
  if (ec) companions.canonical_root = fs::absolute(config.content).lexically_normal();
  companions.files = &files;
  companions.index = CompanionIndex(files);
  companions.limits = config.limits;

  const auto parse_start = std::chrono::steady_clock::now();
  std::vector<ParsedFile> parsed(files.size());
  // One slot per file, parsed into in place and compacted afterwards: the catalog's episodes
  // are never moved from one vector into another (a transient copy of 50 MB at 100,000).
  std::vector<Episode>& episodes = catalog.episodes;
  episodes.resize(files.size());
  std::atomic<std::size_t> input_bytes{0};
  std::atomic<std::size_t> reused{0};
  const PreviousParses* previous = cache ? cache->previous : nullptr;
  const bool caching = cache && (cache->next || cache->stamps);
  progress().files_to_load.store(files.size(), std::memory_order_relaxed);
  parallel_for(files.size(), [&](std::size_t i) {
    const ContentFile& file = files[i];
    ParsedFile& slot = parsed[i];
    progress().files_loaded.fetch_add(1, std::memory_order_relaxed);
    const bool episode = file.kind == ContentKind::episode;
    slot.stamp = file.stamp;
    if (file.kind == ContentKind::companion) return;  // read with its episode
    if (episode && previous &&
        take_from_previous(*previous, file, nullptr, companions, slot, episodes[i], diagnostics)) {
      reused.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    // Reused across the files a worker handles: one allocation per thread, not per file.
    thread_local std::string buffer;
    if (!read_content_file(config.content, file, config.limits, buffer, diagnostics)) return;
    input_bytes.fetch_add(buffer.size(), std::memory_order_relaxed);
    if (!episode || !caching) {
      parse_content_file(file, buffer, finish, companions, diagnostics, slot, episodes[i]);
      return;
    }
    slot.hash = content_hash(buffer);
    slot.stamp.size = buffer.size();
    if (previous &&
        take_from_previous(*previous, file, &buffer, companions, slot, episodes[i], diagnostics)) {
      reused.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    // Captured per file so that the next run can replay them from the cache.
    DiagnosticSink own;
    // As strict as the run's sink: cleaning looks for errors at a field's line.
    own.set_strict(diagnostics.strict());
    parse_content_file(file, buffer, finish, companions, own, slot, episodes[i]);
    slot.diagnostics = own.sorted();
    slot.cacheable = true;
    for (const Diagnostic& d : slot.diagnostics) diagnostics.report(d);
  });
  counters.input_bytes = input_bytes.load();
  if (cache) cache->reused = reused.load();

  std::size_t kept = 0;
  // Where each file's episode is kept (none: npos), so the cache sources can point at it.
  std::vector<std::size_t> kept_at(files.size(), std::string::npos);
  for (std::size_t i = 0; i < files.size(); ++i) {
    ParsedFile& slot = parsed[i];
    if (files[i].kind == ContentKind::episode) {
      if (slot.has_episode) {
        // Only for files the cache knows by hash (a cache hit, or parsed with caching on).
        if (slot.cacheable) episodes[i].source_digest = with_inputs(slot.hash, episodes[i]);
        if (kept != i) episodes[kept] = std::move(episodes[i]);
        kept_at[i] = kept;
        ++kept;
      } else {
        ++counters.episodes_failed;
      }
    }
    if (slot.show) catalog.shows.push_back(std::move(*slot.show));
    if (slot.person) catalog.people.push_back(std::move(*slot.person));
    if (slot.technology) catalog.technologies.push_back(std::move(*slot.technology));
  }
  episodes.erase(episodes.begin() + static_cast<std::ptrdiff_t>(kept), episodes.end());
  counters.episodes_loaded = catalog.episodes.size();
  const std::vector<std::size_t> moved_to = sort_newest_first(catalog.episodes);
  if (cache && cache->stamps) {
    cache->stamps->reserve(files.size());
    for (std::size_t i = 0; i < files.size(); ++i)
      cache->stamps->emplace_back(files[i].relative, parsed[i].stamp);
  }
  if (cache && cache->referenced) *cache->referenced = referenced_files(catalog.episodes);
  if (cache && cache->next) {
    // Episodes were compacted and sorted: each file's episode is where both moves took it.
    for (std::size_t i = 0; i < files.size(); ++i) {
      if (files[i].kind != ContentKind::episode || !parsed[i].cacheable) continue;
      const Episode* episode =
          kept_at[i] == std::string::npos ? nullptr : &catalog.episodes[moved_to[kept_at[i]]];
      cache->next->push_back(CacheEntrySource{files[i].relative,
                                              parsed[i].stamp,
                                              parsed[i].hash,
                                              parsed[i].reused_blob,
                                              parsed[i].as_in_base,
                                              episode,
                                              std::move(parsed[i].diagnostics),
                                              {}});
    }
  }
  sort_by_id(catalog.shows);
  sort_by_id(catalog.people);
  sort_by_id(catalog.technologies);
  catalog.index();
  counters.read_parse_seconds = seconds_since(parse_start);
  return catalog;
}

}  // namespace castmap
