// The normalizer's driver: cleans shows, people and technologies, normalizes every episode in
// parallel, then rejects duplicates in a fixed order (by source path) so that the result and the
// diagnostics never depend on the input order or the thread count.
#include "src/normalize/normalizer.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "src/base/message_text.hpp"
#include "src/base/parallel.hpp"
#include "src/base/path_safety.hpp"
#include "src/base/unicode.hpp"
#include "src/normalize/episode_normalizer.hpp"
#include "src/normalize/field_cleaning.hpp"

namespace castmap {

namespace {

/// Sorts by id (then path) and drops every item whose id an earlier one already has, comparing
/// ids as identifiers (identifier_key: NFC, case folded), so "Live" and "live" are one id.
template <typename T>
void drop_duplicate_ids(std::vector<T>& items, std::string_view kind, const std::string& code,
                        DiagnosticSink& diagnostics) {
  std::vector<std::pair<std::string, std::size_t>> keys;  // (identifier key, index)
  keys.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) keys.emplace_back(identifier_key(items[i].id), i);
  std::sort(keys.begin(), keys.end(), [&](const auto& a, const auto& b) {
    return std::tie(a.first, items[a.second].source_path) <
           std::tie(b.first, items[b.second].source_path);
  });
  std::vector<T> kept;
  kept.reserve(items.size());
  for (std::size_t k = 0; k < keys.size(); ++k) {
    T& item = items[keys[k].second];
    if (k > 0 && keys[k - 1].first == keys[k].first) {
      const T& first = kept.back();
      const std::string spelling =
          first.id == item.id
              ? ""
              : " (as " + quote_value(first.id) + ", ignoring case and Unicode normalization)";
      diagnostics.error({item.source_path, 1, 1}, code,
                        "duplicate " + std::string(kind) + " id " + quote_value(item.id) +
                            spelling + " (first defined in " + first.source_path +
                            "); this file is ignored");
      continue;
    }
    kept.push_back(std::move(item));
  }
  // Back in the loader's order (id, then path), which the key order differs from.
  std::sort(kept.begin(), kept.end(), [](const T& a, const T& b) {
    return std::tie(a.id, a.source_path) < std::tie(b.id, b.source_path);
  });
  items = std::move(kept);
}

/// A show id names its feed file (feeds/<id>.xml), so it must be a safe path component too.
void drop_unsafe_show_ids(std::vector<Show>& shows, DiagnosticSink& diagnostics) {
  std::erase_if(shows, [&](const Show& show) {
    std::string problem = path_component_problem(show.id);
    if (problem.empty()) return false;
    diagnostics.error(show.location_of("id"), "unsafe-show-id",
                      "show id " + quote_value(show.id) +
                          " is not safe as a file name: " + problem + "; the show is ignored");
    return true;
  });
}

void normalize_people(std::vector<Person>& people, DiagnosticSink& diagnostics) {
  drop_duplicate_ids(people, "person", "duplicate-person", diagnostics);
  for (Person& person : people) {
    clean_field(
        person.name, "person name",
        [&] {
          return SourceLocation{person.source_path, 1, 1};
        },
        diagnostics);
    trim(person.name);
  }
}

void normalize_technologies(std::vector<Technology>& technologies, DiagnosticSink& diagnostics) {
  drop_duplicate_ids(technologies, "technology", "duplicate-technology", diagnostics);
  for (Technology& technology : technologies) {
    clean_field(
        technology.name, "technology name",
        [&] {
          return SourceLocation{technology.source_path, 1, 1};
        },
        diagnostics);
    trim(technology.name);
  }
}

/// Needs the person index of `catalog` to be current.
void normalize_shows(Catalog& catalog, DiagnosticSink& diagnostics) {
  for (Show& show : catalog.shows) {
    clean_title(
        show.name, "show name", [&] { return show.location_of("name"); }, diagnostics);
    clean_field(
        show.description, "show description", [&] { return show.location_of("description"); },
        diagnostics);
    trim(show.description);
    std::size_t kept = 0;
    for (std::size_t i = 0; i < show.hosts.size(); ++i) {
      if (!catalog.find_person(show.hosts[i])) {
        diagnostics.warning(
            show.location_of("hosts[" + std::to_string(i) + "]"), "unknown-person",
            "unknown person " + quote_value(show.hosts[i]) + " in hosts; the host was dropped");
        continue;
      }
      if (kept != i) show.hosts[kept] = std::move(show.hosts[i]);
      ++kept;
    }
    show.hosts.resize(kept);
  }
}

std::unordered_set<std::string> paths_with_errors(const DiagnosticSink& diagnostics) {
  std::unordered_set<std::string> paths;
  if (diagnostics.error_count() == 0) return paths;
  for (const Diagnostic& diagnostic : diagnostics.sorted())
    if (diagnostic.severity == Severity::error) paths.insert(diagnostic.where.path);
  return paths;
}

/// Whether two spellings of one identifier differ only in ASCII letter case.
bool equal_ignoring_ascii_case(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    return lower(x) == lower(y);
  });
}

