// A program using castmap as a library (tests/find-package): loads the catalog a castmap.yaml
// names and prints what it found, with the version of the castmap headers it was built with.
#include <castmap/version.hpp>

#include <cstdio>

#include "src/config/config.hpp"
#include "src/load/loader.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: consumer CASTMAP_YAML\n");
    return 2;
  }
  castmap::DiagnosticSink diagnostics;
  const std::optional<castmap::Config> config = castmap::load_config(argv[1], diagnostics);
  if (!config) {
    std::fprintf(stderr, "consumer: cannot use %s\n", argv[1]);
    return 2;
  }
  const castmap::Catalog catalog = castmap::load_catalog(*config, diagnostics);
  static_assert(castmap::version_number == CASTMAP_VERSION_NUMBER);
  std::printf("castmap %d.%d.%d: %zu episodes, %zu shows, %zu errors\n", CASTMAP_VERSION_MAJOR,
              CASTMAP_VERSION_MINOR, CASTMAP_VERSION_PATCH, catalog.episodes.size(),
              catalog.shows.size(), diagnostics.error_count());
  return diagnostics.error_count() == 0 ? 0 : 1;
}
