// What a run takes from the last one besides its outputs: a run in which nothing changed is
// replayed whole (the run state), and episode files that did not change are taken from the
// parse cache instead of being parsed again. Both live in the output folder as state files and
// are only trusted by the castmap build and configuration that wrote them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <future>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "src/config/config.hpp"
#include "src/incremental/parse_cache.hpp"
#include "src/load/content_listing.hpp"
#include "src/load/loader.hpp"
#include "src/model/diagnostics.hpp"
#include "src/model/model.hpp"
#include "src/output/output_writer.hpp"

namespace castmap {

/// The last run's state, when this run can replay it: every input file has the stamp the last
/// complete run recorded, the configuration and exporters are the same, the reference time
/// holds back the same episodes (RunState::window), and every output is still exactly as that
/// run left it. The outputs are then kept (claimed in `writer`); the
/// caller reports the state's diagnostics. nullopt (and nothing claimed) otherwise.
/// Files episodes reference outside the listing (chapter files) are stamped again under
/// `content`, one stat each.
std::optional<RunState> replay_unchanged_run(const std::vector<ContentFile>& files,
                                             const std::filesystem::path& content,
                                             const std::vector<std::string>& exporters,
                                             std::uint64_t fingerprint, TimePoint reference,
                                             OutputWriter& writer);

/// Records a complete run for the next one to replay.
void remember_run(OutputWriter& writer, std::uint64_t fingerprint, const RunState& state);

/// Loads the catalog through the parse cache: reads the last run's cache, parses only the
/// episode files it does not hold as they are now, and writes the next cache (on another thread
/// when that can overlap normalizing and rendering). Phases are reported through `lap`.
class CachedLoading {
 public:
  using Lap = std::function<void(const char* phase)>;
  CachedLoading(const Config& config, OutputWriter& writer, std::uint64_t fingerprint, Lap lap);
  ~CachedLoading();
  CachedLoading(const CachedLoading&) = delete;
  CachedLoading& operator=(const CachedLoading&) = delete;

  /// Loads the listed `files`. `grow_heaps`: the process runs one export and exits, so a re-run
  /// may tune the allocator (src/base/process_tricks.hpp).
  Catalog load(const std::vector<ContentFile>& files, DiagnosticSink& diagnostics, LoadStats& stats,
               bool grow_heaps);
  /// Episode files taken from the cache.
  std::size_t reused() const { return reused_; }
  /// Every content file's stamp when it was read (for the run state).
  std::vector<std::pair<std::string, FileStamp>> take_stamps() { return std::move(stamps_); }
  /// The stamps of files episodes reference outside the listing (for the run state).
  std::vector<std::pair<std::string, FileStamp>> take_referenced() {
    return std::move(referenced_);
  }
  /// Waits for the cache written in the background; rethrows its write error.
  void finish();

 private:
  void write_next_cache();

  const Config& config_;
  OutputWriter& writer_;
  const std::uint64_t fingerprint_;
  Lap lap_;
  ParseCache previous_;
  std::vector<CacheEntrySource> next_;
  std::vector<std::pair<std::string, FileStamp>> stamps_;
  std::vector<std::pair<std::string, FileStamp>> referenced_;
  std::size_t reused_ = 0;
  std::future<void> writing_;  ///< declared after what it reads: joined first
};

}  // namespace castmap
