// Tests for the starter castmap.yaml of `castmap init`: whatever shows were found, the file loads
// back without a single diagnostic and with exactly those show ids.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "src/app/starter_config.hpp"
#include "tests/support/golden_support.hpp"

using namespace castmap;
namespace fs = std::filesystem;

namespace {

Config load_written(const std::string& yaml, std::vector<Diagnostic>& diagnostics) {
  testing::TempDir tmp("castmap-starter");
  testing::write_file(tmp.path() / "castmap.yaml", yaml);
  DiagnosticSink sink;
  std::optional<Config> config = load_config(tmp.path() / "castmap.yaml", sink);
  diagnostics = sink.sorted();
  REQUIRE(config);
  return *config;
}

}  // namespace

TEST_CASE("the starter config loads back with the shows found, whatever their ids", "[init]") {
  ContentSurvey survey;
  survey.has_videos = survey.has_shows = survey.has_people = true;
  survey.episode_files = 12;
  const std::vector<std::string> ids = {"byte-sized",
                                        "yes",
                                        "No",
                                        "123",
                                        "a b",
                                        "x: y",
                                        "#hash",
                                        "-dash",
                                        "\xc3\x9c"
                                        "ber",
                                        "on"};
  for (const std::string& id : ids)
    survey.shows.push_back({id, "Name with\na line break and a # and \"quotes\"", 3});
  survey.shows.push_back({"long", std::string(200, 'n'), 1});
  const std::string yaml = starter_config(survey);

  std::vector<Diagnostic> diagnostics;
  const Config config = load_written(yaml, diagnostics);
  for (const Diagnostic& d : diagnostics) FAIL_CHECK(format_text(d));
  std::vector<std::string> loaded;
  for (const auto& [id, podcast] : config.show_podcasts) {
    loaded.push_back(id);
    CHECK(podcast.type == "episodic");
  }
  std::vector<std::string> expected = ids;
  expected.push_back("long");
  std::sort(expected.begin(), expected.end());
  CHECK(loaded == expected);
  // Defaults, so the starter file changes nothing until edited; no base URL is made up.
  CHECK(config.site.base_url.empty());
  CHECK(config.site.language == "en");
  CHECK(config.site.podcast.explicit_content == false);
  CHECK(yaml.find("12 episode files in videos/") != std::string::npos);
  CHECK(yaml.find("11 shows in shows/") != std::string::npos);
  CHECK(yaml.find("no technologies/ folder") != std::string::npos);
  CHECK(yaml.find(std::string(61, 'n')) == std::string::npos);  // names are cut in comments
}

TEST_CASE("the starter config of an empty folder loads back cleanly", "[init]") {
  const std::string yaml = starter_config(ContentSurvey{});
  std::vector<Diagnostic> diagnostics;
  const Config config = load_written(yaml, diagnostics);
  CHECK(diagnostics.empty());
  CHECK(config.show_podcasts.empty());
  CHECK(yaml.find("no videos/ folder") != std::string::npos);
  CHECK(yaml.find("# layout:") != std::string::npos);  // says how to point at other folders
}
