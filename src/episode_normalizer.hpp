// Per-episode normalization: everything that depends on one episode alone (text cleaning,
// required fields, path-safe id and slug, references, media facts, chapters), so it can run on
// any thread. Cross-episode checks (duplicates) live in the normalizer driver.
#pragma once

#include "src/diagnostics.hpp"
#include "src/model.hpp"

namespace castmap {

/// Cleans and repairs `episode` in place and reports every repair (warning) and every reason
/// to reject it (error; the driver removes episodes whose file has errors). `catalog` must be
/// indexed; only its shows, people and technologies are read.
void normalize_episode(Episode& episode, const Catalog& catalog, DiagnosticSink& diagnostics);

}  // namespace castmap
