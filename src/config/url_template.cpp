// Placeholder substitution and percent-encoding for URL templates.
#include "src/config/url_template.hpp"

#include <array>

#include "src/base/message_text.hpp"

namespace castmap {

namespace {

constexpr char kHex[] = "0123456789ABCDEF";

/// Per byte: whether a path segment keeps it as is (RFC 3986 unreserved), and whether a URI may
/// hold it raw at all. Tables, not <cctype> calls: every feed item, chapter file and sitemap
/// <url> expands a template (millions of bytes at 100,000 episodes).
struct ByteClasses {
  std::array<bool, 256> unreserved{};
  std::array<bool, 256> uri{};
  constexpr ByteClasses() {
    for (int c = 0; c < 256; ++c) {
      unreserved[c] = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                      c == '-' || c == '.' || c == '_' || c == '~';
      uri[c] = c > 0x20 && c < 0x7F && c != '"' && c != '<' && c != '>' && c != '\\' && c != '^' &&
               c != '`' && c != '{' && c != '|' && c != '}';
    }
  }
};
constexpr ByteClasses kBytes;

void append_percent(std::string& out, unsigned char byte) {
  const char encoded[] = {'%', kHex[byte >> 4], kHex[byte & 0xF]};
  out.append(encoded, 3);
}

/// Encodes a value that becomes (part of) one path segment: only unreserved characters stay.
void append_segment(std::string& out, std::string_view value) {
  std::size_t kept_from = 0;  // runs of unreserved bytes are appended whole
  for (std::size_t i = 0; i < value.size(); ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    if (kBytes.unreserved[c]) continue;
    out.append(value.data() + kept_from, i - kept_from);
    append_percent(out, c);
    kept_from = i + 1;
  }
  out.append(value.data() + kept_from, value.size() - kept_from);
}

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

/// Whether the byte at `i` may stay as it is: allowed in a URI, or a '%' that starts a %XX.
bool kept_raw(std::string_view url, std::size_t i) {
  const auto c = static_cast<unsigned char>(url[i]);
  if (c == '%') return i + 2 < url.size() && is_hex(url[i + 1]) && is_hex(url[i + 2]);
  return kBytes.uri[c];
}

/// Makes a URI out of text that is almost one: encodes bytes that are never allowed raw. Text
/// that needs nothing (nearly always) is returned as it came.
std::string encode_remaining(std::string url) {
  std::size_t i = 0;
  while (i < url.size() && kept_raw(url, i)) ++i;
  if (i == url.size()) return url;
  std::string out;
  out.reserve(url.size() + 16);
  out.append(url, 0, i);
  for (; i < url.size(); ++i) {
    if (kept_raw(url, i))
      out += url[i];
    else
      append_percent(out, static_cast<unsigned char>(url[i]));
  }
  return out;
}

}  // namespace

std::string expand_url(std::string_view tmpl, const UrlFields& fields) {
  if (tmpl.empty()) return {};
  std::string out;
  out.reserve(tmpl.size() + 64);
  for (std::size_t i = 0; i < tmpl.size();) {
    const std::size_t open = tmpl.find('{', i);
    out.append(tmpl.substr(i, open == std::string_view::npos ? open : open - i));
    if (open == std::string_view::npos) break;
    i = open;
    const auto close = tmpl.find('}', i);
    if (close != std::string_view::npos) {
      std::string_view key = tmpl.substr(i + 1, close - i - 1);
      bool known = true;
      if (key == "base_url") {
        out += fields.base_url;  // already a URL prefix: inserted verbatim, encoded below
      } else if (key == "slug") {
        append_segment(out, fields.slug);
      } else if (key == "id") {
        append_segment(out, fields.id);
      } else if (key == "media_id") {
        append_segment(out, fields.media_id);
      } else if (key == "show") {
        append_segment(out, fields.show);
      } else {
        known = false;
      }
      if (known) {
        i = close + 1;
        continue;
      }
    }
    out += tmpl[i++];  // a '{' that opens no known placeholder
  }
  return encode_remaining(std::move(out));
}

UrlFields url_fields(const Config& config, const Episode& episode) {
  return {config.site.base_url, episode.slug, episode.id, episode.media_id, episode.show_id};
}

UrlFields url_fields(const Config& config, std::string_view show_id) {
  return {config.site.base_url, {}, show_id, {}, show_id};
}

namespace {

constexpr std::string_view kPlaceholders[] = {"base_url", "slug", "id", "media_id", "show"};

bool is_placeholder(std::string_view name) {
  for (std::string_view known : kPlaceholders)
    if (name == known) return true;
  return false;
}

/// Whether {base_url} at `at` is where a URL prefix can go: first, and followed by the path,
/// query or fragment (or nothing). Elsewhere ("{base_url}{id}", "https://x/{base_url}") what
/// follows could become part of its host or port.
bool base_url_in_place(std::string_view tmpl, std::size_t at) {
  constexpr std::string_view kPlaceholder = "{base_url}";
  if (at != 0) return false;
  return tmpl.size() == kPlaceholder.size() || tmpl[kPlaceholder.size()] == '/' ||
         tmpl[kPlaceholder.size()] == '?' || tmpl[kPlaceholder.size()] == '#';
}

/// The placeholder problem of a template, or empty.
std::string placeholder_problem(std::string_view tmpl) {
  for (std::size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] == '}') return "has a \"}\" that closes no placeholder";
    if (tmpl[i] != '{') continue;
    const std::size_t close = tmpl.find_first_of("{}", i + 1);
    if (close == std::string_view::npos || tmpl[close] == '{')
      return "has a \"{\" that is never closed";
    const std::string_view name = tmpl.substr(i + 1, close - i - 1);
    if (!is_placeholder(name))
      return "has the unknown placeholder " + quote_value("{" + std::string(name) + "}") +
             " (known: {base_url}, {slug}, {id}, {media_id}, {show})";
    if (name == "base_url" && !base_url_in_place(tmpl, i))
      return "has {base_url} where it cannot go: it must start the template, followed by \"/\"";
    i = close;
  }
  return {};
}

