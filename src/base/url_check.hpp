// The one check every URL passes before it can reach an output, wherever it comes from
// (castmap.yaml, --base-url, an expanded URL template, a chapter's or a person's link): an
// absolute http(s) URL with a host, without whitespace or control characters; scheme and host
// are brought to lower case. `javascript:`, `data:` and relative URLs never pass.
#pragma once

#include <string>
#include <string_view>

namespace castmap {

enum class UrlKind {
  link,  ///< any URL written into an output
  base,  ///< site.base_url / --base-url: also no user information, query or fragment, and
         ///< trailing slashes are removed (templates append `/...` to it)
};

struct CheckedUrl {
  std::string url;      ///< normalized; empty when the check failed
  std::string problem;  ///< why it failed ("is relative", "contains whitespace", ...); empty if ok

  bool ok() const { return problem.empty(); }
};

/// Checks `text` as a URL of `kind` and normalizes it: `HTTPS://Example.COM/x` becomes
/// `https://example.com/x`. The problem reads after the quoted value in a message:
/// `"javascript:alert(1)" has the scheme "javascript"; only http and https are allowed`.
CheckedUrl check_url(std::string_view text, UrlKind kind = UrlKind::link);

/// The character rules alone (no whitespace, no control characters, valid UTF-8), for text that
/// becomes a URL only later (a URL template): the problem, or empty.
std::string_view url_character_problem(std::string_view text);

/// The message for an input link that failed check_url() and was dropped (code `invalid-link`,
/// docs/diagnostics.md): `<what> "<value>" <problem>; the link was dropped`.
std::string dropped_link_message(std::string_view what, std::string_view value,
                                 const CheckedUrl& failed);

/// True when check_url(url) would pass; builds nothing (for hot paths).
bool is_absolute_http_url(std::string_view url);

}  // namespace castmap
