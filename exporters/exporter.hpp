// The exporter interface: an exporter turns the normalized catalog (plus configuration) into
// output files. It never touches the file system or the clock; it hands bytes to an OutputSink.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "src/config/config.hpp"
#include "src/model/diagnostics.hpp"
#include "src/model/model.hpp"

namespace castmap {

/// Receives rendered files. Implementations are thread-safe: exporters may emit from
/// parallel_for workers. `path` is relative to the output folder, '/'-separated.
class OutputSink {
 public:
  virtual ~OutputSink() = default;
  virtual void emit(std::string path, std::string bytes) = 0;

  /// Emits `render()`'s bytes as `path`, unless the last run wrote `path` from the same
  /// `inputs` (a digest of everything rendering reads, see ExportContext::inputs_of) and the
  /// file is still on disk exactly as written: then `render` is not called and the file is
  /// kept. This is what makes a re-run after a small change cheap. `inputs` 0 means unknown
  /// and always renders. Sinks without a previous run (tests, --check of a new folder) just
  /// render.
  virtual void emit_unless_unchanged(std::string path, std::uint64_t inputs,
                                     const std::function<std::string()>& render) {
    (void)inputs;
    emit(std::move(path), render());
  }

  /// Hands one consecutive piece of a streamed file to the sink.
  using PieceWriter = std::function<void(std::string_view)>;
  /// Writes a whole file, piece by piece, through the PieceWriter it is given.
  using FileProducer = std::function<void(const PieceWriter&)>;

  /// emit_unless_unchanged() for a file too large to hold whole (feeds/all.xml of a
  /// 100,000-episode catalog is 300 MB): `produce` hands the file's bytes over in pieces, and
  /// the writer hashes, compares and writes them as they come. The default collects the
  /// pieces (sinks that keep files in memory).
  virtual void emit_streamed_unless_unchanged(std::string path, std::uint64_t inputs,
                                              const FileProducer& produce) {
    emit_unless_unchanged(std::move(path), inputs, [&] {
      std::string bytes;
      produce([&bytes](std::string_view piece) { bytes.append(piece); });
      return bytes;
    });
  }

  /// A fragment of a file (an RSS <item>, a sitemap <url>) as the last run rendered it.
  struct RecalledFragment {
    std::string_view bytes;  ///< exactly what the fragment took in its file
    std::string_view note;   ///< what the exporter noted with it (see FragmentPlacement)
  };
  /// The bytes the last run rendered for the fragment `key` (one of this exporter's files',
  /// remembered by remember_fragments()) when the file it went into is still on disk exactly
  /// as written, so the fragment need not be rendered again; otherwise nullopt. `key` must
  /// digest everything rendering the fragment reads (ExportContext::fragment_key); 0 never
  /// matches. The views stay valid while the sink lives. Sinks without a previous run always
  /// return nullopt.
  virtual std::optional<RecalledFragment> recall_fragment(std::uint64_t key) {
    (void)key;
    return std::nullopt;
  }

  /// Where a fragment went in the file being written: bytes [offset, offset + size).
  struct FragmentPlacement {
    std::uint64_t key = 0;
    std::uint64_t offset = 0;
    std::uint32_t size = 0;
    /// A few bytes the exporter needs back with the fragment (e.g. what rendering it found,
    /// for the run's diagnostics).
    std::string note;
  };
  /// Records fragments of `path` (a file emitted through emit_streamed_unless_unchanged(),
  /// called from its producer, in any number of batches) for the next run's recall_fragment().
  virtual void remember_fragments(std::string_view path, std::vector<FragmentPlacement> placed) {
    (void)path;
    (void)placed;
  }
};

/// What an exporter may read while rendering.
struct ExportContext {
  const Catalog& catalog;
  const Config& config;
  DiagnosticSink& diagnostics;
  /// Runs fn(i) for i in [0, n) on all cores; use it for per-episode or per-show files.
  std::function<void(std::size_t, const std::function<void(std::size_t)>&)> parallel_for;
  /// Per episode, in catalog order: a digest of the normalized episode folded with a digest of
  /// everything else an exporter may read (shows, people, technologies, configuration, castmap
  /// version). Empty when not computed; then every inputs_of() is 0 (always render).
  std::span<const std::uint64_t> episode_inputs = {};

  /// The `inputs` key of a file rendered from episode `index` alone.
  std::uint64_t inputs_of(std::size_t index) const {
    return index < episode_inputs.size() ? episode_inputs[index] : 0;
  }
  /// The `inputs` key of a file rendered from several episodes, in this order (a feed, a
  /// sitemap part). `salt` tells files over the same episodes apart (e.g. a feed's path).
  std::uint64_t inputs_of(const std::vector<std::size_t>& indices, std::string_view salt) const;
  /// The key of a fragment rendered from episode `index` alone (for recall_fragment());
  /// `salt` tells apart fragments of the same episode that differ (another feed, another
  /// format). 0 (never recalled) when the episode's inputs are not known.
  std::uint64_t fragment_key(std::size_t index, std::string_view salt) const;
};

class Exporter {
 public:
  virtual ~Exporter() = default;
  /// Kebab-case id used by --only and the `exporters` config key, e.g. "json-chapters".
  virtual std::string_view name() const = 0;
  /// One line for `castmap exporters`.
  virtual std::string_view description() const = 0;
  /// Renders every file of this format. Content problems go to ctx.diagnostics, never thrown.
  virtual void render(const ExportContext& ctx, OutputSink& out) const = 0;
};

}  // namespace castmap
