// Placeholder substitution and percent-encoding for URL templates.
#include "src/url_template.hpp"

#include <cctype>

namespace castmap {

namespace {

constexpr char kHex[] = "0123456789ABCDEF";

void append_percent(std::string& out, unsigned char byte) {
  out += '%';
  out += kHex[byte >> 4];
  out += kHex[byte & 0xF];
}

bool is_unreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

/// Encodes a value that becomes (part of) one path segment: only unreserved characters stay.
void append_segment(std::string& out, std::string_view value) {
  for (unsigned char c : value) {
    if (is_unreserved(c))
      out += static_cast<char>(c);
    else
      append_percent(out, c);
  }
}

bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

/// Makes a URI out of text that is almost one: encodes bytes that are never allowed raw.
std::string encode_remaining(std::string_view url) {
  std::string out;
  out.reserve(url.size());
  for (std::size_t i = 0; i < url.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(url[i]);
    bool allowed = c > 0x20 && c < 0x7F && c != '"' && c != '<' && c != '>' && c != '\\' &&
                   c != '^' && c != '`' && c != '{' && c != '|' && c != '}';
    if (c == '%') allowed = i + 2 < url.size() && is_hex(url[i + 1]) && is_hex(url[i + 2]);
    if (allowed)
      out += static_cast<char>(c);
    else
      append_percent(out, c);
  }
  return out;
}

}  // namespace

std::string expand_url(std::string_view tmpl, const UrlFields& fields) {
  if (tmpl.empty()) return {};
  std::string out;
  out.reserve(tmpl.size() + 64);
  for (std::size_t i = 0; i < tmpl.size();) {
    if (tmpl[i] == '{') {
      auto close = tmpl.find('}', i);
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
    }
    out += tmpl[i++];
  }
  return encode_remaining(out);
}

UrlFields url_fields(const Config& config, const Episode& episode) {
  return {config.site.base_url, episode.slug, episode.id, episode.media_id, episode.show_id};
}

UrlFields url_fields(const Config& config, std::string_view show_id) {
  return {config.site.base_url, {}, show_id, {}, show_id};
}

bool is_absolute_http_url(std::string_view url) {
  std::string_view rest;
  if (url.starts_with("https://"))
    rest = url.substr(8);
  else if (url.starts_with("http://"))
    rest = url.substr(7);
  else
    return false;
  return !rest.empty() && rest.front() != '/';
}

}  // namespace castmap
