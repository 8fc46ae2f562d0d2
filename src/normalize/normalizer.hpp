// The normalizer: turns what the loader read into a clean catalog (trimmed titles, sorted and
// repaired chapters, resolved references, unique and path-safe ids and slugs) and reports every
// repair (warning) and every rejection (error) with a stable code. Policy: docs/diagnostics.md.
#pragma once

#include <cstddef>

#include "src/config/config.hpp"
#include "src/model/diagnostics.hpp"
#include "src/model/model.hpp"

namespace castmap {

struct NormalizeStats {
  std::size_t episodes_rejected = 0;  ///< removed from the catalog because of an error
};

/// Normalizes in place; rejected episodes are removed. Deterministic: the result does not
/// depend on the input order of catalog.episodes. With config.strict the caller has already
/// put the sink in strict mode; the normalizer's policy does not change. Under --shard
/// (config.shard), an episode whose show another shard exports is rejected (src/shard.hpp).
void normalize(Catalog& catalog, const Config& config, DiagnosticSink& diagnostics,
               NormalizeStats* stats = nullptr);

}  // namespace castmap
