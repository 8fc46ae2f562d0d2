// Expands the URL templates of castmap.yaml ({base_url}, {slug}, {id}, {media_id}, {show}) into
// absolute, correctly percent-encoded URLs (RFC 3986; non-ASCII as UTF-8 %XX). XML escaping is
// left to the XML writer, so nothing is escaped twice.
#pragma once

#include <string>
#include <string_view>

#include "src/config/config.hpp"
#include "src/model/model.hpp"

namespace castmap {

struct UrlFields {
  std::string_view base_url;
  std::string_view slug;
  std::string_view id;
  std::string_view media_id;
  std::string_view show;
};

/// Substitutes placeholders; substituted values are encoded as one path segment. Finally every
/// byte that may not appear in a URI (non-ASCII, space, `"<>\^`{|}`) is percent-encoded; an
/// existing `%XX` is kept as is. An empty template gives an empty string.
std::string expand_url(std::string_view url_template, const UrlFields& fields);

/// Fields for an episode (show = its show id, possibly empty).
UrlFields url_fields(const Config& config, const Episode& episode);
/// Fields for a show page or feed (`show` = the show id, or "all" for the all-episodes feed).
UrlFields url_fields(const Config& config, std::string_view show_id);

/// True for an absolute http(s) URL with a host.
bool is_absolute_http_url(std::string_view url);

}  // namespace castmap
