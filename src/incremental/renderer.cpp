// The incremental renderer (see renderer.hpp).
#include "src/incremental/renderer.hpp"

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "src/base/parallel.hpp"
#include "src/incremental/assembler.hpp"
#include "src/incremental/findings_codec.hpp"
#include "src/incremental/remembered_fragments.hpp"

namespace castmap {

Renderer::Renderer(const RenderContext& ctx, InputKeys keys, OutputTarget& out,
                   OutputWriter* folder, DiagnosticSink& diagnostics)
    : ctx_(ctx), keys_(std::move(keys)), out_(out), folder_(folder), diagnostics_(diagnostics) {
  if (folder_) fragments_ = std::make_unique<RememberedFragments>(*folder_);
}

Renderer::~Renderer() = default;

Renderer::RemovalForecast Renderer::forecast_removals(const std::vector<const Exporter*>& exporters,
                                                      const std::vector<std::string>& scope) {
  RemovalForecast forecast;
  if (!folder_) return forecast;
  const auto in_scope = [&scope](std::string_view exporter) {
    return scope.empty() || std::find(scope.begin(), scope.end(), exporter) != scope.end();
  };
  const Manifest& previous = folder_->previous_manifest();
  std::map<std::string_view, std::uint64_t> published_by;  // per exporter
  for (const auto& [path, entry] : previous)
    if (in_scope(entry.exporter)) ++published_by[entry.exporter];
  for (const auto& [exporter, count] : published_by) forecast.published += count;
  for (const Exporter* exporter : exporters) {
    const FormatInfo& format = exporter->info();
    auto published = published_by.find(format.name);
    if (!exporter->writes_episode_files() || published == published_by.end()) continue;
    // Every published file of this format that no episode of this run has the path of.
    std::atomic<std::uint64_t> still_there{0};
    const auto known_entry = [&](const std::string& path) -> const ManifestEntry* {
      const auto known = previous.find(path);
      if (known == previous.end()) return nullptr;
      if (known->second.exporter == format.name)
        still_there.fetch_add(1, std::memory_order_relaxed);
      return &known->second;
    };
    const bool named = exporter->writes_named_episode_files();
    std::vector<PlannedFile>* planned = nullptr;
    if (!named) {
      planned = &planned_files_[exporter];
      planned->assign(ctx_.catalog.episodes.size(), PlannedFile{});
    }
    parallel_for(ctx_.catalog.episodes.size(), [&](std::size_t i) {
      const Episode& episode = ctx_.catalog.episodes[i];
      if (!named) {
        PlannedFile& file = (*planned)[i];
        file.path = episode_file_path(format.path_pattern, episode);
        file.previous = known_entry(file.path);
        return;
      }
      for (const std::string& path : exporter->episode_file_paths(ctx_, episode)) known_entry(path);
    });
    forecast.removed += published->second - std::min(published->second, still_there.load());
  }
  return forecast;
}

void Renderer::render(const Exporter& exporter) {
  if (folder_) folder_->register_exporter(exporter.info().name);
  std::vector<Finding> findings;
  if (exporter.writes_episode_files()) render_episode_files(exporter, findings);
  render_assemblies(exporter, findings);
  // Catalog order (stable: within an episode, in the order its pieces were rendered).
  std::stable_sort(findings.begin(), findings.end(),
                   [](const Finding& a, const Finding& b) { return a.episode < b.episode; });
  exporter.summarize(ctx_, findings, diagnostics_);
}

void Renderer::render_episode_files(const Exporter& exporter, std::vector<Finding>& findings) {
  const std::string_view name = exporter.info().name;
  const std::string_view pattern = exporter.info().path_pattern;
  const auto& episodes = ctx_.catalog.episodes;
  std::vector<std::vector<Diagnostic>> found(episodes.size());
  if (exporter.writes_named_episode_files()) {
    parallel_for(episodes.size(),
                 [&](std::size_t i) { found[i] = render_named_files(exporter, i); });
    for (std::size_t i = 0; i < found.size(); ++i)
      for (Diagnostic& d : found[i]) findings.push_back({i, std::move(d)});
    return;
  }
  const auto planned_for = planned_files_.find(&exporter);
  std::vector<PlannedFile>* planned =
      planned_for == planned_files_.end() || planned_for->second.size() != episodes.size()
          ? nullptr
          : &planned_for->second;
  parallel_for(episodes.size(), [&](std::size_t i) {
    const Episode& episode = episodes[i];
    // As forecast_removals() found it, unless an earlier render of this exporter took it (a
    // path is never empty).
    const bool was_planned = planned && !(*planned)[i].path.empty();
    std::string path =
        was_planned ? std::move((*planned)[i].path) : episode_file_path(pattern, episode);
    const std::uint64_t key = keys_.episode(i);
    if (folder_ && key != 0) {
      // Kept as the last run wrote it, reporting what rendering it reported then.
      const ManifestEntry* known = nullptr;
      if (was_planned) {
        known = (*planned)[i].previous;
      } else {
        const Manifest& previous = folder_->previous_manifest();
        const auto entry = previous.find(path);
        if (entry != previous.end()) known = &entry->second;
      }
      if (known && known->inputs == key) {
        std::optional<std::vector<Diagnostic>> recorded = decode_findings(known->note);
        if (recorded && folder_->keep_if_unchanged(name, path, key)) {
          found[i] = std::move(*recorded);
          return;
        }
      }
    }
    RenderReport report;
    std::optional<std::string> bytes = exporter.render_episode_file(ctx_, episode, report);
    if (bytes)
      out_.write(name, std::move(path), std::move(*bytes), {key, encode_findings(report.items())});
    found[i] = report.take();
  });
  for (std::size_t i = 0; i < found.size(); ++i)
    for (Diagnostic& d : found[i]) findings.push_back({i, std::move(d)});
}

std::vector<Diagnostic> Renderer::render_named_files(const Exporter& exporter, std::size_t index) {
  const std::string_view name = exporter.info().name;
  const Episode& episode = ctx_.catalog.episodes[index];
  std::vector<std::string> paths = exporter.episode_file_paths(ctx_, episode);
  if (paths.empty()) return {};
  const std::uint64_t key = keys_.episode(index);
  // Kept when every file is as the last run wrote it from the same inputs; what rendering
  // reported is in the first file's note.
  std::vector<bool> kept(paths.size(), false);
  std::optional<std::vector<Diagnostic>> recorded;
  if (folder_ && key != 0) {
    const Manifest& previous = folder_->previous_manifest();
    bool all_known = true;
    for (const std::string& path : paths) {
      const auto known = previous.find(path);
      all_known = all_known && known != previous.end() && known->second.inputs == key;
    }
    if (all_known) {
      recorded = decode_findings(previous.find(paths.front())->second.note);
      for (std::size_t f = 0; f < paths.size() && recorded; ++f)
        kept[f] = folder_->keep_if_unchanged(name, paths[f], key) != nullptr;
      if (recorded && std::find(kept.begin(), kept.end(), false) == kept.end())
        return std::move(*recorded);
    }
  }
  RenderReport report;
  std::vector<std::string> files = exporter.render_episode_files(ctx_, episode, report);
  const std::string findings = encode_findings(report.items());
  for (std::size_t f = 0; f < paths.size() && f < files.size(); ++f) {
    if (kept[f]) continue;  // the same bytes: rendered from the same inputs
    out_.write(name, std::move(paths[f]), std::move(files[f]), {key, f == 0 ? findings : ""});
  }
  return report.take();
}

void Renderer::render_assemblies(const Exporter& exporter, std::vector<Finding>& findings) {
  RenderReport plan_report;
  const std::vector<std::unique_ptr<Assembly>> assemblies =
      exporter.plan_assemblies(ctx_, plan_report);
  for (Diagnostic& d : plan_report.take()) diagnostics_.report(std::move(d));
  if (assemblies.empty()) return;

  const AssemblySetup setup{ctx_, keys_, exporter.info().name, out_, folder_, fragments_.get()};
  std::vector<AssemblyResult> results(assemblies.size());
  parallel_for(assemblies.size(),
               [&](std::size_t i) { results[i] = assemble(*assemblies[i], setup); });
  std::vector<AssembledPart> parts;
  for (AssemblyResult& result : results) {
    for (AssembledPart& part : result.parts) parts.push_back(std::move(part));
    for (Finding& finding : result.findings) findings.push_back(std::move(finding));
  }
  RenderReport summary_report;
  for (RenderedFile& file : exporter.render_summary(ctx_, parts, summary_report))
    out_.write(exporter.info().name, std::move(file.path), std::move(file.bytes), {});
  for (Diagnostic& d : summary_report.take()) diagnostics_.report(std::move(d));
}

void Renderer::finish() {
  if (fragments_) fragments_->save();
}

std::size_t Renderer::fragments_recalled() const { return fragments_ ? fragments_->recalled() : 0; }

}  // namespace castmap
