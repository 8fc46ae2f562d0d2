// The webvtt and sitemap exporters over the real 311-episode corpus (plus a small catalog of
// known pitfalls): checks run-wide invariants, and, when CASTMAP_DUMP_DIR is set, writes every
// output there for the independent validators (../shared/tools/validate-output.sh).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include "exporters/gzip.hpp"
#include "exporters/registry.hpp"
#include "src/load/loader.hpp"
#include "src/normalize/catalog_loading.hpp"
#include "src/normalize/normalizer.hpp"
#include "tests/support/exporter_harness.hpp"

using namespace castmap;
using castmap::testing::ExportRun;

namespace {

Config corpus_config() {
  Config config;
  config.site.base_url = "https://rawkode.academy";
  config.urls.thumbnail = "{base_url}/videos/{media_id}/thumbnail.jpg";
  config.urls.video = "https://content.rawkode.academy/videos/{media_id}/stream.m3u8";
  config.urls.show_page = "{base_url}/shows/{show}/";
  return config;
}

/// Known pitfalls the corpus lacks: `-->`, line breaks and tabs in titles, hidden chapters.
Catalog pitfall_catalog() {
  Catalog catalog;
  Episode e;
  e.id = e.slug = e.media_id = "pitfalls";
  e.title = "Pitfalls & <edge> cases";
  e.description = "";
  e.published = TimePoint{std::chrono::seconds{1700000000}};
  e.duration_seconds = 125.0004;
  auto add = [&](double start, std::string title, bool toc = true) {
    Chapter c;
    c.start_seconds = start;
    c.title = std::move(title);
    c.toc = toc;
    e.chapters.push_back(std::move(c));
  };
  add(0, "<Untitled Chapter 1>");
  add(10.0004, "a --> b");
  add(20, "Sponsor", false);
  add(30.0625, "line one\nline two\tthree");
  add(60, "R&copy; Option<Option<T>> & Q&A");
  add(125, "Last millisecond");
  catalog.episodes.push_back(e);
  return catalog;
}

void write_tree(const std::filesystem::path& dir, const std::map<std::string, std::string>& files) {
  for (const auto& [path, bytes] : files) {
    std::filesystem::path target = dir / path;
    std::filesystem::create_directories(target.parent_path());
    std::ofstream(target, std::ios::binary) << bytes;
  }
}

void check_each_code_once(const ExportRun& run) {
  std::set<std::string> seen;
  for (const auto& d : run.diagnostics) {
    CAPTURE(d.code, d.message);
    CHECK(seen.insert(d.code).second);  // aggregated: one diagnostic per kind per run
  }
}

}  // namespace

TEST_CASE("webvtt and sitemap over the real corpus", "[webvtt][sitemap][corpus]") {
  const std::filesystem::path root = CASTMAP_SOURCE_DIR "/../shared/corpus/rawkode-academy";
  if (!std::filesystem::is_directory(root)) {
    WARN("../shared/corpus/rawkode-academy not found; corpus test skipped");
    return;
  }
  // The real loader and normalizer, as `castmap export` runs them.
  Config load_config_for_corpus = corpus_config();
  load_config_for_corpus.content = root;
  DiagnosticSink load_diagnostics;
  auto corpus = std::make_optional(castmap::load_catalog(load_config_for_corpus, load_diagnostics));
  castmap::normalize(*corpus, load_config_for_corpus, load_diagnostics);
  REQUIRE(load_diagnostics.error_count() == 0);
  REQUIRE(corpus->episodes.size() == 311);
  const Config config = corpus_config();
  const Exporter& webvtt = *find_exporter("webvtt");
  const Exporter& sitemap = *find_exporter("sitemap");

  ExportRun tracks = castmap::testing::run_exporter(webvtt, *corpus, config);
  std::size_t with_chapters = 0;
  for (const Episode& e : corpus->episodes) with_chapters += e.chapters.empty() ? 0 : 1;
  CHECK(tracks.files.size() == with_chapters);
  check_each_code_once(tracks);
  // The one `duration: 0` episode has no chapters, so no cue end has to be estimated.
  CHECK(tracks.with_code("vtt-last-cue-estimated").empty());
  for (const auto& [path, text] : tracks.files) {
    CAPTURE(path);
    CHECK(text.starts_with("WEBVTT\n\nchapter-1\n"));
    CHECK(text.find('<') == std::string::npos);
  }

  Config split = config;
  split.sitemap.max_urls = 100;
  split.sitemap.gzip = true;
  ExportRun plain = castmap::testing::run_exporter(sitemap, *corpus, config);
  ExportRun zipped = castmap::testing::run_exporter(sitemap, *corpus, split);
  check_each_code_once(plain);
  CHECK(plain.files.count("sitemap-episodes-1.xml") == 1);
  CHECK(plain.files.count("sitemap-episodes-2.xml") == 0);
  CHECK(plain.files.count("sitemap-shows.xml") == 1);
  CHECK(zipped.files.count("sitemap-episodes-4.xml.gz") == 1);  // 311 URLs, 100 per part
  CHECK(zipped.files.count("sitemap-episodes-5.xml.gz") == 0);
  CHECK(plain.with_code("video-description-truncated").size() == 1);
  CHECK(plain.with_code("video-duration-omitted").size() == 1);
  std::string joined;
  for (int n = 1; n <= 4; ++n)
    joined += gzip_decompress(zipped.files.at("sitemap-episodes-" + std::to_string(n) + ".xml.gz"));
  const std::string& whole = plain.files.at("sitemap-episodes-1.xml");
  CHECK(joined.size() > whole.size());  // same URLs, plus three more heads and tails

  if (const char* dump = std::getenv("CASTMAP_DUMP_DIR")) {
    const std::filesystem::path dump_root(dump);
    write_tree(dump_root / "corpus-webvtt", tracks.files);
    write_tree(dump_root / "corpus-sitemap", plain.files);
    write_tree(dump_root / "corpus-sitemap-gzip-split", zipped.files);
    ExportRun pitfall_tracks = castmap::testing::run_exporter(webvtt, pitfall_catalog(), config);
    ExportRun pitfall_map = castmap::testing::run_exporter(sitemap, pitfall_catalog(), config);
    write_tree(dump_root / "pitfalls-webvtt", pitfall_tracks.files);
    write_tree(root / "pitfalls-sitemap", pitfall_map.files);
    // For a human reading the run; the validators ignore .txt files.
    std::ofstream report(root / "diagnostics.txt", std::ios::binary);
    for (const ExportRun* run : {&tracks, &plain, &zipped, &pitfall_tracks, &pitfall_map})
      for (const auto& d : run->diagnostics) report << format_text(d) << '\n';
  }
}
