// Digests of what exporters read, so an incremental run can tell which outputs cannot have
// changed and skip rendering them (OutputSink::emit_unless_unchanged). A digest covers the
// normalized episode and everything outside the episodes (shows, people, technologies, the
// configuration and castmap version): any change there changes every digest.
#pragma once

#include <cstdint>
#include <vector>

#include "src/model/model.hpp"

namespace castmap {

/// One digest per episode of the normalized `catalog`, in catalog order, folded with
/// `config_fingerprint` (see config_fingerprint in parse_cache.hpp). Never 0. Runs on all cores.
std::vector<std::uint64_t> episode_input_digests(const Catalog& catalog,
                                                 std::uint64_t config_fingerprint);

}  // namespace castmap
