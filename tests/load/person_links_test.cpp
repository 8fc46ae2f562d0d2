// A person's links pass check_url() (src/base/url_check.hpp) or are dropped with a located
// invalid-link warning: nothing but absolute http(s) URLs reaches podcast:person href/img.
#include <catch2/catch.hpp>

#include "src/load/catalog_records.hpp"

using namespace castmap;

TEST_CASE("person links from JSON are checked and normalized", "[loader][url]") {
  DiagnosticSink sink;
  auto person = parse_person_json(
      "{\"name\": \"Eve\", \"href\": \"javascript:alert(1)\", \"url\": \"HTTPS://Eve.Example/\","
      " \"img\": \"avatar.png\"}",
      "people/eve.json", "eve", LoaderLimits{}, sink);
  REQUIRE(person);
  // The first spelling that passes wins: href failed, so url is the profile link.
  CHECK(person->url == std::optional<std::string>("https://eve.example/"));
  CHECK_FALSE(person->image);
  const auto all = sink.sorted();
  REQUIRE(all.size() == 2);
  CHECK(all[0].code == "invalid-link");
  CHECK(all[0].severity == Severity::warning);
  CHECK(all[0].where.path == "people/eve.json");
  CHECK(all[0].message ==
        "person href \"javascript:alert(1)\" has the scheme \"javascript\"; only http and https "
        "are allowed; the link was dropped");
  CHECK(all[1].message ==
        "person img \"avatar.png\" is relative; an absolute http(s) URL is needed; the link was "
        "dropped");
}

TEST_CASE("person links from front matter are checked where they are written", "[loader][url]") {
  DiagnosticSink sink;
  auto person = parse_person_front_matter(
      "---\nname: Mallory\nwebsite: \"data:text/html,<b>x</b>\"\navatar: \"https://m.example/a "
      "b.png\"\n---\n",
      "people/mallory.md", "mallory", LoaderLimits{}, sink);
  REQUIRE(person);
  CHECK_FALSE(person->url);
  CHECK_FALSE(person->image);
  const auto all = sink.sorted();
  REQUIRE(all.size() == 2);
  CHECK(all[0].where.line == 3);
  CHECK(all[0].where.column == 10);
  CHECK(all[0].code == "invalid-link");
  CHECK(all[1].where.line == 4);
  CHECK(all[1].message ==
        "person avatar \"https://m.example/a b.png\" contains whitespace; the link was dropped");
}
