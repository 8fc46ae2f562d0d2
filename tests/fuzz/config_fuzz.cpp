// libFuzzer entry point: feeds arbitrary bytes as castmap.yaml to parse_config (yaml-cpp, every
// section reader, the URL, template and podcast value checks) to find crashes, hangs, leaks and
// undefined behaviour, and checks what an accepted configuration promises the exporters: every
// URL it yields passes check_url, every podcast value is in its set, every diagnostic is one
// line.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "src/config/config.hpp"
#include "src/config/podcast_values.hpp"
#include "src/config/url_template.hpp"

namespace {

void require(bool condition) {
  if (!condition) std::abort();
}

void check_podcast(const castmap::PodcastSettings& p) {
  if (p.artwork) require(castmap::check_url(*p.artwork).url == *p.artwork);
  if (p.medium) require(castmap::podcast_medium_problem(*p.medium).empty());
  if (p.type) require(castmap::podcast_type_problem(*p.type).empty());
  if (p.category) {
    std::optional<std::string_view> subcategory;
    if (p.subcategory) subcategory = *p.subcategory;
    require(castmap::apple_category_problem(*p.category, subcategory).empty());
  } else {
    require(!p.subcategory);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > castmap::kMaxConfigBytes) return 0;  // load_config refuses these unread
  castmap::DiagnosticSink diagnostics;
  const std::string_view yaml(reinterpret_cast<const char*>(data), size);
  const auto config = castmap::parse_config(yaml, "/fuzz/castmap.yaml", diagnostics);
  for (const auto& diagnostic : diagnostics.sorted()) {
    require(castmap::format_text(diagnostic).find_first_of("\n\r\x1b") == std::string::npos);
    (void)castmap::format_json(diagnostic);
  }
  if (!config) return 0;
  const std::string& base = config->site.base_url;
  if (!base.empty()) require(castmap::check_url(base, castmap::UrlKind::base).url == base);
  const std::string_view base_or_example =
      base.empty() ? std::string_view("https://fuzz.example") : std::string_view(base);
  const castmap::UrlFields fields{base_or_example, "slug", "id", "media", "show"};
  const castmap::UrlTemplates& u = config->urls;
  for (const std::string* t : {&u.episode_page, &u.enclosure, &u.video, &u.thumbnail,
                               &u.chapters_json, &u.chapters_vtt, &u.show_page, &u.feed}) {
    if (t->empty()) continue;
    require(castmap::check_url(castmap::expand_url(*t, fields)).ok());
  }
  check_podcast(config->site.podcast);
  for (const auto& [show, settings] : config->show_podcasts) {
    (void)settings;
    check_podcast(config->podcast_for(show));
  }
  return 0;
}