/// Lower-cases the scheme and host a template spells out ("HTTPS://CDN.Example/{slug}"); a
/// template starting with a placeholder ({base_url}) is left as it is.
std::string lower_literal_authority(std::string_view tmpl) {
  std::string out(tmpl);
  const std::size_t separator = out.find("://");
  if (separator == std::string::npos || out.find('{') < separator) return out;
  const std::size_t authority_begin = separator + 3;
  std::size_t authority_end = out.find_first_of("/?#", authority_begin);
  if (authority_end == std::string::npos) authority_end = out.size();
  const std::size_t at = out.rfind('@', authority_end);
  const std::size_t host_begin =
      at != std::string::npos && at >= authority_begin ? at + 1 : authority_begin;
  auto lower = [](char& c) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  };
  for (std::size_t i = 0; i < separator; ++i) lower(out[i]);
  for (std::size_t i = host_begin; i < authority_end; ++i) lower(out[i]);
  return out;
}

}  // namespace

CheckedUrl check_url_template(std::string_view url_template) {
  CheckedUrl checked;
  if (url_template.empty()) return checked;
  if (const std::string_view problem = url_character_problem(url_template); !problem.empty()) {
    checked.problem = problem;
    return checked;
  }
  checked.problem = placeholder_problem(url_template);
  if (!checked.ok()) return checked;
  std::string normalized = lower_literal_authority(url_template);
  // Every value becomes unreserved characters and %XX once encoded, and base_url passed
  // check_url() and is followed by its path: an example expansion shows whether every
  // expansion with non-empty values is an absolute http(s) URL (the fuzzer checks this).
  const UrlFields example{"https://example.com", "slug", "id", "media-id", "show"};
  const std::string expanded = expand_url(normalized, example);
  const CheckedUrl expanded_check = check_url(expanded);
  if (!expanded_check.ok()) {
    checked.problem =
        "gives URLs like " + quote_value(expanded) + ", which " + expanded_check.problem;
    return checked;
  }
  checked.url = std::move(normalized);
  return checked;
}

bool template_has_placeholder(std::string_view url_template, std::string_view name) {
  const std::string placeholder = "{" + std::string(name) + "}";
  return url_template.find(placeholder) != std::string_view::npos;
}

}  // namespace castmap
