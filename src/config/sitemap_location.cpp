// The sitemap parts' folder and the location rule check (see sitemap_location.hpp).
#include "src/config/sitemap_location.hpp"

#include "src/base/message_text.hpp"
#include "src/config/url_template.hpp"

namespace castmap {
namespace {

constexpr std::string_view kBaseUrl = "{base_url}";

bool is_segment_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '~';
}

/// The URL every page of `url_template` starts with: the template up to its first per-page
/// placeholder, expanded. A page right at the site root (`{base_url}?p={slug}`) gets its `/`.
std::string fixed_prefix(const Config& config, std::string_view url_template) {
  std::size_t open = url_template.find('{');
  if (url_template.starts_with(kBaseUrl)) open = url_template.find('{', kBaseUrl.size());
  const std::string_view fixed = url_template.substr(0, open);
  std::string prefix = expand_url(fixed, url_fields(config, std::string_view()));
  const std::string& base = config.site.base_url;
  if (prefix.starts_with(base) &&
      (prefix.size() == base.size() || prefix[base.size()] == '?' || prefix[base.size()] == '#'))
    prefix.insert(base.size(), "/");
  return prefix;
}

}  // namespace

std::optional<std::string> sitemap_parts_folder(std::string_view text, std::string& problem) {
  while (text.starts_with('/')) text.remove_prefix(1);
  while (text.ends_with('/')) text.remove_suffix(1);
  std::string_view rest = text;
  while (!rest.empty()) {
    const std::size_t slash = rest.find('/');
    const std::string_view segment = rest.substr(0, slash);
    if (segment.empty() || segment == "." || segment == "..") {
      problem = "is not a folder inside the site: empty, `.` and `..` segments are not allowed";
      return std::nullopt;
    }
    for (char c : segment)
      if (!is_segment_char(c)) {
        problem =
            "may hold only ASCII letters, digits, `-`, `_`, `.`, `~` and `/` (it is a file path "
            "and a URL path at once)";
        return std::nullopt;
      }
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
  }
  return std::string(text);
}

std::string sitemap_parts_url(const Config& config) {
  const std::string& folder = config.sitemap.parts_path;
  return config.site.base_url + "/" + folder + (folder.empty() ? "" : "/");
}

std::string sitemap_location_problem(const Config& config) {
  if (config.site.base_url.empty()) return {};
  const std::string folder = sitemap_parts_url(config);
  const std::string root = config.site.base_url + "/";
  for (const auto& [key, url_template] : {std::pair<std::string_view, const std::string*>{
                                              "urls.episode_page", &config.urls.episode_page},
                                          {"urls.show_page", &config.urls.show_page}}) {
    if (url_template->empty()) continue;  // no page, nothing listed
    const std::string prefix = fixed_prefix(config, *url_template);
    if (prefix.starts_with(folder)) continue;
    std::string problem = "sitemap parts published at " + quote_value(folder) +
                          " may list only pages at or below that folder (sitemaps.org location "
                          "rule), but " +
                          std::string(key) + " gives pages under " + quote_value(prefix);
    if (!prefix.starts_with(root))
      return problem +
             ", outside site.base_url: no sitemap of this site may list them (leave `sitemap` "
             "out of `exporters`)";
    return problem +
           ": set sitemap.parts_path to a folder that holds every listed page (the "
           "default, the site root, holds them all)";
  }
  return {};
}

}  // namespace castmap
