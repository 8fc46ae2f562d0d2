// Show notes: the Markdown body of an episode rendered once to HTML (CommonMark, by cmark), with
// raw HTML dropped and relative links made absolute, for every feed format to carry as it is.
#pragma once

#include <string>
#include <string_view>

#include "src/config/config.hpp"
#include "src/model/diagnostics.hpp"
#include "src/model/model.hpp"

namespace castmap {

/// `markdown` as HTML. Raw HTML blocks and inline tags are dropped (the text between inline tags
/// stays); links and images with a relative URL are resolved against `page_url` (RFC 3986, by
/// libcurl's URL parser), left as they are when `page_url` is empty; URLs with a scheme cmark
/// deems unsafe (javascript:, vbscript:, file:, data: other than images) are emptied. Empty for
/// a body of white space only. `markdown` must be valid UTF-8 without XML-forbidden characters.
std::string render_show_notes(std::string_view markdown, std::string_view page_url);

/// Sets episode.show_notes_html from episode.body: cleans the body first (invalid UTF-8,
/// control characters; reported like any text field) and resolves links against the episode's
/// page (urls.episode_page). The loader runs it after clean_episode(), so the parse cache holds
/// the rendered notes.
void render_episode_show_notes(Episode& episode, const Config& config, DiagnosticSink& diagnostics);

}  // namespace castmap
