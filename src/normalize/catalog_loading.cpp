// load_catalog: the loader with cleaning and show notes as its per-episode finishing step.
#include "src/normalize/catalog_loading.hpp"

#include "src/normalize/episode_normalizer.hpp"
#include "src/normalize/show_notes.hpp"

namespace castmap {

Catalog load_catalog(const Config& config, DiagnosticSink& diagnostics, LoadStats* stats,
                     LoadCacheIO* cache) {
  return read_catalog(config, diagnostics, stats, cache,
                      [&config](Episode& episode, DiagnosticSink& episode_diagnostics) {
                        clean_episode(episode, episode_diagnostics);
                        // The page URL it resolves links against comes from the configuration,
                        // which is part of the parse cache's key.
                        render_episode_show_notes(episode, config, episode_diagnostics);
                      });
}

}  // namespace castmap
