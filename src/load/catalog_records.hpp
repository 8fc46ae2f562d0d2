// Parsers for the catalog's small records (shows, people, technologies): one file's bytes in,
// one record out, problems reported like episode problems.
#pragma once

#include <optional>
#include <string_view>

#include "src/config/config.hpp"
#include "src/model/diagnostics.hpp"
#include "src/model/model.hpp"

namespace castmap {

/// A show from `shows/<id>.md` or `shows/<id>/index.md`: id (front matter `id`, else
/// `file_id`), name, description, hosts (person ids).
std::optional<Show> parse_show(std::string_view bytes, std::string_view path,
                               std::string_view file_id, const LoaderLimits& limits,
                               DiagnosticSink& diagnostics);

/// A person from `people/<id>.json` (a JSON object).
std::optional<Person> parse_person_json(std::string_view bytes, std::string_view path,
                                        std::string_view id, const LoaderLimits& limits,
                                        DiagnosticSink& diagnostics);

/// A person from `people/<id>.md` front matter.
std::optional<Person> parse_person_front_matter(std::string_view bytes, std::string_view path,
                                                std::string_view id, const LoaderLimits& limits,
                                                DiagnosticSink& diagnostics);

/// A technology from `technologies/<id>.md` or `technologies/<id>/index.md`; name falls back
/// to the id.
std::optional<Technology> parse_technology(std::string_view bytes, std::string_view path,
                                           std::string_view id, const LoaderLimits& limits,
                                           DiagnosticSink& diagnostics);

}  // namespace castmap
