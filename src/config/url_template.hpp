// Expands the URL templates of castmap.yaml ({base_url}, {slug}, {id}, {media_id}, {show}) into
// absolute, correctly percent-encoded URLs (RFC 3986; non-ASCII as UTF-8 %XX). XML escaping is
// left to the XML writer, so nothing is escaped twice.
#pragma once

#include <string>
#include <string_view>

#include "src/base/url_check.hpp"
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

/// Checks a template as castmap.yaml gives it: no whitespace or control characters, every `{`
/// opens a known placeholder and every `}` closes one, `{base_url}` only at the start followed
/// by `/`, `?`, `#` or nothing, and what it expands to passes
/// check_url() (so a relative or `javascript:` template is caught before any output). Returns
/// the template with a literal scheme and host in lower case, or the problem (read after the
/// key in a message). An empty template (not published) passes.
CheckedUrl check_url_template(std::string_view url_template);

/// Whether a template uses `{name}` (e.g. "show"), for rules such as "urls.feed needs {show}".
bool template_has_placeholder(std::string_view url_template, std::string_view name);

}  // namespace castmap
