// URL checking and normalizing (RFC 3986 generic syntax, http and https only). Characters are
// decoded and classified with utf8proc, so Unicode whitespace (U+00A0, U+3000, ...) counts too.
#include "src/base/url_check.hpp"

#include <utf8proc.h>

#include "src/base/message_text.hpp"

namespace castmap {

namespace {

/// Where the parts of a URL that passed the check are.
struct UrlParts {
  std::size_t scheme_end = 0;  ///< the ':' after the scheme
  std::size_t host_begin = 0;  ///< after "//" and any user information
  std::size_t host_end = 0;    ///< the ':' before a port, or the authority's end
  std::size_t authority_end = 0;
};

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool equals_ignoring_case(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i)
    if (ascii_lower(text[i]) != lower[i]) return false;
  return true;
}

bool is_whitespace(char32_t c) {
  if (c == ' ' || (c >= '\t' && c <= '\r')) return true;
  if (c < 0x80) return false;
  const utf8proc_category_t category = utf8proc_category(static_cast<utf8proc_int32_t>(c));
  return category == UTF8PROC_CATEGORY_ZS || category == UTF8PROC_CATEGORY_ZL ||
         category == UTF8PROC_CATEGORY_ZP;
}

}  // namespace

std::string_view url_character_problem(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte > 0x20 && byte < 0x7F) {  // printable ASCII: nearly every byte of a URL
      ++i;
      continue;
    }
    utf8proc_int32_t c = 0;
    const utf8proc_ssize_t length =
        utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + i),
                         static_cast<utf8proc_ssize_t>(text.size() - i), &c);
    if (length <= 0 || c < 0) return "is not valid UTF-8";
    if (is_whitespace(static_cast<char32_t>(c))) return "contains whitespace";
    if (is_unsafe_in_line(static_cast<char32_t>(c))) return "contains a control character";
    i += static_cast<std::size_t>(length);
  }
  return {};
}

namespace {

bool is_scheme_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '-' || c == '.';
}

/// Parses `text` far enough to check it; returns the problem (empty when it passes).
std::string parse(std::string_view text, UrlKind kind, UrlParts& parts) {
  if (text.empty()) return "is empty";
  if (const std::string_view problem = url_character_problem(text); !problem.empty())
    return std::string(problem);
  // A scheme is letters, digits, + - . up to the first ':'; anything else makes it relative.
  std::size_t colon = 0;
  while (colon < text.size() && is_scheme_char(text[colon])) ++colon;
  if (colon == 0 || colon == text.size() || text[colon] != ':')
    return "is relative; an absolute http(s) URL is needed";
  const std::string_view scheme = text.substr(0, colon);
  if (!equals_ignoring_case(scheme, "http") && !equals_ignoring_case(scheme, "https"))
    return "has the scheme " + quote_value(scheme) + "; only http and https are allowed";
  if (text.substr(colon + 1, 2) != "//") return "has no host (http(s) URLs start with \"//\")";
  parts.scheme_end = colon;
  const std::size_t authority_begin = colon + 3;
  std::size_t authority_end = text.find_first_of("/?#", authority_begin);
  if (authority_end == std::string_view::npos) authority_end = text.size();
  const std::string_view authority = text.substr(authority_begin, authority_end - authority_begin);
  // Browsers read a backslash in an http authority as a slash: "https://evil\@good" is evil's.
  if (authority.find('\\') != std::string_view::npos) return "has a backslash in its host";
  const std::size_t at = authority.rfind('@');
  if (at != std::string_view::npos && kind == UrlKind::base)
    return "has user information (\"...@\"), which a base URL may not have";
  const std::size_t host_begin = at == std::string_view::npos ? 0 : at + 1;
  std::size_t host_end = authority.size();
  if (authority.substr(host_begin).starts_with('[')) {  // IPv6 literal: "[::1]:8080"
    const std::size_t close = authority.find(']', host_begin);
    if (close == std::string_view::npos) return "has an unclosed \"[\" in its host";
    host_end = close + 1;
    if (host_end != authority.size() && authority[host_end] != ':')
      return "has text after its IPv6 host";
  } else {
    const std::size_t port_colon = authority.find(':', host_begin);
    if (port_colon != std::string_view::npos) host_end = port_colon;
  }
  if (host_end == host_begin) return "has no host";
  if (host_end < authority.size()) {
    const std::string_view port = authority.substr(host_end + 1);
    if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string_view::npos)
      return "has an invalid port " + quote_value(port);
  }
  if (kind == UrlKind::base) {
    if (text.find('?', authority_end) != std::string_view::npos)
      return "has a query (\"?...\"), which a base URL may not have";
    if (text.find('#', authority_end) != std::string_view::npos)
      return "has a fragment (\"#...\"), which a base URL may not have";
  }
  parts.host_begin = authority_begin + host_begin;
  parts.host_end = authority_begin + host_end;
  parts.authority_end = authority_end;
  return {};
}

}  // namespace

CheckedUrl check_url(std::string_view text, UrlKind kind) {
  UrlParts parts;
  CheckedUrl checked;
  checked.problem = parse(text, kind, parts);
  if (!checked.ok()) return checked;
  std::string& url = checked.url;
  url.assign(text);
  for (std::size_t i = 0; i < parts.scheme_end; ++i) url[i] = ascii_lower(url[i]);
  for (std::size_t i = parts.host_begin; i < parts.host_end; ++i) url[i] = ascii_lower(url[i]);
  if (kind == UrlKind::base)
    while (url.size() > parts.authority_end && url.ends_with('/')) url.pop_back();
  return checked;
}

std::string dropped_link_message(std::string_view what, std::string_view value,
                                 const CheckedUrl& failed) {
  return std::string(what) + " " + quote_value(value) + " " + failed.problem +
         "; the link was dropped";
}

bool is_absolute_http_url(std::string_view url) {
  UrlParts parts;
  return parse(url, UrlKind::link, parts).empty();
}

}  // namespace castmap