/// Two episodes must never share an id (GUIDs) or an output file name (slug). Both are
/// compared as identifiers (identifier_key: NFC, case folded), as macOS, Windows and many stores
/// compare file names. Episodes are visited by source path so the first file always wins;
/// episodes that are already rejected do not take part, so a broken file never pushes out its
/// good twin.
void reject_duplicates(const std::vector<Episode>& episodes,
                       std::unordered_set<std::string>& rejected_paths,
                       DiagnosticSink& diagnostics) {
  struct Candidate {
    const Episode* episode;
    std::string_view folded_id;    ///< identifier_key of the id
    std::string_view folded_slug;  ///< identifier_key of the slug
  };
  // Lower-case ASCII identifiers (nearly all) are their own key and cost no copy.
  std::deque<std::string> folded_storage;  // a deque never moves its strings
  const auto folded = [&folded_storage](std::string_view text) -> std::string_view {
    if (!needs_identifier_key(text)) return text;
    return folded_storage.emplace_back(identifier_key(text));
  };
  std::vector<Candidate> candidates;
  candidates.reserve(episodes.size());
  for (const Episode& episode : episodes) {
    if (!rejected_paths.empty() && rejected_paths.contains(episode.source_path)) continue;
    candidates.push_back({&episode, folded(episode.id), folded(episode.slug)});
  }

  // Only an episode that shares its id or folded slug with another can be rejected, and the
  // others cannot influence it, so only those need the (costly) ordering by path. Sharing is
  // found by sorting hashes, which is far cheaper than a node-based hash map at 100,000
  // episodes; a hash collision only adds a harmless extra suspect.
  std::vector<bool> suspect(candidates.size(), false);
  auto mark_shared = [&](auto key_of) {
    std::vector<std::pair<std::size_t, std::size_t>> hashes;  // (hash, candidate index)
    hashes.reserve(candidates.size());
    for (std::size_t i = 0; i < candidates.size(); ++i)
      hashes.emplace_back(std::hash<std::string_view>{}(key_of(candidates[i])), i);
    std::sort(hashes.begin(), hashes.end());
    for (std::size_t i = 1; i < hashes.size(); ++i) {
      if (hashes[i].first != hashes[i - 1].first) continue;
      suspect[hashes[i].second] = true;
      suspect[hashes[i - 1].second] = true;
    }
  };
  mark_shared([](const Candidate& c) { return c.folded_id; });
  mark_shared([](const Candidate& c) { return c.folded_slug; });
  std::vector<Candidate> suspects;
  for (std::size_t i = 0; i < candidates.size(); ++i)
    if (suspect[i]) suspects.push_back(candidates[i]);
  std::sort(suspects.begin(), suspects.end(), [](const Candidate& a, const Candidate& b) {
    return std::tie(a.episode->source_path, a.episode->id, a.episode->slug) <
           std::tie(b.episode->source_path, b.episode->id, b.episode->slug);
  });

  std::unordered_map<std::string_view, const Episode*> by_id, by_folded_slug;
  for (const Candidate& c : suspects) {
    const Episode& episode = *c.episode;
    auto reject = [&](const char* field, const char* code, const std::string& message) {
      diagnostics.error(episode.location_of(field), code, message);
      rejected_paths.insert(episode.source_path);
    };
    if (auto it = by_id.find(c.folded_id); it != by_id.end()) {
      const Episode& first = *it->second;
      const std::string spelling =
          first.id == episode.id
              ? ""
              : " (as " + quote_value(first.id) + ", ignoring case and Unicode normalization)";
      reject("id", "duplicate-id",
             "duplicate id " + quote_value(episode.id) + spelling + " (first used by " +
                 first.source_path + ")");
      continue;
    }
    // Each folded slug is registered by one episode only, so an exact match is a duplicate.
    if (auto it = by_folded_slug.find(c.folded_slug); it != by_folded_slug.end()) {
      const Episode& first = *it->second;
      if (first.slug == episode.slug)
        reject("slug", "duplicate-slug",
               "duplicate slug " + quote_value(episode.slug) + " (first used by " +
                   first.source_path + "); both would be written to the same files");
      else if (equal_ignoring_ascii_case(first.slug, episode.slug))
        reject("slug", "slug-case-collision",
               "slug " + quote_value(episode.slug) + " differs only in letter case from " +
                   quote_value(first.slug) + " (" + first.source_path +
                   "); they would overwrite each other on case-insensitive file systems");
      else
        reject("slug", "slug-case-collision",
               "slug " + quote_value(episode.slug) +
                   " differs only in letter case or Unicode normalization from " +
                   quote_value(first.slug) + " (" + first.source_path +
                   "); they would overwrite each other on macOS, Windows and many stores");
      continue;
    }
    by_id.emplace(c.folded_id, &episode);
    by_folded_slug.emplace(c.folded_slug, &episode);
  }
}

