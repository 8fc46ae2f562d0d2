// The normalizer's driver: cleans shows, people and technologies, normalizes every episode in
// parallel, then rejects duplicates in a fixed order (by source path) so that the result and the
// diagnostics never depend on the input order or the thread count.
#include "src/normalizer.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "src/chapter_repair.hpp"
#include "src/field_cleaning.hpp"
#include "src/message_text.hpp"
#include "src/parallel.hpp"
#include "src/path_safety.hpp"
#include "src/text.hpp"

namespace castmap {

namespace {

/// Sorts by id (then path) and drops every item whose id an earlier one already has.
template <typename T>
void drop_duplicate_ids(std::vector<T>& items, std::string_view kind, const std::string& code,
                        DiagnosticSink& diagnostics) {
  std::sort(items.begin(), items.end(), [](const T& a, const T& b) {
    return std::tie(a.id, a.source_path) < std::tie(b.id, b.source_path);
  });
  std::vector<T> kept;
  kept.reserve(items.size());
  for (T& item : items) {
    if (!kept.empty() && kept.back().id == item.id) {
      diagnostics.error({item.source_path, 1, 1}, code,
                        "duplicate " + std::string(kind) + " id " + quote_value(item.id) +
                            " (first defined in " + kept.back().source_path +
                            "); this file is ignored");
      continue;
    }
    kept.push_back(std::move(item));
  }
  items = std::move(kept);
}

void normalize_people(std::vector<Person>& people, DiagnosticSink& diagnostics) {
  drop_duplicate_ids(people, "person", "duplicate-person", diagnostics);
  for (Person& person : people) {
    clean_field(person.name, "person name", {person.source_path, 1, 1}, diagnostics);
    person.name = trim(person.name);
  }
}

void normalize_technologies(std::vector<Technology>& technologies, DiagnosticSink& diagnostics) {
  drop_duplicate_ids(technologies, "technology", "duplicate-technology", diagnostics);
  for (Technology& technology : technologies) {
    clean_field(technology.name, "technology name", {technology.source_path, 1, 1}, diagnostics);
    technology.name = trim(technology.name);
  }
}

/// Needs the person index of `catalog` to be current.
void normalize_shows(Catalog& catalog, DiagnosticSink& diagnostics) {
  for (Show& show : catalog.shows) {
    clean_title(show.name, "show name", show.location_of("name"), diagnostics);
    clean_field(show.description, "show description", show.location_of("description"), diagnostics);
    show.description = trim(show.description);
    std::vector<std::string> hosts;
    for (std::size_t i = 0; i < show.hosts.size(); ++i) {
      if (catalog.find_person(show.hosts[i])) {
        hosts.push_back(std::move(show.hosts[i]));
        continue;
      }
      diagnostics.warning(
          show.location_of("hosts[" + std::to_string(i) + "]"), "unknown-person",
          "unknown person " + quote_value(show.hosts[i]) + " in hosts; the host was dropped");
    }
    show.hosts = std::move(hosts);
  }
}

/// Cleans an id or slug and rejects it when it cannot be a file name. Invalid UTF-8 is not
/// repaired here: changing an identifier silently would change URLs and GUIDs.
void check_identifier(Episode& episode, std::string& value, const std::string& field,
                      const std::string& unsafe_code, DiagnosticSink& diagnostics) {
  if (value.empty()) return;  // reported as missing-field
  SourceLocation where = episode.location_of(field);
  if (is_valid_utf8(value)) clean_field(value, field, where, diagnostics);
  if (value.empty()) return;
  std::string problem = path_component_problem(value);
  if (!problem.empty())
    diagnostics.error(
        where, unsafe_code,
        field + " " + quote_value(value) + " is not safe as a file name: it " + problem);
}

void clean_texts(Episode& episode, DiagnosticSink& diagnostics) {
  const std::string raw_id = episode.id;
  check_identifier(episode, episode.id, "id", "unsafe-id", diagnostics);
  check_identifier(episode, episode.slug, "slug", "unsafe-slug", diagnostics);
  // media_id defaults to the id; follow the id's cleaning instead of reporting it twice.
  if (episode.media_id.empty() || episode.media_id == raw_id)
    episode.media_id = episode.id;
  else
    clean_field(episode.media_id, "videoId", episode.location_of("videoId"), diagnostics);

  clean_title(episode.title, "title", episode.location_of("title"), diagnostics);
  clean_field(episode.description, "description", episode.location_of("description"), diagnostics);
  episode.description = trim(episode.description);
  if (episode.subtitle) {
    clean_field(*episode.subtitle, "subtitle", episode.location_of("subtitle"), diagnostics);
    *episode.subtitle = trim(*episode.subtitle);
    if (episode.subtitle->empty()) episode.subtitle.reset();
  }
}

void require_fields(const Episode& episode, DiagnosticSink& diagnostics) {
  auto require = [&](const std::string& field, bool present) {
    if (present) return;
    std::string message = episode.positions.contains(field)
                              ? "required field \"" + field + "\" is empty"
                              : "missing required field \"" + field + "\"";
    diagnostics.error(episode.location_of(field), "missing-field", message);
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
  std::vector<std::string> guests;
  for (std::size_t i = 0; i < episode.guests.size(); ++i) {
    if (catalog.find_person(episode.guests[i])) {
      guests.push_back(std::move(episode.guests[i]));
      continue;
    }
    diagnostics.warning(
        episode.location_of("guests[" + std::to_string(i) + "]"), "unknown-person",
        "unknown person " + quote_value(episode.guests[i]) + " in guests; the guest was dropped");
  }
  episode.guests = std::move(guests);
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
  if (!std::isfinite(episode.duration_seconds) || episode.duration_seconds < 0) {
    diagnostics.warning(episode.location_of("duration"), "duration-invalid",
                        "duration " + format_seconds(episode.duration_seconds) +
                            " is not a valid length; treated as unknown");
    episode.duration_seconds = 0;
  }
}

/// Work that depends on one episode only, so it can run on any thread.
void normalize_episode(Episode& episode, const Catalog& catalog, DiagnosticSink& diagnostics) {
  clean_texts(episode, diagnostics);
  require_fields(episode, diagnostics);
  resolve_references(episode, catalog, diagnostics);
  check_media_facts(episode, diagnostics);
  repair_chapters(episode, diagnostics);
}

std::unordered_set<std::string> paths_with_errors(const DiagnosticSink& diagnostics) {
  std::unordered_set<std::string> paths;
  for (const Diagnostic& diagnostic : diagnostics.sorted())
    if (diagnostic.severity == Severity::error) paths.insert(diagnostic.where.path);
  return paths;
}

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

/// Two episodes must never share an id (GUIDs) or an output file name (slug, also ignoring
/// case). Episodes are visited by source path so the first file always wins; episodes that are
/// already rejected do not take part, so a broken file never pushes out its good twin.
void reject_duplicates(const std::vector<Episode>& episodes,
                       std::unordered_set<std::string>& rejected_paths,
                       DiagnosticSink& diagnostics) {
  std::vector<const Episode*> order;
  order.reserve(episodes.size());
  for (const Episode& episode : episodes)
    if (!rejected_paths.contains(episode.source_path)) order.push_back(&episode);
  std::sort(order.begin(), order.end(), [](const Episode* a, const Episode* b) {
    return std::tie(a->source_path, a->id, a->slug) < std::tie(b->source_path, b->id, b->slug);
  });

  std::unordered_map<std::string_view, const Episode*> by_id, by_slug;
  std::unordered_map<std::string, const Episode*> by_folded_slug;
  by_id.reserve(order.size());
  by_slug.reserve(order.size());
  by_folded_slug.reserve(order.size());
  for (const Episode* episode : order) {
    auto reject = [&](const std::string& field, const std::string& code,
                      const std::string& message) {
      diagnostics.error(episode->location_of(field), code, message);
      rejected_paths.insert(episode->source_path);
    };
    if (auto it = by_id.find(episode->id); it != by_id.end()) {
      reject("id", "duplicate-id",
             "duplicate id " + quote_value(episode->id) + " (first used by " +
                 it->second->source_path + ")");
      continue;
    }
    if (auto it = by_slug.find(episode->slug); it != by_slug.end()) {
      reject("slug", "duplicate-slug",
             "duplicate slug " + quote_value(episode->slug) + " (first used by " +
                 it->second->source_path + "); both would be written to the same files");
      continue;
    }
    std::string folded = lower_ascii(episode->slug);
    if (auto it = by_folded_slug.find(folded); it != by_folded_slug.end()) {
      reject("slug", "slug-case-collision",
             "slug " + quote_value(episode->slug) + " differs only in letter case from " +
                 quote_value(it->second->slug) + " (" + it->second->source_path +
                 "); they would overwrite each other on case-insensitive file systems");
      continue;
    }
    by_id.emplace(episode->id, episode);
    by_slug.emplace(episode->slug, episode);
    by_folded_slug.emplace(std::move(folded), episode);
  }
}

}  // namespace

void normalize(Catalog& catalog, const Config& /*config*/, DiagnosticSink& diagnostics,
               NormalizeStats* stats) {
  normalize_people(catalog.people, diagnostics);
  normalize_technologies(catalog.technologies, diagnostics);
  drop_duplicate_ids(catalog.shows, "show", "duplicate-show", diagnostics);
  catalog.index();
  normalize_shows(catalog, diagnostics);

  parallel_for(catalog.episodes.size(), [&](std::size_t i) {
    normalize_episode(catalog.episodes[i], catalog, diagnostics);
  });

  // Loader errors, the errors above and (in strict mode) every warning reject an episode.
  std::unordered_set<std::string> rejected_paths = paths_with_errors(diagnostics);
  reject_duplicates(catalog.episodes, rejected_paths, diagnostics);
  std::size_t rejected = std::erase_if(catalog.episodes, [&](const Episode& episode) {
    return rejected_paths.contains(episode.source_path);
  });
  if (stats) stats->episodes_rejected += rejected;

  std::sort(catalog.episodes.begin(), catalog.episodes.end(), newer_first);
  catalog.index();
}

}  // namespace castmap
