// Podcast settings inheritance: `shows.<id>.podcast` overlays `site.podcast` key by key.
#include "src/config.hpp"

namespace castmap {

PodcastSettings PodcastSettings::merged_over(const PodcastSettings& fallback) const {
  PodcastSettings merged = *this;
  auto inherit = [](auto& field, const auto& fallback_field) {
    if (!field) field = fallback_field;
  };
  inherit(merged.guid, fallback.guid);
  inherit(merged.owner_name, fallback.owner_name);
  inherit(merged.owner_email, fallback.owner_email);
  inherit(merged.category, fallback.category);
  inherit(merged.subcategory, fallback.subcategory);
  inherit(merged.explicit_content, fallback.explicit_content);
  inherit(merged.artwork, fallback.artwork);
  inherit(merged.locked, fallback.locked);
  inherit(merged.medium, fallback.medium);
  inherit(merged.type, fallback.type);
  inherit(merged.title, fallback.title);
  inherit(merged.description, fallback.description);
  inherit(merged.author, fallback.author);
  return merged;
}

PodcastSettings Config::podcast_for(std::string_view show_id) const {
  auto it = show_podcasts.find(show_id);
  if (it == show_podcasts.end()) return site.podcast;
  return it->second.merged_over(site.podcast);
}

}  // namespace castmap
