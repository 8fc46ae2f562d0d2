// Episode input digests: for an episode the loader read from a file of known hash, that hash
// and its path; otherwise the binary codec's encoding of the normalized episode (every field, so
// nothing an exporter reads can change unnoticed). Either is folded with one digest of the rest
// of the catalog and the configuration.
#include "src/incremental/render_inputs.hpp"

#include <cstring>
#include <initializer_list>
#include <string_view>

#include "src/base/content_hash.hpp"
#include "src/base/parallel.hpp"
#include "src/incremental/binary_codec.hpp"

namespace castmap {

namespace {

void positions(BinaryWriter& out, const FieldPositions& map) {
  out.u64(map.size());
  for (const auto& [key, position] : map) {
    out.str(key);
    out.u64(static_cast<std::uint64_t>(position.line));
    out.u64(static_cast<std::uint64_t>(position.column));
  }
}

void optional_text(BinaryWriter& out, const std::optional<std::string>& text) {
  out.boolean(text.has_value());
  if (text) out.str(*text);
}

/// Everything but the episodes: shows, people, technologies, and the configuration.
std::uint64_t records_digest(const Catalog& catalog, std::uint64_t config_fingerprint) {
  BinaryWriter out;
  out.u64(config_fingerprint);
  out.u64(catalog.shows.size());
  for (const Show& show : catalog.shows) {
    out.str(show.id);
    out.str(show.name);
    out.str(show.description);
    out.u64(show.hosts.size());
    for (const std::string& host : show.hosts) out.str(host);
    out.str(show.source_path);
    positions(out, show.positions);
  }
  out.u64(catalog.people.size());
  for (const Person& person : catalog.people) {
    out.str(person.id);
    out.str(person.name);
    optional_text(out, person.handle);
    optional_text(out, person.url);
    optional_text(out, person.image);
    out.str(person.source_path);
  }
  out.u64(catalog.technologies.size());
  for (const Technology& technology : catalog.technologies) {
    out.str(technology.id);
    out.str(technology.name);
    out.str(technology.source_path);
  }
  return content_hash(out.bytes());
}

/// 0 is reserved for "unknown" (always render).
std::uint64_t nonzero(std::uint64_t digest) { return digest == 0 ? 1 : digest; }

/// content_hash() of the bytes of `words` (host order) followed by `text`, without building a
/// buffer: this runs for every episode, and for every item of every feed.
std::uint64_t hash_words_then(std::initializer_list<std::uint64_t> words, std::string_view text) {
  ContentHasher hasher;
  for (const std::uint64_t word : words) {
    char raw[sizeof word];
    std::memcpy(raw, &word, sizeof word);
    hasher.update(std::string_view(raw, sizeof raw));
  }
  hasher.update(text);
  return hasher.value();
}

}  // namespace

InputKeys input_keys_of(const Catalog& catalog, std::uint64_t config_fingerprint) {
  const std::uint64_t records = nonzero(records_digest(catalog, config_fingerprint));
  std::vector<std::uint64_t> digests(catalog.episodes.size());
  parallel_for(catalog.episodes.size(), [&](std::size_t i) {
    const Episode& episode = catalog.episodes[i];
    if (episode.source_digest != 0) {
      // Loaded from a file of known hash: the loaded episode is a function of its path, its
      // bytes and the configuration and castmap build (the parse cache relies on the same), and
      // the normalizer changes it only by what the records say (references it drops). So these
      // determine the normalized episode, without encoding 3 KB of it (0.2 CPU-s at 100k).
      digests[i] = nonzero(hash_words_then({records, episode.source_digest}, episode.source_path));
      return;
    }
    // One buffer per worker, reused: not a fresh string grown by doubling for every episode.
    thread_local BinaryWriter out;
    out.bytes().clear();
    out.u64(records);
    out.episode(episode);
    digests[i] = nonzero(content_hash(out.bytes()));
  });
  return InputKeys(std::move(digests), records);
}

std::uint64_t InputKeys::fragment(std::size_t index, std::string_view exporter,
                                  std::string_view assembly) const {
  const std::uint64_t digest = episode(index);
  if (digest == 0) return 0;
  ContentHasher hasher;
  char raw[sizeof digest];
  std::memcpy(raw, &digest, sizeof digest);
  hasher.update(std::string_view(raw, sizeof raw));
  hasher.update(exporter);
  hasher.update(std::string_view("\n", 1));
  hasher.update(assembly);
  return nonzero(hasher.value());
}

std::uint64_t InputKeys::assembly(std::string_view exporter, std::string_view path,
                                  std::span<const std::size_t> members) const {
  if (!known()) return 0;
  BinaryWriter out;
  out.fixed64(context_);
  out.str(exporter);
  out.str(path);
  out.u64(members.size());
  for (std::size_t index : members) {
    const std::uint64_t digest = episode(index);
    if (digest == 0) return 0;
    out.fixed64(digest);
  }
  return nonzero(content_hash(out.bytes()));
}

}  // namespace castmap
