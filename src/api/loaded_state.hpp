// What a public LoadedCatalog holds behind its opaque pointer: the configuration, the normalized
// catalog and what loading reported. Only src/api (and its tests) see it.
#pragma once

#include <castmap/catalog.hpp>

#include <memory>
#include <utility>
#include <vector>

#include "src/config/config.hpp"
#include "src/load/loader.hpp"
#include "src/model/diagnostics.hpp"
#include "src/model/model.hpp"
#include "src/normalize/normalizer.hpp"

CASTMAP_BEGIN_NAMESPACE

struct LoadedCatalog::State {
  Config config;          ///< as loaded, with the LoadOptions applied
  Catalog catalog;        ///< normalized, held-back episodes removed: what an export publishes
  TimePoint reference{};  ///< the time drafts and future episodes were judged against
  LoadStats load;
  NormalizeStats normalize;
  /// What loading the content reported (loader and normalizer, not the configuration), sorted:
  /// an export into a sink reports it again, as a folder export reports what it finds.
  std::vector<Diagnostic> content_diagnostics;
  std::vector<Diagnostic> diagnostics;      ///< sorted; everything loading reported
  std::vector<DiagnosticMessage> messages;  ///< the same, as the public values
};

/// The one door to LoadedCatalog's state (its friend).
class CatalogAccess {
 public:
  static LoadedCatalog make(std::shared_ptr<const LoadedCatalog::State> state) {
    return LoadedCatalog(std::move(state));
  }
  static const LoadedCatalog::State& state(const LoadedCatalog& catalog) { return *catalog.state_; }
};

CASTMAP_END_NAMESPACE
