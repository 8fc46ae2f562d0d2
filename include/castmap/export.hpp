// Exporting a loaded catalog: every format (RSS feeds, chapter files, sitemaps) into a sink
// (memory, or any FileSink), or into an output folder exactly as `castmap export` writes it.
#pragma once

#include <castmap/catalog.hpp>
#include <castmap/diagnostic.hpp>
#include <castmap/sink.hpp>
#include <castmap/version.hpp>

#include <cstddef>     // size_t
#include <filesystem>  // path
#include <string>
#include <vector>

CASTMAP_BEGIN_NAMESPACE

/// How an export ended; the values are `castmap export`'s exit statuses (README.md, "Exit
/// statuses").
enum class ExportStatus {
  ok = 0,              ///< every file exported (warnings allowed)
  content_errors = 1,  ///< some episodes were rejected (errors in `diagnostics`); the rest exported
  usage = 2,           ///< nothing exported: an unknown format name, no site.base_url, ...
  io = 3,              ///< a file could not be written (the folder, or the FileSink threw)
  stale = 4,           ///< check_only: the folder is not up to date
  locked = 5,          ///< another run holds the output folder (see wait_for_lock)
  prune_refused = 6,   ///< the run would remove more published files than prune.max_remove allows
};

/// Choices for one export (the command line's flags of the same meaning).
struct OutputOptions {
  /// Export only these formats (exporter names: rss, json-chapters, webvtt, sitemap, as
  /// `castmap exporters` lists them), like --only: a folder export then prunes only their
  /// files. Empty: the configuration's `exporters`, else every format.
  std::vector<std::string> formats;
  /// Folder exports only: write nothing, report what would change (--check); the status is
  /// `stale` when something would.
  bool check_only = false;
  /// Folder exports only: fsync files and folders so outputs survive power loss (--durable).
  bool durable = false;
  /// Folder exports only: wait for another run on the same folder instead of ending with
  /// `locked` (--wait-lock).
  bool wait_for_lock = false;
};

/// What an export did.
struct ExportReport {
  ExportStatus status = ExportStatus::ok;
  /// Why the export stopped, for the statuses usage, io, locked and prune_refused (one line,
  /// like the CLI's `castmap: error: ...`); empty otherwise.
  std::string failure;
  /// What the catalog's content and its export reported (the loader's, the normalizer's and
  /// the exporters' findings), sorted: what `castmap export` prints but the configuration's
  /// diagnostics, which are the load's (LoadResult). Empty when the export stopped at once.
  std::vector<DiagnosticMessage> diagnostics;
  std::size_t episodes_exported = 0;
  /// Paths written, sorted: every file delivered to the sink; for a folder, the files created
  /// or changed (with check_only, the ones that would be).
  std::vector<std::string> written;
  /// Folder exports: files removed because no format produces them any more (pruned), sorted.
  std::vector<std::string> removed;
  /// Folder exports: files already up to date, left untouched.
  std::size_t unchanged = 0;

  std::size_t error_count() const;
  bool ok() const { return status == ExportStatus::ok; }
};

/// Renders every selected format of `catalog` and hands each file to `sink`. Nothing touches the
/// file system. Large catalogs make large files (a feed of 100,000 episodes is ~300 MB, held
/// whole for the sink): export those into a folder. Never throws for bad input.
ExportReport export_into(const LoadedCatalog& catalog, FileSink& sink,
                         const OutputOptions& options = {});

/// Exports into the output folder `folder` (empty: the configuration's `output`) as
/// `castmap export` does: atomic writes, unchanged files left untouched, stale files pruned
/// within prune.max_remove, a lock against a second run on the same folder, and the folder's
/// caches. Like the CLI it reads the content folder again, parsing only the files that changed
/// since the last export (the parse cache): the folder always matches the content on disk.
/// Never throws for bad input or a failed write.
ExportReport export_to_folder(const LoadedCatalog& catalog, const std::filesystem::path& folder,
                              const OutputOptions& options = {});

CASTMAP_END_NAMESPACE
