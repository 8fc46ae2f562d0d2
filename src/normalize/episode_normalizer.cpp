// Per-episode checks and repairs. Hot path: runs for every episode, so clean fields must not
// allocate (locations are built only when something is reported).
#include "src/normalize/episode_normalizer.hpp"

#include <cmath>
#include <cstddef>
#include <string>

#include "src/base/message_text.hpp"
#include "src/base/path_safety.hpp"
#include "src/base/text.hpp"
#include "src/normalize/chapter_repair.hpp"
#include "src/normalize/field_cleaning.hpp"

namespace castmap {

namespace {

/// Cleans an id or slug and rejects it when it cannot be a file name. Invalid UTF-8 is not
/// repaired here: changing an identifier silently would change URLs and GUIDs.
void check_identifier(Episode& episode, std::string& value, const std::string& field,
                      const std::string& unsafe_code, DiagnosticSink& diagnostics) {
  if (value.empty()) return;  // reported as missing-field
  auto where = [&] { return episode.location_of(field); };
  if (is_valid_utf8(value)) clean_field(value, field, where, diagnostics);
  if (value.empty()) return;
  std::string problem = path_component_problem(value);
  if (!problem.empty())
    diagnostics.error(
        where(), unsafe_code,
        field + " " + quote_value(value) + " is not safe as a file name: it " + problem);
}

void clean_texts(Episode& episode, DiagnosticSink& diagnostics) {
  // media_id defaults to the id; follow the id's cleaning instead of reporting it twice.
  const bool media_is_id = episode.media_id.empty() || episode.media_id == episode.id;
  check_identifier(episode, episode.id, "id", "unsafe-id", diagnostics);
  check_identifier(episode, episode.slug, "slug", "unsafe-slug", diagnostics);
  if (!media_is_id) {
    clean_field(
        episode.media_id, "videoId", [&] { return episode.location_of("videoId"); }, diagnostics);
  } else if (episode.media_id != episode.id) {
    episode.media_id = episode.id;
  }

  clean_title(
      episode.title, "title", [&] { return episode.location_of("title"); }, diagnostics);
  clean_field(
      episode.description, "description", [&] { return episode.location_of("description"); },
      diagnostics);
  trim(episode.description);
  if (episode.subtitle) {
    clean_field(
        *episode.subtitle, "subtitle", [&] { return episode.location_of("subtitle"); },
        diagnostics);
    trim(*episode.subtitle);
    if (episode.subtitle->empty()) episode.subtitle.reset();
  }
}

void require_fields(const Episode& episode, DiagnosticSink& diagnostics) {
  auto require = [&](const char* field, bool present) {
    if (present) return;
    std::string name(field);
    // A value of the wrong type (a list for a slug, ...) was already reported by the loader.
    SourceLocation where = episode.location_of(name);
    if (episode.positions.contains(name) && diagnostics.has_error_at(where.path, where.line))
      return;
    std::string message = episode.positions.contains(name)
                              ? "required field \"" + name + "\" is empty"
                              : "missing required field \"" + name + "\"";
    diagnostics.error(where, "missing-field", message);
  };
  require("id", !episode.id.empty());
  require("slug", !episode.slug.empty());
  require("title", !episode.title.empty());
  // An unparsable date was already reported by the loader; here only its absence counts.
  require("publishedAt", episode.positions.contains("publishedAt"));
}

void resolve_references(Episode& episode, const Catalog& catalog, DiagnosticSink& diagnostics) {
  if (!episode.show_id.empty() && !catalog.find_show(episode.show_id)) {
    diagnostics.warning(episode.location_of("show"), "unknown-show",
                        "unknown show " + quote_value(episode.show_id) +
                            "; the episode appears only in the all-episodes feed");
    episode.show_id.clear();
  }
  std::size_t kept = 0;
  for (std::size_t i = 0; i < episode.guests.size(); ++i) {
    if (!catalog.find_person(episode.guests[i])) {
      diagnostics.warning(
          episode.location_of("guests[" + std::to_string(i) + "]"), "unknown-person",
          "unknown person " + quote_value(episode.guests[i]) + " in guests; the guest was dropped");
      continue;
    }
    if (kept != i) episode.guests[kept] = std::move(episode.guests[i]);
    ++kept;
  }
  episode.guests.resize(kept);
  for (std::size_t i = 0; i < episode.technologies.size(); ++i) {
    if (catalog.find_technology(episode.technologies[i])) continue;
    diagnostics.warning(
        episode.location_of("technologies[" + std::to_string(i) + "]"), "unknown-technology",
        "unknown technology " + quote_value(episode.technologies[i]) + "; it is shown by its id");
  }
}

void check_media_facts(Episode& episode, DiagnosticSink& diagnostics) {
  if (episode.audio_file_size == 0u) {
    // RSS enclosures need a real length; 0 is a placeholder, so omit it rather than claim it.
    diagnostics.warning(episode.location_of("audioFileSize"), "invalid-file-size",
                        "audioFileSize is 0; treated as absent");
    episode.audio_file_size.reset();
  }
  const double duration = episode.duration_seconds;
  const char* problem = nullptr;
  if (!std::isfinite(duration) || duration < 0) {
    problem = " s is not a valid length; treated as unknown";
  } else if (duration > kMaxMediaSeconds) {
    problem = " s is longer than any media castmap accepts (1000 hours); treated as unknown";
  } else if (duration > 0 && duration < 0.0005) {
    problem = " s is shorter than a millisecond; treated as unknown";
  }
  if (problem)
    diagnostics.warning(episode.location_of("duration"), "duration-invalid",
                        "duration " + format_seconds(duration) + problem);
  // -0 as well: every unknown duration is +0.
  if (problem || duration == 0) episode.duration_seconds = 0;
}

/// itunes:episodeType takes exactly `full`, `trailer` or `bonus` (Apple's value set, in lower
/// case); another spelling of one of them is repaired, anything else rejects the episode rather
/// than publish a value Apple refuses or silently call it a full episode.
void check_episode_type(Episode& episode, DiagnosticSink& diagnostics) {
  std::string& type = episode.episode_type;
  if (type.empty() || type == "full" || type == "trailer" || type == "bonus") return;
  std::string folded(trim_whitespace(type));
  for (char& c : folded)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  const auto where = episode.location_of("episodeType");
  if (folded == "full" || folded == "trailer" || folded == "bonus") {
    diagnostics.warning(where, "episode-type-case",
                        "episodeType " + quote_value(type) + " was read as \"" + folded + "\"");
    type = std::move(folded);
    return;
  }
  if (folded.empty()) {
    type.clear();  // white space only: absent
    return;
  }
  diagnostics.error(where, "episode-type-invalid",
                    "episodeType " + quote_value(type) + " is not full, trailer or bonus");
}

}  // namespace

void clean_episode(Episode& episode, DiagnosticSink& diagnostics) {
  clean_texts(episode, diagnostics);
  require_fields(episode, diagnostics);
  check_media_facts(episode, diagnostics);
  check_episode_type(episode, diagnostics);
  repair_chapters(episode, diagnostics);
  episode.cleaned = true;
}

void normalize_episode(Episode& episode, const Catalog& catalog, DiagnosticSink& diagnostics) {
  if (!episode.cleaned) clean_episode(episode, diagnostics);
  // Touches only the show, guests and technologies, which cleaning leaves alone.
  resolve_references(episode, catalog, diagnostics);
}

}  // namespace castmap
