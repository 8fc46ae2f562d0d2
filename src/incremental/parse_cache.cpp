// Encoding and decoding of the parse cache and the run state with the bounds-checked binary
// codec. A trailing hash over the whole file detects truncation and corruption.
#include "src/incremental/parse_cache.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <future>

#include "src/base/content_hash.hpp"
#include "src/base/parallel.hpp"
#include "src/incremental/binary_codec.hpp"
#include "src/incremental/build_identity.hpp"

namespace castmap {

namespace {

// Bump whenever the layout of the cache, the run state or an encoded Episode changes, or what
// an entry means (2: episodes are stored cleaned, see clean_episode()).
// 3: content_hash() is XXH3; 4: show notes, EpisodeExtras; 5: Episode::draft, the run
// state's publication window; 6: episodes carry companions (chapter file, input files,
// transcripts) and the run state the stamps of referenced files.
constexpr std::uint64_t kParseCacheFormat = 6;
constexpr std::string_view kCacheMagic = "castmap-cache\n";
constexpr std::string_view kDeltaMagic = "castmap-cache-delta\n";
constexpr std::string_view kRunMagic = "castmap-run\n";

/// Checks magic, format, version and fingerprint; positions `reader` after them.
bool read_header(BinaryReader& reader, std::string_view magic, std::uint64_t fingerprint) {
  return reader.str() == magic && reader.u64() == kParseCacheFormat &&
         reader.str() == CASTMAP_VERSION && reader.u64() == fingerprint && reader.ok();
}

void write_header(BinaryWriter& writer, std::string_view magic, std::uint64_t fingerprint) {
  writer.str(magic);
  writer.u64(kParseCacheFormat);
  writer.str(CASTMAP_VERSION);
  writer.u64(fingerprint);
}

}  // namespace

std::uint64_t config_fingerprint(const Config& config) {
  // Derived, not listed: the provenance holds everything the configuration was made from, and
  // the build identity everything the code does with it (defaults included).
  BinaryWriter w;
  w.str(CASTMAP_VERSION);
  w.u64(build_identity());
  w.str(config.provenance);
  return content_hash(w.bytes());
}

namespace {
/// zlib's CRC-32 of `bytes`, 32 MB slices on all cores, combined (one core takes 0.14 s over
/// a 300 MB cache).
uLong crc32_on_all_cores(std::string_view bytes) {
  constexpr std::size_t kSliceBytes = std::size_t{32} << 20;
  const std::size_t slices =
      std::max<std::size_t>(1, (bytes.size() + kSliceBytes - 1) / kSliceBytes);
  std::vector<uLong> crcs(slices);
  parallel_for(slices, [&](std::size_t i) {
    const std::string_view slice =
        bytes.substr(std::min(bytes.size(), i * kSliceBytes), kSliceBytes);
    crcs[i] =
        crc32_z(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(slice.data()), slice.size());
  });
  uLong crc = crcs[0];
  for (std::size_t i = 1; i < slices; ++i)
    crc = crc32_combine(
        crc, crcs[i], static_cast<z_off_t>(std::min(kSliceBytes, bytes.size() - i * kSliceBytes)));
  return crc;
}

/// What a cache file's footer and header say, once its checksum is verified.
struct LayerHeader {
  std::uint64_t checksum = 0;
  std::uint64_t base_checksum = 0;  ///< a delta's base
};

/// Verifies one cache file (a base, or a delta when `delta`) and hands each index entry to
/// `add`; nullopt (after some calls to `add`, possibly) when the file is damaged or was written
/// for another fingerprint.
template <typename Add>
std::optional<LayerHeader> decode_layer(std::string_view all, std::uint64_t fingerprint, bool delta,
                                        const Add& add) {
  if (all.size() < 16) return std::nullopt;
  BinaryReader footer(all.substr(all.size() - 16));
  const std::uint64_t index_offset = footer.fixed64();
  LayerHeader layer;
  layer.checksum = footer.fixed64();
  if (index_offset > all.size() - 16 ||
      crc32_on_all_cores(all.substr(0, all.size() - 8)) != layer.checksum)
    return std::nullopt;
  BinaryReader header(all.substr(0, index_offset));
  if (!read_header(header, delta ? kDeltaMagic : kCacheMagic, fingerprint)) return std::nullopt;
  if (delta) layer.base_checksum = header.u64();
  if (!header.ok()) return std::nullopt;
  const std::size_t blobs_start = header.position();
  BinaryReader reader(all.substr(index_offset, all.size() - 16 - index_offset));
  const std::size_t count = reader.length();
  for (std::size_t i = 0; i < count && reader.ok(); ++i) {
    const std::string_view path = reader.view();  // into `all`, which the cache keeps
    ParseCache::IndexEntry entry;
    entry.stamp.size = reader.u64();
    entry.stamp.mtime_ns = static_cast<std::int64_t>(reader.u64());
    entry.hash = reader.u64();
    entry.blob_offset = static_cast<std::size_t>(reader.u64());
    entry.blob_size = static_cast<std::size_t>(reader.u64());
    entry.in_delta = delta;
    if (entry.blob_offset < blobs_start || entry.blob_offset > index_offset ||
        entry.blob_size > index_offset - entry.blob_offset)
      return std::nullopt;
    add(path, entry, count);
  }
  if (!reader.ok() || !reader.at_end()) return std::nullopt;
  return layer;
}
}  // namespace

ParseCache ParseCache::decode(FileBytes bytes, std::uint64_t fingerprint, std::int64_t written_ns) {
  ParseCache cache;
  auto held = std::make_unique<const FileBytes>(std::move(bytes));
  Index index;
  auto layer =
      decode_layer(held->view(), fingerprint, false,
                   [&index](std::string_view path, const IndexEntry& entry, std::size_t n) {
                     if (index.empty()) index.reserve(n);
                     index.emplace(path, entry);
                   });
  if (!layer) return cache;
  cache.bytes_[0] = std::move(held);
  cache.index_ = std::move(index);
  cache.written_ns_[0] = written_ns;
  cache.base_size_ = cache.index_.size();
  cache.base_checksum_ = layer->checksum;
  return cache;
}

bool ParseCache::add_delta(FileBytes bytes, std::uint64_t fingerprint, std::int64_t written_ns) {
  if (base_size_ == 0 || bytes_[1]) return false;
  auto held = std::make_unique<const FileBytes>(std::move(bytes));
  std::vector<std::pair<std::string_view, IndexEntry>> entries;
  auto layer = decode_layer(held->view(), fingerprint, true,
                            [&entries](std::string_view path, const IndexEntry& entry,
                                       std::size_t) { entries.emplace_back(path, entry); });
  if (!layer || layer->base_checksum != base_checksum_) return false;
  for (const auto& [path, entry] : entries) index_.insert_or_assign(path, entry);
  bytes_[1] = std::move(held);
  written_ns_[1] = written_ns;
  return true;
}

const ParseCache::IndexEntry* ParseCache::find(std::string_view path) const {
  auto it = index_.find(path);
  return it == index_.end() ? nullptr : &it->second;
}

std::string_view ParseCache::blob(const IndexEntry& entry) const {
  return bytes_[entry.in_delta]->view().substr(entry.blob_offset, entry.blob_size);
}

bool ParseCache::unchanged_since_read() const {
  for (const auto& bytes : bytes_)
    if (bytes && !bytes->still_as_mapped()) return false;
  return true;
}

std::optional<ReusedParse> ParseCache::reuse(const ContentFile& file, const FileStamp& stamp,
                                             const std::string* bytes, std::uint64_t hash,
                                             const CompanionFiles& companions) const {
  const IndexEntry* entry = find(file.relative);
  if (!entry) return std::nullopt;
  if (bytes ? (entry->stamp.size != bytes->size() || entry->hash != hash)
            : (entry->stamp != stamp || !stamp_trusted(*entry)))
    return std::nullopt;
  std::optional<CachedParse> cached = load(*entry);
  if (!cached) return std::nullopt;  // damaged entry: parse the file again
  // A chapter file or transcript changed, appeared or disappeared: parse again.
  if (cached->episode &&
      !companions_current(*cached->episode, file, companions,
                          [&](const FileStamp& input) { return stamp_trusted(*entry, input); }))
    return std::nullopt;
  ReusedParse reused;
  if (cached->episode) {
    reused.episode = std::move(cached->episode);
    reused.episode->cleaned = true;  // stored as the loader left it: cleaned
  }
  reused.diagnostics = std::move(cached->diagnostics);
  reused.blob = blob(*entry);
  // A touched or racy entry goes into the next delta with its new stamp, or every later run
  // would read the file again to check its hash.
  reused.as_in_base = !entry->in_delta && entry->stamp == stamp && stamp_trusted(*entry);
  reused.hash = entry->hash;
  return reused;
}

std::optional<CachedParse> ParseCache::load(const IndexEntry& entry) const {
  BinaryReader reader(blob(entry));
  CachedParse parse;
  parse.stamp = entry.stamp;
  parse.hash = entry.hash;
  if (reader.boolean()) parse.episode = reader.episode();
  for (std::size_t i = 0, n = reader.length(); i < n && reader.ok(); ++i)
    parse.diagnostics.push_back(reader.diagnostic());
  if (!reader.ok() || !reader.at_end()) return std::nullopt;
  return parse;
}

namespace {
void encode_parse_into(BinaryWriter& w, const Episode* episode,
                       const std::vector<Diagnostic>& diagnostics) {
  w.boolean(episode != nullptr);
  if (episode) w.episode(*episode);
  w.u64(diagnostics.size());
  for (const auto& d : diagnostics) w.diagnostic(d);
}
}  // namespace

std::string ParseCache::encode_parse(const Episode* episode,
                                     const std::vector<Diagnostic>& diagnostics) {
  BinaryWriter w;
  encode_parse_into(w, episode, diagnostics);
  return std::move(w.bytes());
}

bool encode_fresh_entries(std::vector<CacheEntrySource>& sources, std::size_t max_fresh) {
  const auto fresh = static_cast<std::size_t>(
      std::count_if(sources.begin(), sources.end(),
                    [](const CacheEntrySource& s) { return s.reused_blob.empty(); }));
  if (fresh > max_fresh) return false;
  for (CacheEntrySource& s : sources) {
    if (!s.ready_blob().empty()) continue;
    s.encoded = ParseCache::encode_parse(s.episode, s.diagnostics);
    s.episode = nullptr;
    s.diagnostics = {};
  }
  return true;
}

namespace {
/// Streams a cache file of the `sources` that `keep` selects; a delta names its base.
template <typename Keep>
void write_cache_file(const std::vector<CacheEntrySource>& sources, std::uint64_t fingerprint,
                      const std::optional<std::uint64_t>& delta_base, const Keep& keep,
                      const std::function<void(std::string_view)>& sink) {
  // Blobs are encoded and handed out one at a time, so a cold run never holds the whole cache
  // in memory; the index (with their offsets) follows them.
  std::uint64_t offset = 0;
  BinaryWriter index;
  index.u64(static_cast<std::uint64_t>(std::count_if(sources.begin(), sources.end(), keep)));
  // zlib's CRC-32 can be computed chunk by chunk while the cache streams out.
  uLong crc = crc32(0L, Z_NULL, 0);
  auto put = [&](std::string_view chunk) {
    crc = crc32_z(crc, reinterpret_cast<const Bytef*>(chunk.data()), chunk.size());
    sink(chunk);
    offset += chunk.size();
  };
  BinaryWriter header;
  write_header(header, delta_base ? kDeltaMagic : kCacheMagic, fingerprint);
  if (delta_base) header.u64(*delta_base);
  put(header.bytes());
  // A cold run encodes every parse here (half of this phase). The next batch is encoded on
  // another thread while this one is checksummed and written, so both cores work and only two
  // batches are ever held.
  static constexpr std::size_t kBatch = 512;
  std::array<std::vector<BinaryWriter>, 2> batches;  // [i]: source first+i, when fresh
  const auto encode_batch = [&sources, &keep](std::size_t first, std::vector<BinaryWriter>& out) {
    out.resize(std::min(kBatch, sources.size() - first));
    for (std::size_t i = 0; i < out.size(); ++i) {
      const CacheEntrySource& s = sources[first + i];
      out[i].bytes().clear();  // keeps its capacity for the next batch
      if (keep(s) && s.ready_blob().empty()) encode_parse_into(out[i], s.episode, s.diagnostics);
    }
  };
  std::future<void> next_batch;  // after `batches`: joined before they go
  if (!sources.empty())
    next_batch = std::async(std::launch::async, encode_batch, 0, std::ref(batches[0]));
  for (std::size_t first = 0, current = 0; first < sources.size(); first += kBatch, current ^= 1) {
    next_batch.get();
    if (first + kBatch < sources.size())
      next_batch = std::async(std::launch::async, encode_batch, first + kBatch,
                              std::ref(batches[current ^ 1]));
    std::vector<BinaryWriter>& encoded = batches[current];
    for (std::size_t i = 0; i < encoded.size(); ++i) {
      const CacheEntrySource& s = sources[first + i];
      if (!keep(s)) continue;
      std::string_view blob = s.ready_blob();
      if (blob.empty()) blob = encoded[i].bytes();
      index.str(s.path);
      index.u64(s.stamp.size);
      index.u64(static_cast<std::uint64_t>(s.stamp.mtime_ns));
      index.u64(s.hash);
      index.u64(offset);
      index.u64(blob.size());
      put(blob);
    }
  }
  BinaryWriter footer;
  footer.fixed64(offset);  // where the index starts
  put(index.bytes());
  put(footer.bytes());
  BinaryWriter checksum;
  checksum.fixed64(crc);
  sink(checksum.bytes());
}
}  // namespace

void write_parse_cache(const std::vector<CacheEntrySource>& sources, std::uint64_t fingerprint,
                       const std::function<void(std::string_view)>& sink) {
  write_cache_file(
      sources, fingerprint, std::nullopt, [](const CacheEntrySource&) { return true; }, sink);
}

CacheWrite choose_cache_write(const ParseCache& previous,
                              const std::vector<CacheEntrySource>& sources) {
  const std::size_t base = previous.base_size();
  const auto as_in_base = static_cast<std::size_t>(std::count_if(
      sources.begin(), sources.end(), [](const CacheEntrySource& s) { return s.as_in_base; }));
  const std::size_t outside_base = sources.size() - as_in_base;
  const std::size_t unused_base = base - std::min(base, as_in_base);
  return base > 0 && outside_base <= base / 8 && unused_base <= base / 8 ? CacheWrite::delta
                                                                         : CacheWrite::whole;
}

void write_parse_cache_delta(const std::vector<CacheEntrySource>& sources,
                             const ParseCache& previous, std::uint64_t fingerprint,
                             const std::function<void(std::string_view)>& sink) {
  write_cache_file(
      sources, fingerprint, previous.base_checksum(),
      [](const CacheEntrySource& s) { return !s.as_in_base; }, sink);
}

std::string RunState::encode(std::uint64_t fingerprint) const {
  std::string bytes;
  encode(fingerprint, [&bytes](std::string_view piece) { bytes += piece; });
  return bytes;
}

void RunState::encode(std::uint64_t fingerprint,
                      const std::function<void(std::string_view)>& sink) const {
  // Handed out in pieces of about 1 MB, hashed as they go: the state of a 100,000-file run
  // (10 MB) is written at the very end of the run, when its memory peaks.
  constexpr std::size_t kPieceBytes = 1 << 20;
  BinaryWriter w;
  w.bytes().reserve(kPieceBytes + 4096);
  ContentHasher hasher;
  auto flush = [&] {
    hasher.update(w.bytes());
    sink(w.bytes());
    w.bytes().clear();
  };
  auto flush_when_full = [&] {
    if (w.bytes().size() >= kPieceBytes) flush();
  };
  write_header(w, kRunMagic, fingerprint);
  w.u64(exporters.size());
  for (const auto& e : exporters) w.str(e);
  for (std::size_t n :
       {episode_files, episodes_loaded, episodes_failed, episodes_rejected, episodes_exported})
    w.u64(n);
  w.u64(diagnostics.size());
  for (const auto& d : diagnostics) {
    w.diagnostic(d);
    flush_when_full();
  }
  for (const auto* files : {&inputs, &referenced}) {
    w.u64(files->size());
    for (const auto& [path, stamp] : *files) {
      w.str(path);
      w.u64(stamp.size);
      w.u64(static_cast<std::uint64_t>(stamp.mtime_ns));
      flush_when_full();
    }
  }
  w.u64(static_cast<std::uint64_t>(window.from.time_since_epoch().count()));
  w.u64(static_cast<std::uint64_t>(window.until.time_since_epoch().count()));
  w.u64(held_back);
  flush();
  BinaryWriter tail;
  tail.fixed64(hasher.value());
  sink(tail.bytes());
}

std::optional<RunState> RunState::decode(std::string_view bytes, std::uint64_t fingerprint) {
  auto body = verified_body(bytes);
  if (!body) return std::nullopt;
  BinaryReader r(*body);
  if (!read_header(r, kRunMagic, fingerprint)) return std::nullopt;
  RunState state;
  for (std::size_t i = 0, n = r.length(); i < n && r.ok(); ++i) state.exporters.push_back(r.str());
  for (std::size_t* n : {&state.episode_files, &state.episodes_loaded, &state.episodes_failed,
                         &state.episodes_rejected, &state.episodes_exported})
    *n = static_cast<std::size_t>(r.u64());
  for (std::size_t i = 0, n = r.length(); i < n && r.ok(); ++i)
    state.diagnostics.push_back(r.diagnostic());
  for (auto* files : {&state.inputs, &state.referenced}) {
    for (std::size_t i = 0, n = r.length(); i < n && r.ok(); ++i) {
      std::string path = r.str();
      FileStamp stamp;
      stamp.size = r.u64();
      stamp.mtime_ns = static_cast<std::int64_t>(r.u64());
      files->emplace_back(std::move(path), stamp);
    }
  }
  state.window.from = TimePoint(std::chrono::seconds(static_cast<std::int64_t>(r.u64())));
  state.window.until = TimePoint(std::chrono::seconds(static_cast<std::int64_t>(r.u64())));
  state.held_back = static_cast<std::size_t>(r.u64());
  if (!r.ok() || !r.at_end()) return std::nullopt;
  return state;
}

}  // namespace castmap
