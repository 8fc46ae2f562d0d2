// Digests of what exporters read, so an incremental run can tell which outputs cannot have
// changed and skip rendering them. An episode's digest covers the normalized episode and
// everything outside the episodes (shows, people, technologies, the configuration and castmap
// build): any change there changes every digest. The keys of files and fragments are made from
// them here, in one place.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "src/model/model.hpp"

namespace castmap {

/// The keys a run's rendered pieces are remembered by. Default-constructed: unknown (every key
/// 0, so everything is rendered).
class InputKeys {
 public:
  InputKeys() = default;
  InputKeys(std::vector<std::uint64_t> episodes, std::uint64_t context)
      : episodes_(std::move(episodes)), context_(context) {}

  bool known() const { return context_ != 0; }
  /// Per episode, in catalog order.
  const std::vector<std::uint64_t>& episodes() const { return episodes_; }
  /// A file rendered from episode `index` alone.
  std::uint64_t episode(std::size_t index) const {
    return index < episodes_.size() ? episodes_[index] : 0;
  }
  /// The fragment of episode `index` in `exporter`'s assembly `assembly` (a file's path, or a
  /// split family's name).
  std::uint64_t fragment(std::size_t index, std::string_view exporter,
                         std::string_view assembly) const;
  /// A file assembled from `members` (catalog indices, in order) by `exporter`.
  std::uint64_t assembly(std::string_view exporter, std::string_view path,
                         std::span<const std::size_t> members) const;

 private:
  std::vector<std::uint64_t> episodes_;
  std::uint64_t context_ = 0;  ///< everything but the episodes
};

/// The keys of the normalized `catalog`, folded with `config_fingerprint` (see
/// config_fingerprint in parse_cache.hpp). Never 0. Runs on all cores.
InputKeys input_keys_of(const Catalog& catalog, std::uint64_t config_fingerprint);

}  // namespace castmap
