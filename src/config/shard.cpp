// Sharding by show: parsing "K/N", which shard takes a key, and the listing's episode filter.
#include "src/config/shard.hpp"

#include <xxhash.h>

#include <charconv>

namespace castmap {

std::uint32_t Shard::shard_of(std::string_view key) const {
  // XXH3-64 with seed 0, named in docs/sharding.md: anyone can compute a show's shard, and a
  // show never moves between shards unless N changes. Deliberately not content_hash(), whose
  // function may change with the state files' formats.
  return active() ? static_cast<std::uint32_t>(XXH3_64bits(key.data(), key.size()) % count) + 1 : 1;
}

std::string Shard::label() const {
  return "shard-" + std::to_string(index) + "-of-" + std::to_string(count);
}

std::optional<Shard> parse_shard(std::string_view text, std::string& error) {
  const auto parse = [](std::string_view digits, std::uint32_t& value) {
    const char* end = digits.data() + digits.size();
    auto [stop, ec] = std::from_chars(digits.data(), end, value);
    return !digits.empty() && ec == std::errc() && stop == end;
  };
  const std::size_t slash = text.find('/');
  Shard shard;
  if (slash == std::string_view::npos || !parse(text.substr(0, slash), shard.index) ||
      !parse(text.substr(slash + 1), shard.count)) {
    error =
        "--shard takes K/N, e.g. 2/8 (the second of eight shards), not '" + std::string(text) + "'";
    return std::nullopt;
  }
  if (shard.count < 1 || shard.count > kMaxShards) {
    error = "--shard " + std::string(text) + ": N must be 1 to " + std::to_string(kMaxShards);
    return std::nullopt;
  }
  if (shard.index < 1 || shard.index > shard.count) {
    // A Kubernetes Indexed Job numbers its pods from 0: the usual slip.
    error = "--shard " + std::string(text) + ": K must be 1 to " + std::to_string(shard.count) +
            " (shards count from 1; from a Kubernetes Indexed Job pass " +
            "$((JOB_COMPLETION_INDEX + 1))/N)";
    return std::nullopt;
  }
  return shard;
}

EpisodeFileFilter::EpisodeFileFilter(const Shard& shard, const std::vector<std::string>& show_ids)
    : shard_(shard) {
  if (shard_.active()) show_ids_.insert(show_ids.begin(), show_ids.end());
}

EpisodeFileFilter::Folder EpisodeFileFilter::enter(Folder parent, std::string_view name) const {
  if (parent != Folder::undecided || !shard_.active()) return parent;
  // Few shows: a copy of the name per folder is nothing next to listing the folder.
  if (!show_ids_.contains(std::string(name))) return Folder::undecided;
  return shard_.owns(name) ? Folder::this_shard : Folder::other_shard;
}

bool EpisodeFileFilter::takes(Folder parent, std::string_view relative) const {
  switch (parent) {
    case Folder::this_shard:
      return true;
    case Folder::other_shard:
      return false;
    case Folder::undecided:
      break;
  }
  return shard_.owns(relative);
}

}  // namespace castmap
