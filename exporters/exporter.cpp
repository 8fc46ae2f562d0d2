// The exporter seam's defaults and small helpers (exporters/exporter.hpp).
#include "exporters/exporter.hpp"

#include <set>
#include <tuple>

namespace castmap {

const FormatInfo* FormatSet::with_media_type(std::string_view media_type) const {
  for (const FormatInfo* format : formats_)
    if (format->media_type == media_type) return format;
  return nullptr;
}

void RenderReport::error(SourceLocation where, std::string code, std::string message) {
  items_.push_back({Severity::error, std::move(where), std::move(message), std::move(code)});
}
void RenderReport::warning(SourceLocation where, std::string code, std::string message) {
  items_.push_back({Severity::warning, std::move(where), std::move(message), std::move(code)});
}
void RenderReport::note(SourceLocation where, std::string code, std::string message) {
  items_.push_back({Severity::note, std::move(where), std::move(message), std::move(code)});
}

std::optional<std::string> Exporter::render_episode_file(const RenderContext&, const Episode&,
                                                         RenderReport&) const {
  return std::nullopt;
}

std::vector<std::string> Exporter::episode_file_paths(const RenderContext&, const Episode&) const {
  return {};
}

std::vector<std::string> Exporter::render_episode_files(const RenderContext&, const Episode&,
                                                        RenderReport&) const {
  return {};
}

std::vector<std::unique_ptr<Assembly>> Exporter::plan_assemblies(const RenderContext&,
                                                                 RenderReport&) const {
  return {};
}

std::vector<RenderedFile> Exporter::render_summary(const RenderContext&,
                                                   std::span<const AssembledPart>,
                                                   RenderReport&) const {
  return {};
}

void Exporter::summarize(const RenderContext&, std::span<const Finding> findings,
                         DiagnosticSink& diagnostics) const {
  // An episode in two feeds reports the same problem from both of its items.
  using Key = std::tuple<const std::string&, int, int, const std::string&, const std::string&>;
  std::set<Key> reported;
  for (const Finding& finding : findings) {
    const Diagnostic& d = finding.diagnostic;
    if (reported.emplace(d.where.path, d.where.line, d.where.column, d.code, d.message).second)
      diagnostics.report(d);
  }
}

std::string episode_file_path(std::string_view pattern, const Episode& episode) {
  std::string path;
  path.reserve(pattern.size() + episode.slug.size());
  for (std::size_t at = 0; at < pattern.size();) {
    if (pattern.substr(at).starts_with("{slug}")) {
      path += episode.slug;
      at += 6;
    } else if (pattern.substr(at).starts_with("{id}")) {
      path += episode.id;
      at += 4;
    } else {
      path += pattern[at++];
    }
  }
  return path;
}

}  // namespace castmap
