// Tests for the show notes renderer: CommonMark to HTML by cmark, raw HTML dropped, unsafe URLs
// emptied, relative links and images resolved against the episode page.
#include <catch2/catch.hpp>

#include <string>

#include "src/normalize/show_notes.hpp"

using namespace castmap;

namespace {
constexpr const char* kPage = "https://example.com/episodes/one/";
bool has(const std::string& html, const std::string& part) {
  return html.find(part) != std::string::npos;
}
}  // namespace

TEST_CASE("show notes: Markdown becomes HTML", "[show-notes]") {
  const std::string html = render_show_notes("# Title\n\nSome *emphasis* & `code`.\n", kPage);
  CHECK(html == "<h1>Title</h1>\n<p>Some <em>emphasis</em> &amp; <code>code</code>.</p>");
  CHECK(render_show_notes("", kPage).empty());
  CHECK(render_show_notes(" \n\t\n", kPage).empty());
}

TEST_CASE("show notes: relative links and images become absolute", "[show-notes]") {
  const std::string html = render_show_notes(
      "[a](../guide/) [b](/faq#top) [c](#links) [d](https://other.example/x?a=1&b=2) "
      "[e](mailto:me@example.com) [f](//cdn.example/y)\n\n![img](img/d.png)\n",
      kPage);
  CHECK(has(html, "href=\"https://example.com/episodes/guide/\""));
  CHECK(has(html, "href=\"https://example.com/faq#top\""));
  CHECK(has(html, "href=\"https://example.com/episodes/one/#links\""));
  CHECK(has(html, "href=\"https://other.example/x?a=1&amp;b=2\""));
  CHECK(has(html, "href=\"mailto:me@example.com\""));
  CHECK(has(html, "href=\"https://cdn.example/y\""));
  CHECK(has(html, "src=\"https://example.com/episodes/one/img/d.png\""));
  // Without a page URL, relative links stay as written.
  CHECK(has(render_show_notes("[a](../guide/)", ""), "href=\"../guide/\""));
}

TEST_CASE("show notes: raw HTML is dropped and unsafe URLs emptied", "[show-notes]") {
  const std::string html = render_show_notes(
      "<script>alert(1)</script>\n\nInline <b>bold</b> text.\n\n"
      "[x](javascript:alert(1)) ![y](data:text/html,boom)\n\n<div>\nblock\n</div>\n",
      kPage);
  CHECK_FALSE(has(html, "<script"));
  CHECK_FALSE(has(html, "alert"));
  CHECK_FALSE(has(html, "<b>"));
  CHECK_FALSE(has(html, "<div"));
  CHECK_FALSE(has(html, "raw HTML omitted"));
  CHECK_FALSE(has(html, "javascript:"));
  CHECK_FALSE(has(html, "data:"));
  CHECK(has(html, "<p>Inline bold text.</p>"));
  // A body of raw HTML only renders to nothing.
  CHECK(render_show_notes("<iframe src=\"https://x.example\"></iframe>\n", kPage).empty());
}

TEST_CASE("show notes: the episode's body is cleaned and rendered against its page",
          "[show-notes]") {
  Config config;
  config.site.base_url = "https://example.com";
  config.urls.episode_page = "{base_url}/watch/{slug}/";
  Episode episode;
  episode.id = "one";
  episode.slug = "one";
  episode.source_path = "videos/one.md";
  episode.body = "See [notes](notes.txt)\x01.\n";
  DiagnosticSink diagnostics;
  render_episode_show_notes(episode, config, diagnostics);
  CHECK(episode.show_notes_html ==
        "<p>See <a href=\"https://example.com/watch/one/notes.txt\">notes</a>.</p>");
  REQUIRE(diagnostics.sorted().size() == 1);
  CHECK(diagnostics.sorted()[0].code == "control-character");
}
