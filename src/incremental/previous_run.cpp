// Replaying an unchanged run and loading through the parse cache (see previous_run.hpp).
#include "src/incremental/previous_run.hpp"

#include "src/base/process_tricks.hpp"
#include "src/normalize/catalog_loading.hpp"

namespace castmap {

std::optional<RunState> replay_unchanged_run(const std::vector<ContentFile>& files,
                                             const std::filesystem::path& content,
                                             const std::vector<std::string>& exporters,
                                             std::uint64_t fingerprint, TimePoint reference,
                                             OutputWriter& writer) {
  std::int64_t written_ns = 0;
  auto bytes = writer.read_state_file(kRunStateFileName, &written_ns);
  if (!bytes) return std::nullopt;
  std::optional<RunState> last = RunState::decode(bytes->view(), fingerprint);
  if (!last || last->exporters != exporters) return std::nullopt;
  // An embargo that passed (or an --as-of before the newest episode) changes what is published
  // although no file changed.
  if (!last->window.contains(reference)) return std::nullopt;
  if (files.size() != last->inputs.size()) return std::nullopt;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const auto& [path, stamp] = last->inputs[i];
    // The listing stamped every file. One changed in the same clock tick as the state was
    // written is not trusted; nor is one that could not be inspected.
    if (files[i].relative != path || files[i].stamp != stamp || stamp.mtime_ns >= written_ns ||
        stamp == FileStamp{})
      return std::nullopt;
  }
  // Chapter files episodes name: not listed, so stamped now (few: only such episodes have one).
  for (const auto& [path, stamp] : last->referenced)
    if (stamp == FileStamp{} || stamp.mtime_ns >= written_ns || stamp_now(content, path) != stamp)
      return std::nullopt;
  if (!writer.keep_previous_outputs(exporters)) return std::nullopt;
  return last;
}

void remember_run(OutputWriter& writer, std::uint64_t fingerprint, const RunState& state) {
  writer.write_state_file(kRunStateFileName,
                          [&](const auto& sink) { state.encode(fingerprint, sink); });
}

CachedLoading::CachedLoading(const Config& config, OutputWriter& writer, std::uint64_t fingerprint,
                             Lap lap)
    : config_(config), writer_(writer), fingerprint_(fingerprint), lap_(std::move(lap)) {}

CachedLoading::~CachedLoading() {
  if (writing_.valid()) writing_.wait();
}

Catalog CachedLoading::load(const std::vector<ContentFile>& files, DiagnosticSink& diagnostics,
                            LoadStats& stats, bool grow_heaps) {
  std::int64_t cache_written_ns = 0, delta_written_ns = 0;
  if (auto bytes = writer_.read_state_file(kParseCacheFileName, &cache_written_ns))
    previous_ = ParseCache::decode(std::move(*bytes), fingerprint_, cache_written_ns);
  if (!previous_.empty())
    if (auto delta = writer_.read_state_file(kParseCacheDeltaFileName, &delta_written_ns))
      previous_.add_delta(std::move(*delta), fingerprint_, delta_written_ns);
  // A re-run decodes most episodes from the cache: its heaps grow fast, so in large steps.
  if (!previous_.empty() && grow_heaps) grow_heaps_in_large_steps();
  lap_("cache-read");

  LoadCacheIO cache_io{&previous_, &next_, &stamps_, 0, &files, &referenced_};
  Catalog catalog = load_catalog(config_, diagnostics, &stats, &cache_io);
  reused_ = cache_io.reused;
  // The cache is mapped: entries decoded from a file another program wrote to meanwhile are
  // not trusted (castmap replaces its cache by renaming, never in place).
  if (!previous_.unchanged_since_read())
    throw OutputIoError("'" + (config_.output / kParseCacheFileName).string() +
                        "' was written to by another program while castmap read it; run again");
  lap_("read+parse");
  // Written now: its episode pointers go stale once the normalizer edits the catalog.
  write_next_cache();
  lap_("cache");
  return catalog;
}

void CachedLoading::write_next_cache() {
  const auto done = [this] {
    next_ = {};
    previous_ = ParseCache{};
  };
  if (choose_cache_write(previous_, next_) == CacheWrite::delta) {
    // A few files changed: only their entries are written (kilobytes, not the 300 MB base),
    // and the base stays as it is.
    writer_.write_state_file(kParseCacheDeltaFileName, [&](const auto& sink) {
      write_parse_cache_delta(next_, previous_, fingerprint_, sink);
    });
    done();
    return;
  }
  auto write_whole = [this, done] {
    writer_.write_state_file(kParseCacheFileName, [&](const auto& sink) {
      write_parse_cache(next_, fingerprint_, sink);
    });
    writer_.remove_state_file(kParseCacheDeltaFileName);  // it named the replaced base
    done();
  };
  // A re-run with few fresh parses but a base to compact writes its cache (mostly old blobs,
  // 300 MB at 100,000) on another thread while the catalog is normalized and rendered; the
  // fresh parses are encoded first because the normalizer edits them. A cold run streams its
  // cache now instead: encoding all of it up front would hold it in memory.
  if (encode_fresh_entries(next_, next_.size() / 8))
    writing_ = std::async(std::launch::async, write_whole);
  else
    write_whole();
}

void CachedLoading::finish() {
  if (writing_.valid()) writing_.get();
}

}  // namespace castmap
