// Test fixture: reads the real rawkode-academy corpus (../shared/corpus) into a Catalog that
// meets the normalizer's guarantees closely enough for exporter tests: clean one-line titles,
// sorted chapters with unique starts below the duration, episodes newest first. It is not the
// loader: no diagnostics, no positions, no edge cases beyond what this corpus contains.
#pragma once

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "src/model.hpp"
#include "src/text.hpp"
#include "src/time_format.hpp"

namespace castmap::testing {

/// The YAML between the leading `---` line and the next one, or "" when there is none.
inline std::string front_matter_of(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  if (!text.starts_with("---\n")) return {};
  const auto end = text.find("\n---", 3);
  return end == std::string::npos ? std::string() : text.substr(4, end - 3);
}

inline std::string scalar(const YAML::Node& node, const char* key) {
  return node[key] && node[key].IsScalar() ? node[key].as<std::string>() : std::string();
}

inline std::string one_line(const std::string& text) {
  return collapse_whitespace(clean_text(text));
}

inline Episode corpus_episode(const std::filesystem::path& file,
                              const std::filesystem::path& root) {
  const YAML::Node yaml = YAML::Load(front_matter_of(file));
  Episode e;
  e.id = scalar(yaml, "id");
  e.slug = scalar(yaml, "slug").empty() ? e.id : scalar(yaml, "slug");
  e.title = one_line(scalar(yaml, "title"));
  e.description = clean_text(scalar(yaml, "description"));
  e.published = parse_timestamp(scalar(yaml, "publishedAt")).value_or(TimePoint{});
  e.duration_seconds = parse_clock_seconds(scalar(yaml, "duration")).value_or(0);
  e.show_id = scalar(yaml, "show");
  e.media_id = scalar(yaml, "videoId").empty() ? e.id : scalar(yaml, "videoId");
  if (yaml["technologies"] && yaml["technologies"].IsSequence())
    for (const auto& tech : yaml["technologies"]) e.technologies.push_back(tech.as<std::string>());
  if (yaml["chapters"] && yaml["chapters"].IsSequence()) {
    for (const auto& item : yaml["chapters"]) {
      Chapter c;
      c.start_seconds = parse_clock_seconds(scalar(item, "startTime")).value_or(0);
      c.title = one_line(scalar(item, "title"));
      c.toc = !(item["toc"] && item["toc"].IsScalar() && item["toc"].as<std::string>() == "false");
      // What the normalizer drops: chapters at or past the end of the media.
      if (e.duration_seconds > 0 && c.start_seconds >= e.duration_seconds) continue;
      e.chapters.push_back(std::move(c));
    }
  }
  std::stable_sort(e.chapters.begin(), e.chapters.end(), [](const Chapter& a, const Chapter& b) {
    return a.start_seconds < b.start_seconds;
  });
  e.chapters.erase(std::unique(e.chapters.begin(), e.chapters.end(),
                               [](const Chapter& a, const Chapter& b) {
                                 return a.start_seconds == b.start_seconds;
                               }),
                   e.chapters.end());
  e.source_path = std::filesystem::relative(file, root).generic_string();
  return e;
}

/// Loads `root` (the corpus folder), or nullopt when it is absent.
inline std::optional<Catalog> load_corpus_fixture(const std::filesystem::path& root) {
  namespace fs = std::filesystem;
  if (!fs::is_directory(root / "videos")) return std::nullopt;
  Catalog catalog;
  for (const auto& entry : fs::recursive_directory_iterator(root / "videos"))
    if (entry.is_regular_file() && entry.path().extension() == ".md")
      catalog.episodes.push_back(corpus_episode(entry.path(), root));
  std::sort(catalog.episodes.begin(), catalog.episodes.end(), newer_first);

  for (const auto& entry : fs::directory_iterator(root / "shows")) {
    fs::path file = entry.is_directory() ? entry.path() / "index.md" : entry.path();
    if (file.extension() != ".md" || !fs::exists(file)) continue;
    const YAML::Node yaml = YAML::Load(front_matter_of(file));
    Show show;
    show.id = scalar(yaml, "id").empty() ? file.stem().string() : scalar(yaml, "id");
    show.name = scalar(yaml, "name");
    show.source_path = fs::relative(file, root).generic_string();
    catalog.shows.push_back(std::move(show));
  }
  std::sort(catalog.shows.begin(), catalog.shows.end(),
            [](const Show& a, const Show& b) { return a.id < b.id; });

  for (const auto& entry : fs::directory_iterator(root / "technologies")) {
    fs::path file = entry.is_directory() ? entry.path() / "index.md" : entry.path();
    if (file.extension() != ".md" || !fs::exists(file)) continue;
    Technology tech;
    tech.id = entry.is_directory() ? entry.path().filename().string() : file.stem().string();
    tech.name = one_line(scalar(YAML::Load(front_matter_of(file)), "name"));
    if (tech.name.empty()) tech.name = tech.id;
    tech.source_path = fs::relative(file, root).generic_string();
    catalog.technologies.push_back(std::move(tech));
  }
  std::sort(catalog.technologies.begin(), catalog.technologies.end(),
            [](const Technology& a, const Technology& b) { return a.id < b.id; });
  catalog.index();
  return catalog;
}

}  // namespace castmap::testing
