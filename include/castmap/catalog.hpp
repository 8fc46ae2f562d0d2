// Loading and checking a catalog: from a castmap.yaml, or from a content folder with the
// default configuration. What `castmap validate` does, with the diagnostics returned as values.
#pragma once

#include <castmap/diagnostic.hpp>
#include <castmap/version.hpp>

#include <chrono>
#include <cstddef>     // size_t
#include <filesystem>  // path
#include <memory>      // shared_ptr
#include <optional>
#include <string>
#include <vector>

CASTMAP_BEGIN_NAMESPACE

/// What a load may override in the configuration (the command line's flags of the same names).
struct LoadOptions {
  /// load_from_config() only: the content folder to read instead of the configuration's
  /// `content` (--content). Relative paths resolve against the current folder.
  std::filesystem::path content;
  /// site.base_url (--base-url), checked like the configuration's: a bad one is a diagnostic
  /// with code config-invalid and no catalog. Empty: the configuration's. An export needs one.
  std::string base_url;
  /// Every warning counts as an error, in the load and in the exports of the catalog (--strict).
  /// On top of the configuration's own `strict: true`.
  bool strict = false;
  /// The reference time (--as-of): drafts and episodes dated after it are held back from the
  /// catalog and from every export, each with a note. Unset: the time of the load.
  std::optional<std::chrono::system_clock::time_point> as_of;
};

/// A loaded, checked catalog with the configuration it was loaded under: the episodes that
/// passed every check, newest first, ready to export. Cheap to copy (the copies share one
/// immutable catalog) and safe to use from several threads at once.
class LoadedCatalog {
 public:
  /// Episodes that passed every check (the ones an export publishes).
  std::size_t episode_count() const;
  /// Episode files found in the content folder, valid or not.
  std::size_t episode_file_count() const;
  std::size_t show_count() const;
  /// The castmap.yaml the catalog was loaded under; empty for load_from_content().
  std::filesystem::path config_file() const;
  /// The content folder read (absolute).
  std::filesystem::path content_folder() const;
  /// What loading reported, sorted by path, line and column (the same as LoadResult's).
  const std::vector<DiagnosticMessage>& diagnostics() const;

  struct State;  ///< the catalog and configuration, opaque (src/api/loaded_state.hpp)

 private:
  friend class CatalogAccess;  // src/api: makes and reads the state
  explicit LoadedCatalog(std::shared_ptr<const State> state);
  std::shared_ptr<const State> state_;
};

/// What a load gives: the catalog when the configuration and the content folder could be used,
/// and every diagnostic in either case.
struct LoadResult {
  /// Empty when nothing could be loaded: an unreadable or invalid castmap.yaml, a bad
  /// LoadOptions::base_url, a missing content folder (the diagnostics say which). Present
  /// otherwise, also when some episodes were rejected: their errors are in `diagnostics`.
  std::optional<LoadedCatalog> catalog;
  /// Sorted by path, line and column; the lines `castmap validate` prints.
  std::vector<DiagnosticMessage> diagnostics;

  std::size_t error_count() const;
  std::size_t warning_count() const;
  /// A catalog, and no errors (warnings allowed): what `castmap validate` exits 0 for.
  bool ok() const { return catalog.has_value() && error_count() == 0; }
};

/// Reads the castmap.yaml `config_file` (relative paths in it resolve against its folder), then
/// loads and checks the catalog in its content folder. Never throws for bad input.
LoadResult load_from_config(const std::filesystem::path& config_file,
                            const LoadOptions& options = {});

/// Loads and checks the catalog in `content_folder` with the default configuration (as
/// `castmap validate --content DIR` without a castmap.yaml); options.content is ignored.
LoadResult load_from_content(const std::filesystem::path& content_folder,
                             const LoadOptions& options = {});

CASTMAP_END_NAMESPACE
