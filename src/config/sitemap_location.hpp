// Where the sitemap parts are published (sitemap.parts_path) and the sitemaps.org location rule
// they must keep: a sitemap file may list only URLs at or below the folder it is published in,
// so parts in sitemaps/ cannot list pages in watch/. A placement that breaks it is refused.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "src/config/config.hpp"

namespace castmap {

/// `text` as a parts folder relative to the site root: segments of ASCII letters, digits, `-`,
/// `_`, `.` and `~` (never `.` or `..`) joined by `/`; leading and trailing `/` are dropped, and
/// "" is the site root. nullopt, with the reason in `problem`, when it is not one.
std::optional<std::string> sitemap_parts_folder(std::string_view text, std::string& problem);

/// The URL of the folder the parts are published in: `{base_url}/` + parts_path + `/`.
std::string sitemap_parts_url(const Config& config);

/// Why parts at sitemap.parts_path cannot list the pages of urls.episode_page (and of
/// urls.show_page when set, which adds a show part); empty when every page they would list is at
/// or below the parts' folder. Judged on the part of each template before its first per-page
/// placeholder. Needs site.base_url (empty passes: nothing is checked).
std::string sitemap_location_problem(const Config& config);

}  // namespace castmap
