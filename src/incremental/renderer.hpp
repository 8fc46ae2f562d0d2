// Renders exporters into an output target, incrementally: per-episode files whose inputs did
// not change since the last run are kept unrendered, assembled files are kept or streamed with
// their unchanged fragments recalled (assembler.hpp), and what each piece reported is kept with
// it, so that a re-run reports exactly what a cold run would. Everything an exporter does not
// see (digests, recall, chunking, the previous run) is decided here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "exporters/exporter.hpp"
#include "src/incremental/render_inputs.hpp"
#include "src/model/diagnostics.hpp"
#include "src/output/output_target.hpp"
#include "src/output/output_writer.hpp"

namespace castmap {

class RememberedFragments;

class Renderer {
 public:
  /// Renders into `out`. With `folder` (the output folder's writer, usually `out` itself), the
  /// last run's files and fragments are used where `keys` say nothing they depend on changed;
  /// without (memory, tests), everything is rendered.
  Renderer(const RenderContext& ctx, InputKeys keys, OutputTarget& out, OutputWriter* folder,
           DiagnosticSink& diagnostics);
  ~Renderer();
  Renderer(const Renderer&) = delete;
  Renderer& operator=(const Renderer&) = delete;

  /// What this run will surely not write again of what the last run published, foreseen before
  /// anything is rendered: the per-episode files of `exporters` whose episodes are gone.
  struct RemovalForecast {
    std::uint64_t published = 0;  ///< files the last run wrote for the exporters in scope
    std::uint64_t removed = 0;
  };
  /// `scope`: the exporters whose files may be pruned (empty: all). The paths it works out are
  /// kept for render(), which then does not build them again.
  RemovalForecast forecast_removals(const std::vector<const Exporter*>& exporters,
                                    const std::vector<std::string>& scope);

  /// Renders every file of `exporter` and reports what it found. Thread-safe: exporters may
  /// render side by side.
  void render(const Exporter& exporter);

  /// After the last render: writes the fragment index the next run recalls from (a folder only,
  /// and not after a failed write) and lets go of the last run's files. Throws OutputIoError.
  void finish();

  /// Fragments taken from the last run's files instead of rendered.
  std::size_t fragments_recalled() const;

 private:
  void render_episode_files(const Exporter& exporter, std::vector<Finding>& findings);
  /// An exporter's files of one episode (Exporter::writes_named_episode_files): kept, or
  /// rendered and written; returns what rendering them reported.
  std::vector<Diagnostic> render_named_files(const Exporter& exporter, std::size_t index);
  void render_assemblies(const Exporter& exporter, std::vector<Finding>& findings);

  const RenderContext& ctx_;
  const InputKeys keys_;
  OutputTarget& out_;
  OutputWriter* folder_;
  DiagnosticSink& diagnostics_;
  std::unique_ptr<RememberedFragments> fragments_;
  /// An episode's file as forecast_removals() found it: its path and the last run's manifest
  /// entry for that path (nullptr: none).
  struct PlannedFile {
    std::string path;
    const ManifestEntry* previous = nullptr;
  };
  /// Per exporter with a path pattern, each episode's file (by episode index), so that render()
  /// neither builds the path nor looks it up again; it moves them out. Not changed while
  /// rendering, so exporters rendering side by side only read it.
  std::unordered_map<const Exporter*, std::vector<PlannedFile>> planned_files_;
};

}  // namespace castmap