/// Under --shard, this shard read an episode because of the folder it is in (see
/// src/shard.hpp), but its show belongs to another shard: that shard writes the show's feed and
/// never reads this file, so exporting the episode here would split the show between two feeds.
/// Shows go by their file name, as their episodes' folders do (the listing knows no more).
void reject_shows_of_other_shards(const Catalog& catalog, const Shard& shard,
                                  DiagnosticSink& diagnostics) {
  for (const Episode& episode : catalog.episodes) {
    if (episode.show_id.empty()) continue;
    const Show* show = catalog.find_show(episode.show_id);  // known: unknown ones were cleared
    const std::string_view folder =
        show && !show->file_id.empty() ? show->file_id : episode.show_id;
    if (shard.owns(folder)) continue;
    diagnostics.error(episode.location_of("show"), "show-in-other-shard",
                      "show " + quote_value(episode.show_id) + " is exported by shard " +
                          std::to_string(shard.shard_of(folder)) + " of " +
                          std::to_string(shard.count) +
                          ", which does not read this file; move it into a folder named " +
                          quote_value(folder) + " (or export without --shard)");
  }
}

}  // namespace

void normalize(Catalog& catalog, const Config& config, DiagnosticSink& diagnostics,
               NormalizeStats* stats) {
  normalize_people(catalog.people, diagnostics);
  normalize_technologies(catalog.technologies, diagnostics);
  drop_unsafe_show_ids(catalog.shows, diagnostics);
  drop_duplicate_ids(catalog.shows, "show", "duplicate-show", diagnostics);
  catalog.index();
  normalize_shows(catalog, diagnostics);

  parallel_for(catalog.episodes.size(), [&](std::size_t i) {
    normalize_episode(catalog.episodes[i], catalog, diagnostics);
  });
  if (config.shard.active()) reject_shows_of_other_shards(catalog, config.shard, diagnostics);

  // Loader errors, the errors above and (in strict mode) every warning reject an episode.
  std::unordered_set<std::string> rejected_paths = paths_with_errors(diagnostics);
  reject_duplicates(catalog.episodes, rejected_paths, diagnostics);
  std::size_t rejected = 0;
  if (!rejected_paths.empty())
    rejected = std::erase_if(catalog.episodes, [&](const Episode& episode) {
      return rejected_paths.contains(episode.source_path);
    });
  if (stats) stats->episodes_rejected += rejected;

  sort_newest_first(catalog.episodes);
  catalog.index();
}

}  // namespace castmap
