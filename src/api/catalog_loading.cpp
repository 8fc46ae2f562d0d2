// load_from_config() and load_from_content(): `castmap validate`'s steps (configuration, content
// folder, loader, normalizer), with the diagnostics kept as values.
#include <castmap/catalog.hpp>

#include <chrono>
#include <filesystem>
#include <optional>
#include <system_error>
#include <utility>

#include "src/api/diagnostic_values.hpp"
#include "src/api/loaded_state.hpp"
#include "src/config/config_provenance.hpp"
#include "src/normalize/catalog_loading.hpp"
#include "src/normalize/publishing_state.hpp"

namespace castmap {

namespace {

/// Applies the options to a usable configuration, checks its content folder and loads the
/// catalog. A configuration that is not usable (nullopt) gives no catalog.
LoadResult load_under(std::optional<Config> config, const LoadOptions& options,
                      DiagnosticSink& diagnostics) {
  if (config && !options.base_url.empty()) {
    std::string problem;
    if (!set_base_url(*config, options.base_url, problem)) {
      diagnostics.error({}, "config-invalid", "LoadOptions::base_url: " + problem);
      config.reset();
    } else {
      record_setting(*config, "LoadOptions::base_url", config->site.base_url);
    }
  }
  std::error_code ec;
  if (config && !std::filesystem::is_directory(config->content, ec)) {
    diagnostics.error({config->content.string(), 0, 0}, "content-root-missing",
                      "content folder does not exist");
    config.reset();
  }
  LoadResult result;
  if (!config) {
    result.diagnostics = to_messages(diagnostics.sorted());
    return result;
  }
  if (options.strict) {
    config->strict = true;
    record_setting(*config, "LoadOptions::strict", "true");
  }
  diagnostics.set_strict(config->strict);

  auto state = std::make_shared<LoadedCatalog::State>();
  DiagnosticSink content;
  content.set_strict(config->strict);
  state->catalog = load_catalog(*config, content, &state->load);
  normalize(state->catalog, *config, content, &state->normalize);
  state->reference =
      options.as_of ? std::chrono::floor<std::chrono::seconds>(*options.as_of)
                    : std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  hold_back_unpublished(state->catalog, state->reference, content);
  state->config = std::move(*config);
  state->content_diagnostics = content.sorted();
  for (const Diagnostic& d : state->content_diagnostics) diagnostics.report(d);
  state->diagnostics = diagnostics.sorted();
  state->messages = to_messages(state->diagnostics);
  result.diagnostics = state->messages;
  result.catalog = CatalogAccess::make(std::move(state));
  return result;
}

/// `path` absolute and normal, as the CLI makes --content (the current folder may be gone: then
/// the path stays as given, and the content check reports it).
std::filesystem::path absolute_path(const std::filesystem::path& path) {
  std::error_code ec;
  std::filesystem::path absolute = std::filesystem::absolute(path, ec);
  return ec ? path : absolute.lexically_normal();
}

}  // namespace

}  // namespace castmap

CASTMAP_BEGIN_NAMESPACE

LoadedCatalog::LoadedCatalog(std::shared_ptr<const State> state) : state_(std::move(state)) {}

std::size_t LoadedCatalog::episode_count() const { return state_->catalog.episodes.size(); }
std::size_t LoadedCatalog::episode_file_count() const { return state_->load.episode_files; }
std::size_t LoadedCatalog::show_count() const { return state_->catalog.shows.size(); }
std::filesystem::path LoadedCatalog::config_file() const { return state_->config.source_path; }
std::filesystem::path LoadedCatalog::content_folder() const { return state_->config.content; }
const std::vector<DiagnosticMessage>& LoadedCatalog::diagnostics() const {
  return state_->messages;
}

std::size_t LoadResult::error_count() const {
  return count_severity(diagnostics, DiagnosticSeverity::error);
}
std::size_t LoadResult::warning_count() const {
  return count_severity(diagnostics, DiagnosticSeverity::warning);
}

LoadResult load_from_config(const std::filesystem::path& config_file, const LoadOptions& options) {
  DiagnosticSink diagnostics;
  std::optional<Config> config = load_config(config_file, diagnostics);
  if (config && !options.content.empty()) {
    config->content = absolute_path(options.content);
    record_setting(*config, "LoadOptions::content", config->content.native());
  }
  return load_under(std::move(config), options, diagnostics);
}

LoadResult load_from_content(const std::filesystem::path& content_folder,
                             const LoadOptions& options) {
  DiagnosticSink diagnostics;
  return load_under(default_config(absolute_path(content_folder)), options, diagnostics);
}

CASTMAP_END_NAMESPACE
