// sitemap.parts_path and the sitemaps.org location rule: parts go at the site root by default;
// a folder that does not hold every page the parts would list is refused (exit status 2), in
// castmap.yaml (located) and when a run starts (--only, --base-url).
#include "src/config/sitemap_location.hpp"

#include <catch2/catch.hpp>

#include "exporters/registry.hpp"
#include "src/app/export_pipeline.hpp"
#include "src/base/exit_status.hpp"
#include "tests/support/catalog_fixtures.hpp"
#include "tests/support/exporter_harness.hpp"
#include "tests/support/golden_support.hpp"

using namespace castmap;

namespace {

std::string error_of(const std::string& yaml) {
  DiagnosticSink sink;
  const std::optional<Config> config = parse_config(yaml, "/site/castmap.yaml", sink);
  std::string out;
  for (const auto& d : sink.sorted())
    if (d.severity == Severity::error)
      out += std::to_string(d.where.line) + ": " + d.message + " [" + d.code + "]";
  CHECK(config.has_value() == out.empty());
  return out;
}

}  // namespace

TEST_CASE("sitemap.parts_path is a folder inside the site", "[config][sitemap]") {
  std::string problem;
  CHECK(sitemap_parts_folder("", problem) == "");
  CHECK(sitemap_parts_folder("/watch/", problem) == "watch");
  CHECK(sitemap_parts_folder("en/watch", problem) == "en/watch");
  for (const char* bad : {"../up", "a//b", "./a", "a b", "s%20", "a?b", "\xC3\xA9"}) {
    INFO(bad);
    CHECK_FALSE(sitemap_parts_folder(bad, problem));
  }
}

TEST_CASE("a sitemap placement that cannot list every page is a configuration error",
          "[config][sitemap]") {
  const std::string site = "site:\n  base_url: https://example.com\n";
  // The default: parts at the site root hold every page of the site.
  CHECK(error_of(site) == "");
  CHECK(error_of(site + "sitemap:\n  parts_path: watch\n") == "");
  CHECK(error_of(site + "urls:\n  episode_page: \"{base_url}/watch/{slug}/\"\n"
                        "  show_page: \"{base_url}/shows/{show}/\"\n"
                        "sitemap:\n  parts_path: watch\n") ==
        "7: sitemap.parts_path: sitemap parts published at \"https://example.com/watch/\" may "
        "list only pages at or below that folder (sitemaps.org location rule), but "
        "urls.show_page gives pages under \"https://example.com/shows/\": set "
        "sitemap.parts_path to a folder that holds every listed page (the default, the site "
        "root, holds them all) [config-invalid]");
  CHECK(error_of(site + "sitemap:\n  parts_path: sitemaps\n")
            .find("urls.episode_page gives pages "
                  "under \"https://example.com/"
                  "watch/\"") != std::string::npos);
  // A template's fixed part decides: /watch-{slug} is not inside /watch/.
  CHECK(error_of(site + "urls:\n  episode_page: \"{base_url}/watch-{slug}\"\n"
                        "sitemap:\n  parts_path: watch\n") != "");
  CHECK(error_of(site + "urls:\n  episode_page: \"{base_url}?p={slug}\"\n") == "");
  // Pages on another host: no placement on this site may list them.
  CHECK(error_of(site + "urls:\n  episode_page: \"https://other.example/{slug}\"\n")
            .find("outside site.base_url") != std::string::npos);
  // Not checked when the sitemap is not exported.
  CHECK(error_of(site + "exporters: [rss]\nsitemap:\n  parts_path: sitemaps\n") == "");
  CHECK(error_of("sitemap:\n  parts_path: \"../x\"\n").find("not a folder inside the site") !=
        std::string::npos);
}

TEST_CASE("a run checks the placement again with --only and --base-url", "[config][sitemap]") {
  DiagnosticSink sink;
  std::optional<Config> config =
      parse_config("exporters: [rss]\nsitemap:\n  parts_path: sitemaps\ncontent: .\n",
                   "/tmp/castmap.yaml", sink);
  REQUIRE(config);
  config->site.base_url = "https://example.com";
  testing::TempDir content("castmap-sitemap-location");
  std::filesystem::create_directories(content.path() / "videos");
  config->content = content.path();
  config->output = content.path() / "out";
  ExportOptions options;
  options.only = {"sitemap"};
  const ExportResult result = run_export(*config, options, sink);
  CHECK(result.exit_status == kExitUsage);
  CHECK(result.fatal_message.starts_with("sitemap.parts_path: sitemap parts published at"));
}

TEST_CASE("sitemap parts go in sitemap.parts_path, the site root by default", "[sitemap]") {
  Catalog catalog;
  catalog.episodes = {testing::sample_episode("one")};
  Config config;
  config.site.base_url = "https://example.com";
  const Exporter& sitemap = *find_exporter("sitemap");
  auto out = testing::run_exporter(sitemap, catalog, config);
  CHECK(out.files.contains("sitemap-episodes-1.xml"));
  CHECK(out.files.at("sitemap.xml").find("<loc>https://example.com/sitemap-episodes-1.xml</loc>") !=
        std::string::npos);

  config.sitemap.parts_path = "watch";
  out = testing::run_exporter(sitemap, catalog, config);
  CHECK(out.files.contains("watch/sitemap-episodes-1.xml"));
  CHECK(out.files.at("sitemap.xml")
            .find("<loc>https://example.com/watch/sitemap-episodes-1.xml</loc>") !=
        std::string::npos);
}
