// The exporter seam: an exporter is a pure renderer that turns the normalized catalog and the
// configuration into the bytes of its files. It declares what it produces (files rendered from
// one episode; files assembled from per-episode fragments between a head and a tail; summary
// files made from what was assembled) and renders each piece as a value. It never sees the file
// system, the clock, digests, caches or the previous run: src/incremental decides what to render
// again and what to keep, and src/output writes. See docs/architecture.md.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "src/config/config.hpp"
#include "src/model/diagnostics.hpp"
#include "src/model/model.hpp"

namespace castmap {

/// A format's facts as data (Hugo's output formats): other exporters link to its files through
/// these, never by its name.
struct FormatInfo {
  std::string_view name;         ///< kebab-case id for --only and `exporters:`, e.g. "webvtt"
  std::string_view description;  ///< one line for `castmap exporters`
  std::string_view media_type;   ///< e.g. "application/json+chapters"
  /// Where its files go, relative to the output folder. For per-episode files the placeholders
  /// {slug} and {id} are the episode's (e.g. "chapters/{slug}.json"); otherwise descriptive.
  std::string_view path_pattern;
  /// The configuration URL template its files are published at (null: not linked).
  std::string UrlTemplates::*published_at = nullptr;
  /// Written when neither --only nor `exporters:` names formats. False for formats a site asks
  /// for by name (the extra chapter formats, Atom, JSON Feed), so that adding one never changes the
  /// outputs of an existing configuration.
  bool on_by_default = true;
};

/// The formats a site publishes (the `exporters` setting: the default formats when empty), so that
/// one format can link another's files, e.g. a feed linking chapter files.
class FormatSet {
 public:
  explicit FormatSet(std::vector<const FormatInfo*> formats = {}) : formats_(std::move(formats)) {}
  /// The published format of this media type, if any.
  const FormatInfo* with_media_type(std::string_view media_type) const;

 private:
  std::vector<const FormatInfo*> formats_;
};

/// What every render reads: the normalized catalog, the configuration and the site's formats.
/// Everything here but the episodes is the same for every file of a run.
struct RenderContext {
  const Catalog& catalog;
  const Config& config;
  const FormatSet& formats;
};

/// Collects what rendering one piece found. The incremental layer keeps these diagnostics with
/// the piece, so a piece taken from the last run reports exactly what rendering it reported.
class RenderReport {
 public:
  void error(SourceLocation where, std::string code, std::string message);
  void warning(SourceLocation where, std::string code, std::string message);
  void note(SourceLocation where, std::string code, std::string message);
  void add(Diagnostic diagnostic) { items_.push_back(std::move(diagnostic)); }
  const std::vector<Diagnostic>& items() const { return items_; }
  std::vector<Diagnostic> take() { return std::move(items_); }

 private:
  std::vector<Diagnostic> items_;
};

/// A diagnostic a render reported for one episode (catalog index), for Exporter::summarize.
struct Finding {
  std::size_t episode = 0;
  Diagnostic diagnostic;
};

/// How a family of assembled files is split into parts (sitemaps: 50,000 URLs or 50 MiB each).
struct PartLimits {
  std::size_t max_fragments = 0;  ///< per part (at least 1)
  std::size_t max_bytes = 0;      ///< per part, head and tail included (a lone fragment may pass)
  /// Part n (1-based) is named `prefix` + "-" + n + `extension`; with unnumbered_when_only, a
  /// family that fits one part is named `prefix` + `extension`.
  std::string prefix;
  std::string extension;
  bool unnumbered_when_only = false;
};

/// A file (or a family of numbered parts) assembled from per-member fragments between a head
/// and a tail: a feed, the sitemap's parts. Members are catalog episode indices unless
/// `episode_members` is false (then they are the assembly's own items, e.g. shows, and their
/// fragments are rendered every run).
class Assembly {
 public:
  virtual ~Assembly() = default;

  std::string path;  ///< the file; for a split family, its name (used as its identity)
  std::vector<std::size_t> members;  ///< in file order
  bool episode_members = true;
  std::optional<PartLimits> split;  ///< set: parts, named by PartLimits
  bool gzip = false;                ///< parts are gzip-compressed (limits apply before)
  /// Members left out by design because of a size limit (feeds.max_items: the oldest): the
  /// cross-run guard does not report them as lost.
  std::size_t left_out_by_limit = 0;
  /// Written between two fragments of a file (a JSON array's ","), by the assembler: a fragment
  /// cannot know whether it is the first, and a recalled one must fit at any place.
  std::string separator;

  virtual std::string head() const = 0;
  virtual std::string tail() const = 0;
  /// Appends the bytes of one member to `out` (none: the member is left out). A fragment reads only
  /// its member, the RenderContext and which assembly it is in (its path): never other members.
  virtual void append_fragment(std::size_t member, std::string& out,
                               RenderReport& report) const = 0;
};

/// One file an assembly produced, for Exporter::render_summary.
struct AssembledPart {
  const Assembly* assembly = nullptr;
  std::string path;
  std::vector<std::size_t> members;     ///< the members with a fragment in this part, in order
  std::size_t oversized_fragments = 0;  ///< fragments larger than PartLimits::max_bytes alone
};

/// A whole file rendered at once.
struct RenderedFile {
  std::string path;
  std::string bytes;
};

class Exporter {
 public:
  virtual ~Exporter() = default;
  virtual const FormatInfo& info() const = 0;

  /// Per-episode files, at info().path_pattern: the bytes of `episode`'s file, or nullopt when
  /// it has none (e.g. no chapters).
  virtual bool writes_episode_files() const { return false; }
  virtual std::optional<std::string> render_episode_file(const RenderContext& ctx,
                                                         const Episode& episode,
                                                         RenderReport& report) const;

  /// Per-episode files of several names (transcripts: the .srt beside an episode and the .vtt
  /// made of it). When true (with writes_episode_files()), the renderer asks
  /// episode_file_paths() and render_episode_files() instead of path_pattern and
  /// render_episode_file(); what rendering reports is kept with the first file.
  virtual bool writes_named_episode_files() const { return false; }
  /// The paths of `episode`'s files, known without rendering them (none: it has none).
  virtual std::vector<std::string> episode_file_paths(const RenderContext& ctx,
                                                      const Episode& episode) const;
  /// The bytes of each of episode_file_paths(ctx, episode), in that order.
  virtual std::vector<std::string> render_episode_files(const RenderContext& ctx,
                                                        const Episode& episode,
                                                        RenderReport& report) const;

  /// The files this format assembles from fragments. Problems of the plan itself (settings,
  /// collisions) go to `report` and are reported every run.
  virtual std::vector<std::unique_ptr<Assembly>> plan_assemblies(const RenderContext& ctx,
                                                                 RenderReport& report) const;

  /// Files made from what the assemblies produced (a sitemap index over its parts).
  virtual std::vector<RenderedFile> render_summary(const RenderContext& ctx,
                                                   std::span<const AssembledPart> parts,
                                                   RenderReport& report) const;

  /// Reports what this format's renders found, in catalog order (fragments recalled from the
  /// last run included). The default reports each distinct diagnostic once.
  virtual void summarize(const RenderContext& ctx, std::span<const Finding> findings,
                         DiagnosticSink& diagnostics) const;
};

/// `pattern` with {slug} and {id} replaced by the episode's (both are safe path segments after
/// normalizing).
std::string episode_file_path(std::string_view pattern, const Episode& episode);

}  // namespace castmap
