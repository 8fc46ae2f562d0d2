// Chapter links (`url`, `img`) pass check_url() (src/base/url_check.hpp) or are dropped with an
// invalid-link warning at the chapter; the chapter itself is kept.
#include <catch2/catch.hpp>

#include "src/normalize/chapter_repair.hpp"

using namespace castmap;

TEST_CASE("chapter links that are not absolute http(s) URLs are dropped with a warning",
          "[normalizer][url]") {
  Episode episode;
  episode.source_path = "videos/links.md";
  episode.duration_seconds = 600;
  auto add = [&](double start, const char* title, std::optional<std::string> url,
                 std::optional<std::string> image, int line) {
    Chapter chapter;
    chapter.start_seconds = start;
    chapter.title = title;
    chapter.position = {line, 5};
    chapter.set_links(std::move(url), std::move(image));
    episode.chapters.push_back(std::move(chapter));
  };
  add(0, "Intro", "javascript:alert(document.cookie)", "HTTPS://Img.Example/Intro.png", 10);
  add(60, "Middle", "/relative/page", std::nullopt, 12);
  add(120, "End", "https://ok.example/end", "data:image/png;base64,AAAA", 14);
  DiagnosticSink sink;
  repair_chapters(episode, sink);
  REQUIRE(episode.chapters.size() == 3);
  CHECK_FALSE(episode.chapters[0].url());
  CHECK(episode.chapters[0].image() == std::optional<std::string>("https://img.example/Intro.png"));
  CHECK(episode.chapters[1].links.get() == nullptr);  // nothing left: no allocation kept
  CHECK(episode.chapters[2].url() == std::optional<std::string>("https://ok.example/end"));
  CHECK_FALSE(episode.chapters[2].image());
  const auto all = sink.sorted();
  REQUIRE(all.size() == 3);
  CHECK(all[0].code == "invalid-link");
  CHECK(all[0].severity == Severity::warning);
  CHECK(all[0].where == SourceLocation{"videos/links.md", 10, 5});
  CHECK(all[0].message ==
        "chapter \"Intro\" url \"javascript:alert(document.cookie)\" has the scheme "
        "\"javascript\"; only http and https are allowed; the link was dropped");
  CHECK(all[1].where.line == 12);
  CHECK(all[2].message ==
        "chapter \"End\" img \"data:image/png;base64,AAAA\" has the scheme \"data\"; only http "
        "and https are allowed; the link was dropped");
}
