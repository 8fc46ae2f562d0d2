// A bad day never costs the published site: a run whose content is missing, empty or suddenly
// much smaller, or that would drop whole formats, removes nothing and exits 6 (or 2 when the
// episode folder itself is missing), until a person accepts the removal once.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "src/app/export_pipeline.hpp"
#include "src/base/exit_status.hpp"
#include "src/base/share_limit.hpp"
#include "src/config/config.hpp"
#include "tests/support/golden_support.hpp"

using namespace castmap;
namespace fs = std::filesystem;

namespace {

/// A catalog of `count` episodes with chapters (3 files each: feed items aside, a JSON and a
/// WebVTT chapter file) under `content`.
void write_catalog(const fs::path& content, int count) {
  fs::remove_all(content / "videos");
  fs::create_directories(content / "videos");
  for (int i = 0; i < count; ++i)
    testing::write_file(content / "videos" / ("ep-" + std::to_string(i) + ".md"),
                        "---\nid: ep-" + std::to_string(i) + "\nslug: ep-" + std::to_string(i) +
                            "\ntitle: Episode " + std::to_string(i) +
                            "\npublishedAt: 2024-01-01T00:00:00Z\nduration: 600\nchapters:\n"
                            "  - startTime: 0\n    title: Start\n  - startTime: 60\n"
                            "    title: Next\n---\n");
}

Config config_for(const fs::path& work) {
  Config config;
  config.content = work / "content";
  config.output = work / "out";
  config.site.base_url = "https://example.com";
  config.urls.enclosure = "https://cdn.example.com/{slug}.mp3";
  return config;
}

ExportResult run(const Config& config, bool allow_large_prune = false) {
  ExportOptions options;
  options.allow_large_prune = allow_large_prune;
  DiagnosticSink diagnostics;
  return run_export(config, options, diagnostics);
}

std::size_t files_in(const fs::path& output) { return testing::read_tree(output).size(); }

}  // namespace

TEST_CASE("share limits read as a count or a percentage", "[prune]") {
  CHECK(parse_share_limit("25%")->of(200) == 50);
  CHECK(parse_share_limit("25 %")->percentage);
  CHECK(parse_share_limit("500")->of(10) == 500);
  CHECK(parse_share_limit("100%")->of(7) == 7);
  CHECK(parse_share_limit("0")->of(7) == 0);
  for (const char* bad : {"", "%", "101%", "-1", "1.5", "25%%", "x", " 5"})
    CHECK_FALSE(parse_share_limit(bad).has_value());
}

TEST_CASE("an emptied content folder removes nothing and exits 6", "[prune]") {
  testing::TempDir work("castmap-prune");
  const Config config = config_for(work.path());
  write_catalog(config.content, 20);
  REQUIRE(run(config).exit_status == kExitOk);
  const auto published = testing::read_tree(config.output);
  REQUIRE(published.size() > 40);

  write_catalog(config.content, 0);  // the share came up empty
  const ExportResult refused = run(config);
  CHECK(refused.exit_status == kExitPruneRefused);
  CHECK_THAT(refused.fatal_message, Catch::Contains("would remove 40 of the"));
  CHECK_THAT(refused.fatal_message, Catch::Contains("--allow-large-prune"));
  CHECK(testing::read_tree(config.output) == published);  // not one byte changed

  // A person accepts it once; the next run is ordinary again.
  write_catalog(config.content, 0);
  CHECK(run(config, true).exit_status == kExitOk);
  CHECK(files_in(config.output) == 0);
}

TEST_CASE("a botched checkout is refused before any feed is rewritten", "[prune]") {
  testing::TempDir work("castmap-prune-checkout");
  const Config config = config_for(work.path());
  write_catalog(config.content, 40);
  REQUIRE(run(config).exit_status == kExitOk);
  const auto published = testing::read_tree(config.output);

  write_catalog(config.content, 25);  // 15 of 40 episodes gone: 30 of ~84 files (> 25%)
  CHECK(run(config).exit_status == kExitPruneRefused);
  CHECK(testing::read_tree(config.output) == published);  // feeds/all.xml still lists all 40

  // Within the limit, ordinary pruning goes on.
  write_catalog(config.content, 36);
  CHECK(run(config, true).exit_status == kExitOk);
  write_catalog(config.content, 33);  // 6 files of 76: fine
  CHECK(run(config).exit_status == kExitOk);
}

TEST_CASE("dropping whole formats is refused at pruning time, and the limit is configurable",
          "[prune]") {
  testing::TempDir work("castmap-prune-formats");
  Config config = config_for(work.path());
  write_catalog(config.content, 20);
  REQUIRE(run(config).exit_status == kExitOk);
  const auto published = testing::read_tree(config.output);

  config.exporters = {"rss"};  // 20 JSON + 20 WebVTT chapter files and the sitemap would go
  const ExportResult refused = run(config);
  CHECK(refused.exit_status == kExitPruneRefused);
  CHECK_THAT(refused.fatal_message, Catch::Contains("were written"));
  // The feeds were written (they no longer link chapter files); nothing was removed.
  const auto after = testing::read_tree(config.output);
  for (const auto& [path, bytes] : published) CHECK(after.count(path) == 1);
  // The refusing run kept every file tracked: a later accepted run removes them.
  config.prune.max_remove = *parse_share_limit("100%");
  CHECK(run(config).exit_status == kExitOk);
  CHECK(files_in(config.output) < published.size() - 40);
}

TEST_CASE("a missing episode folder is a configuration error, and nothing is removed", "[prune]") {
  testing::TempDir work("castmap-prune-layout");
  Config config = config_for(work.path());
  write_catalog(config.content, 5);
  REQUIRE(run(config).exit_status == kExitOk);
  const auto published = testing::read_tree(config.output);
  config.layout.videos = "episodes";  // a wrong layout.videos
  const ExportResult wrong = run(config);
  CHECK(wrong.exit_status == kExitUsage);
  CHECK_THAT(wrong.fatal_message, Catch::Contains("layout.videos"));
  CHECK(testing::read_tree(config.output) == published);
}
