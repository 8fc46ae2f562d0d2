// Markdown to HTML for show notes with cmark: parse, drop raw HTML nodes, absolutize link and
// image URLs on the tree, render with cmark's safe renderer.
#include "src/normalize/show_notes.hpp"

#include <cmark.h>
#include <curl/curl.h>

#include <cstdlib>
#include <memory>
#include <vector>

#include "src/base/text.hpp"
#include "src/config/url_template.hpp"
#include "src/normalize/field_cleaning.hpp"

namespace castmap {

namespace {

struct NodeFree {
  void operator()(cmark_node* node) const { cmark_node_free(node); }
};
struct IterFree {
  void operator()(cmark_iter* iter) const { cmark_iter_free(iter); }
};
struct UrlFree {
  void operator()(CURLU* url) const { curl_url_cleanup(url); }
};
struct CurlStringFree {
  void operator()(char* text) const { curl_free(text); }
};

/// Whether `url` starts with an RFC 3986 scheme ("https:", "mailto:"): such a URL is absolute
/// and never resolved (and cmark's safe renderer judges it).
bool has_scheme(std::string_view url) {
  if (url.empty() || !((url[0] >= 'a' && url[0] <= 'z') || (url[0] >= 'A' && url[0] <= 'Z')))
    return false;
  for (char c : url.substr(1)) {
    if (c == ':') return true;
    const bool scheme_char = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                             (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
    if (!scheme_char) return false;
  }
  return false;
}

/// Resolves relative references against one base URL, parsed once per episode.
class UrlResolver {
 public:
  explicit UrlResolver(std::string_view base) {
    if (base.empty()) return;
    std::unique_ptr<CURLU, UrlFree> url(curl_url());
    if (!url) return;
    if (curl_url_set(url.get(), CURLUPART_URL, std::string(base).c_str(), 0) != CURLUE_OK) return;
    base_ = std::move(url);
  }

  /// The absolute form of `reference`, or empty when it stays as it is (already absolute, or
  /// no usable base, or libcurl cannot resolve it).
  std::string resolve(std::string_view reference) const {
    if (!base_ || has_scheme(reference)) return {};
    std::unique_ptr<CURLU, UrlFree> url(curl_url_dup(base_.get()));
    if (!url) return {};
    // Setting a relative URL on a handle that holds one resolves it (RFC 3986 section 5).
    if (curl_url_set(url.get(), CURLUPART_URL, std::string(reference).c_str(), 0) != CURLUE_OK)
      return {};
    char* raw = nullptr;
    if (curl_url_get(url.get(), CURLUPART_URL, &raw, 0) != CURLUE_OK || !raw) return {};
    std::unique_ptr<char, CurlStringFree> text(raw);
    return std::string(text.get());
  }

 private:
  std::unique_ptr<CURLU, UrlFree> base_;
};

}  // namespace

std::string render_show_notes(std::string_view markdown, std::string_view page_url) {
  if (is_blank(markdown)) return {};
  std::unique_ptr<cmark_node, NodeFree> document(
      cmark_parse_document(markdown.data(), markdown.size(), CMARK_OPT_DEFAULT));
  if (!document) return {};

  const UrlResolver resolver(page_url);
  std::vector<cmark_node*> raw_html;
  {
    std::unique_ptr<cmark_iter, IterFree> iter(cmark_iter_new(document.get()));
    for (cmark_event_type event = cmark_iter_next(iter.get()); event != CMARK_EVENT_DONE;
         event = cmark_iter_next(iter.get())) {
      if (event != CMARK_EVENT_ENTER) continue;
      cmark_node* node = cmark_iter_get_node(iter.get());
      switch (cmark_node_get_type(node)) {
        case CMARK_NODE_HTML_BLOCK:
        case CMARK_NODE_HTML_INLINE:
          raw_html.push_back(node);  // unlinked after the walk, which must not lose its place
          break;
        case CMARK_NODE_LINK:
        case CMARK_NODE_IMAGE:
          if (const char* url = cmark_node_get_url(node)) {
            const std::string absolute = resolver.resolve(url);
            if (!absolute.empty()) cmark_node_set_url(node, absolute.c_str());
          }
          break;
        default:
          break;
      }
    }
  }
  for (cmark_node* node : raw_html) {
    cmark_node_unlink(node);
    cmark_node_free(node);
  }
  // CMARK_OPT_DEFAULT is cmark's safe mode since 0.29 (CMARK_OPT_SAFE is its old name): raw
  // HTML, already removed above, would be replaced by a comment, and unsafe URLs are emptied.
  char* html = cmark_render_html(document.get(), CMARK_OPT_DEFAULT);
  if (!html) return {};
  std::string out(html);
  std::free(html);
  // A body whose only content was raw HTML renders to nothing but white space.
  if (is_blank(out)) return {};
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

void render_episode_show_notes(Episode& episode, const Config& config,
                               DiagnosticSink& diagnostics) {
  if (is_blank(episode.body)) {
    episode.show_notes_html.clear();
    return;
  }
  clean_field(
      episode.body, "body", [&] { return episode.location_of("body"); }, diagnostics);
  const std::string page = expand_url(config.urls.episode_page, url_fields(config, episode));
  episode.show_notes_html = render_show_notes(episode.body, page);
}

}  // namespace castmap
