// Assembles one of an exporter's Assemblies (a feed, the sitemap's parts) into files: keeps a
// file whose members did not change since the last run as it is; otherwise streams its head, its
// fragments (recalled from the last run's file when their inputs did not change, else rendered,
// a wave at a time on all cores) and its tail, splitting into parts where the assembly asks. A
// 300 MB feed is never held whole. The exporter only renders pieces; this decides.
#pragma once

#include <string_view>
#include <vector>

#include "exporters/exporter.hpp"
#include "src/incremental/remembered_fragments.hpp"
#include "src/incremental/render_inputs.hpp"
#include "src/output/output_target.hpp"
#include "src/output/output_writer.hpp"

namespace castmap {

/// What assembling one Assembly produced.
struct AssemblyResult {
  std::vector<AssembledPart> parts;
  std::vector<Finding> findings;  ///< in member order
};

/// What assembling reads and where it writes, shared by every assembly of a run.
struct AssemblySetup {
  const RenderContext& ctx;
  const InputKeys& keys;
  std::string_view exporter;
  OutputTarget& out;
  /// The output folder's writer (the last run's files, keeping them), or null: render all.
  OutputWriter* folder = nullptr;
  /// The last run's fragments, and where this run's go; null without a folder.
  RememberedFragments* fragments = nullptr;
};

/// Assembles `assembly` (thread-safe; assemblies of a run go side by side).
AssemblyResult assemble(const Assembly& assembly, const AssemblySetup& setup);

}  // namespace castmap
