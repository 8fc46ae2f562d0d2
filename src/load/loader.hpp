// The loader: lists the content root, reads every episode, show, person and technology file in
// parallel and turns them into an (unnormalized) Catalog. Every problem becomes a diagnostic;
// a broken file never stops the others. Most callers want src/normalize/catalog_loading.hpp's
// load_catalog(), which also cleans each episode as it is read.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string_view>

#include "src/config/config.hpp"
#include "src/load/content_listing.hpp"
#include "src/load/parse_reuse.hpp"
#include "src/model/diagnostics.hpp"
#include "src/model/model.hpp"

namespace castmap {

/// Counters and phase times of one load, for the run report and the benchmark.
struct LoadStats {
  std::size_t episode_files = 0;    ///< episode files found
  std::size_t episodes_loaded = 0;  ///< parsed into an Episode
  std::size_t episodes_failed = 0;  ///< unreadable or unparsable (an error was reported)
  std::size_t input_bytes = 0;      ///< bytes read
  double list_seconds = 0;
  double read_parse_seconds = 0;  ///< reading and YAML parsing run together per file
};

/// Parse-cache plumbing for incremental runs (all optional; src/incremental fills it).
struct LoadCacheIO {
  /// The last run's parses; unchanged episode files are taken from them instead of parsed.
  const PreviousParses* previous = nullptr;
  /// Filled with one entry per episode file, for writing the next cache. Episode pointers point
  /// into the returned catalog and stay valid until it is modified; paths point into `listing`,
  /// which is then required (std::invalid_argument without it).
  std::vector<CacheEntrySource>* next = nullptr;
  /// Filled with every content file's stamp (for the run state).
  std::vector<std::pair<std::string, FileStamp>>* stamps = nullptr;
  std::size_t reused = 0;  ///< out: episode files taken from the cache
  /// The content files, when the caller listed them already (its listing diagnostics are the
  /// caller's to report); nullptr lists them here.
  const std::vector<ContentFile>* listing = nullptr;
  /// Filled with the stamps of files episodes reference outside the listing (chapter files),
  /// sorted by path, for the run state.
  std::vector<std::pair<std::string, FileStamp>>* referenced = nullptr;
};

/// What happens to each episode right after it is parsed, on the worker that parsed it and with
/// the file's own diagnostics, before the parse cache keeps it. The layer above sets it
/// (cleaning and show notes, src/normalize/catalog_loading.cpp), so that a re-run does that work
/// only for the files it parses again.
using EpisodeFinisher = std::function<void(Episode&, DiagnosticSink&)>;

/// Reads the catalog under config.content using config.layout and config.limits. Episodes come
/// back sorted newest first (ties by id, then path); shows, people and technologies by id.
/// Only a missing or unreadable content root is fatal: it is reported with code
/// `content-root-missing` and an empty catalog is returned.
Catalog read_catalog(const Config& config, DiagnosticSink& diagnostics, LoadStats* stats,
                     LoadCacheIO* cache, const EpisodeFinisher& finish);

/// Parses one episode file's bytes (front matter + body). `path` is the content-relative path
/// used in diagnostics and stored as source_path. Returns nullopt when the file cannot yield an
/// episode (an error was reported). Exposed for unit tests and the fuzzer.
std::optional<Episode> parse_episode(std::string_view bytes, std::string_view path,
                                     const LoaderLimits& limits, DiagnosticSink& diagnostics);

}  // namespace castmap
