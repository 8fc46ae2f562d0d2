// Per-episode normalization: everything that depends on one episode alone (text cleaning,
// required fields, path-safe id and slug, media facts, chapters; done by the loader) and its
// references to shows, people and technologies, so it can run on any thread. Cross-episode
// checks (duplicates) live in the normalizer driver.
#pragma once

#include "src/model/diagnostics.hpp"
#include "src/model/model.hpp"

namespace castmap {

/// The part of normalize_episode() that depends on the episode's file alone: text cleaning,
/// required fields, path-safe id and slug, media facts, chapters. The loader runs it right after
/// parsing, with the file's own diagnostics in `diagnostics`, so the parse cache holds cleaned
/// episodes and a re-run does not clean 100,000 unchanged ones again. Sets episode.cleaned.
void clean_episode(Episode& episode, DiagnosticSink& diagnostics);

/// Cleans and repairs `episode` in place (clean_episode(), unless the loader did) and checks its
/// references to shows, people and technologies; reports every repair (warning) and every reason
/// to reject it (error; the driver removes episodes whose file has errors). `catalog` must be
/// indexed; only its shows, people and technologies are read.
void normalize_episode(Episode& episode, const Catalog& catalog, DiagnosticSink& diagnostics);

}  // namespace castmap
