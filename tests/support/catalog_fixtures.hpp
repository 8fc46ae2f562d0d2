// Catalog fixtures shared by the tests: one way to make a plain valid episode, chapter or show,
// which each test then changes where it matters.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "src/base/time_format.hpp"
#include "src/model/model.hpp"

namespace castmap::testing {

/// A time from an ISO 8601 text the test knows is valid.
inline TimePoint at(std::string_view iso) {
  const std::optional<TimePoint> time = parse_timestamp(iso);
  if (!time) throw std::invalid_argument("bad test time " + std::string(iso));
  return *time;
}

/// id, slug and media id `slug`; title "Episode <slug>"; description "About <slug>."; published
/// at `published`; 600 s long; read from videos/<slug>.md.
inline Episode sample_episode(const std::string& slug,
                              std::string_view published = "2024-01-01T00:00:00Z") {
  Episode e;
  e.id = slug;
  e.slug = slug;
  e.media_id = slug;
  e.title = "Episode " + slug;
  e.description = "About " + slug + ".";
  e.published = at(published);
  e.duration_seconds = 600;
  e.source_path = "videos/" + slug + ".md";
  return e;
}

inline Chapter sample_chapter(double start, std::string title, bool toc = true) {
  Chapter c;
  c.start_seconds = start;
  c.title = std::move(title);
  c.toc = toc;
  return c;
}

inline Show sample_show(std::string id, std::string name) {
  Show show;
  show.id = std::move(id);
  show.name = std::move(name);
  show.source_path = "shows/" + show.id + ".md";
  show.file_id = show.id;
  return show;
}

}  // namespace castmap::testing
