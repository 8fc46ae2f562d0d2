// castmap's public C++ API, all of it. Link castmap::castmap (find_package(castmap) or
// add_subdirectory) and include this header, or the ones below for a part.
//
//   <castmap/version.hpp>     the version macros and the versioned namespace
//   <castmap/diagnostic.hpp>  DiagnosticMessage: one problem found in the input, as a value
//   <castmap/catalog.hpp>     load_from_config(), load_from_content(): load and check a catalog
//   <castmap/sink.hpp>        FileSink (where an export delivers files), MemorySink
//   <castmap/export.hpp>      export_into() a sink, export_to_folder()
//   <castmap/chapters.hpp>    convert_chapter_file(): a chapter list into another format
//
// Everything is in namespace castmap (inline namespace castmap::v0, the ABI version: a program
// built against other headers than the library's fails to link instead of misbehaving). The
// headers include only the standard library; castmap's internals (src/) and its dependencies
// stay behind them.
//
// Errors are values. No function here throws for bad input, an unreadable file or a failed
// write: problems in the input come back as DiagnosticMessage values (with a stable code),
// problems that stop a run as a status and a message (ExportReport). What can still propagate
// is std::bad_alloc, and std::logic_error for a broken invariant inside castmap (a bug; please
// report it). An exception thrown by your own FileSink is caught and reported as a value.
//
// Thread safety: every function may be called from several threads at once; a LoadedCatalog
// is immutable and may be exported by several threads at once. castmap uses all cores for each
// call (CASTMAP_THREADS limits it).
#pragma once

#include <castmap/catalog.hpp>
#include <castmap/chapters.hpp>
#include <castmap/diagnostic.hpp>
#include <castmap/export.hpp>
#include <castmap/sink.hpp>
#include <castmap/version.hpp>
