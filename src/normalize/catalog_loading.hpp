// Loading a catalog as every command uses it: the loader reads each file (src/load) and each
// episode is finished on the spot: cleaned (episode_normalizer) and its show notes rendered
// (show_notes), so that the parse cache keeps finished episodes and a re-run finishes only the
// files it parses again. The catalog-wide checks come later (normalize_catalog).
#pragma once

#include "src/config/config.hpp"
#include "src/load/loader.hpp"
#include "src/model/diagnostics.hpp"
#include "src/model/model.hpp"

namespace castmap {

/// read_catalog() with each episode cleaned and its show notes rendered as it is parsed.
Catalog load_catalog(const Config& config, DiagnosticSink& diagnostics, LoadStats* stats = nullptr,
                     LoadCacheIO* cache = nullptr);

}  // namespace castmap
