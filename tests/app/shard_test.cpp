// --shard K/N: parsing it, where each episode file goes, and the promise docs/sharding.md makes:
// the shards of a catalog, merged, are the unsharded export, less the files only the whole
// catalog can have (feeds/all.xml and the one sitemap index).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <tuple>
#include <unordered_set>
#include <vector>

#include "src/app/export_pipeline.hpp"
#include "src/app/run_report.hpp"
#include "src/config/config.hpp"
#include "src/config/shard.hpp"
#include "src/load/content_listing.hpp"
#include "tests/support/golden_support.hpp"

namespace fs = std::filesystem;
using namespace castmap;

namespace {

std::string show_file(const std::string& id) {
  return "---\nid: " + id + "\nname: Show " + id + "\ndescription: All about " + id + ".\n---\n";
}

/// A show whose id is not its file name: shards place it, and its episodes' folder, by the file
/// name (the listing knows no more); its feed is named by the id.
constexpr const char* kRenamedShowFile = "hotel";
constexpr const char* kRenamedShowId = "hotel-renamed";

std::string episode_file(const std::string& id, const std::string& show, int day) {
  std::string text = "---\nid: " + id + "\nslug: " + id + "\ntitle: Episode " + id +
                     "\ndescription: About " + id + ".\npublishedAt: 2025-03-" +
                     (day < 10 ? "0" : "") + std::to_string(day) +
                     "T10:00:00Z\nduration: \"00:30:00\"\nvideoId: video-" + id + "\n";
  if (!show.empty()) text += "show: " + show + "\n";
  text += "chapters:\n  - startTime: 0\n    title: Intro\n  - startTime: 600\n    title: Main\n";
  return text + "---\nNotes for " + id + ".\n";
}

/// The examples catalog (one show, one standalone episode) plus `shows`, each with three
/// episodes in its own folder, the renamed show with two, and four more standalone episodes.
Config sharding_catalog(const testing::TempDir& work, const std::vector<std::string>& shows) {
  const fs::path content = work.path() / "content";
  fs::copy(fs::path(CASTMAP_SOURCE_DIR) / "examples", content, fs::copy_options::recursive);
  int day = 1;
  for (const std::string& show : shows) {
    testing::write_file(content / "shows" / (show + ".md"), show_file(show));
    for (int n = 1; n <= 3; ++n) {
      const std::string id = show + "-" + std::to_string(n);
      testing::write_file(content / "videos" / "shows" / show / "2025" / (id + ".md"),
                          episode_file(id, show, day++));
    }
  }
  testing::write_file(content / "shows" / (std::string(kRenamedShowFile) + ".md"),
                      show_file(kRenamedShowId));
  for (int n = 1; n <= 2; ++n) {
    const std::string id = std::string(kRenamedShowFile) + "-" + std::to_string(n);
    testing::write_file(content / "videos" / "shows" / kRenamedShowFile / (id + ".md"),
                        episode_file(id, kRenamedShowId, day++));
  }
  for (int n = 1; n <= 4; ++n) {
    const std::string id = "solo-" + std::to_string(n);
    testing::write_file(content / "videos" / "standalone" / "2025" / (id + ".md"),
                        episode_file(id, "", day++));
  }
  DiagnosticSink config_diagnostics;
  auto config = load_config(content / "castmap.yaml", config_diagnostics);
  REQUIRE(config);
  return *config;
}

ExportResult export_into(Config config, const fs::path& output, Shard shard,
                         DiagnosticSink& diagnostics) {
  config.output = output;
  config.shard = shard;
  return run_export(config, {}, diagnostics);
}

std::vector<std::string> locs_in(const std::string& xml) {
  static const std::regex loc("<loc>([^<]*)</loc>");
  std::vector<std::string> found;
  for (std::sregex_iterator it(xml.begin(), xml.end(), loc), end; it != end; ++it)
    found.push_back((*it)[1]);
  return found;
}

bool is_sitemap_file(const std::string& path) {
  return path.starts_with("sitemap") && path.ends_with(".xml");
}

/// A part (sitemap-episodes-1.xml, sitemap-shard-2-of-3-shows.xml), not an index.
bool is_sitemap_part(const std::string& path) {
  return is_sitemap_file(path) &&
         (path.find("-episodes-") != std::string::npos || path.ends_with("-shows.xml"));
}

}  // namespace

TEST_CASE("parse_shard takes K/N, counted from 1", "[shard]") {
  std::string error;
  const auto second_of_eight = parse_shard("2/8", error);
  REQUIRE(second_of_eight);
  CHECK(*second_of_eight == Shard{2, 8});
  CHECK(second_of_eight->active());
  CHECK(second_of_eight->label() == "shard-2-of-8");
  const auto whole = parse_shard("1/1", error);
  REQUIRE(whole);
  CHECK_FALSE(whole->active());
  CHECK(parse_shard("65536/65536", error));

  for (const char* bad : {"", "2", "/8", "2/", "a/8", "2/b", "2/8x", " 2/8", "-1/8", "2/0", "9/8",
                          "1/65537", "2/8/1", "+2/8"}) {
    INFO("--shard '" << bad << "'");
    error.clear();
    CHECK_FALSE(parse_shard(bad, error));
    CHECK_FALSE(error.empty());
  }
  // A Kubernetes Indexed Job counts its pods from 0: the message says how to pass the index.
  CHECK_FALSE(parse_shard("0/8", error));
  CHECK_THAT(error, Catch::Contains("JOB_COMPLETION_INDEX + 1"));
}

TEST_CASE("every key has exactly one shard, the same in every run and build", "[shard]") {
  // Pinned: a show that moved to another shard on an upgrade would leave its files in the
  // old shard's folder until that shard ran again. XXH3-64 (docs/sharding.md) of "klustered"
  // is 0xb6be124dfed6c122, of "rawkode-live" 0x5bffb7ebc4682300 and of the path
  // 0x3e39134c26d9bafc (python3 -c 'import xxhash; print(xxhash.xxh3_64_hexdigest("klustered"))').
  CHECK(Shard{1, 8}.shard_of("klustered") == 3);
  CHECK(Shard{1, 8}.shard_of("rawkode-live") == 1);
  CHECK(Shard{1, 3}.shard_of("videos/standalone/2023/hello.md") == 2);

  std::vector<std::size_t> per_shard(8);
  std::size_t keys_not_owned_once = 0;
  for (int i = 0; i < 8000; ++i) {
    const std::string key = "show-" + std::to_string(i);
    int owners = 0;
    for (std::uint32_t k = 1; k <= 8; ++k) owners += Shard{k, 8}.owns(key) ? 1 : 0;
    if (owners != 1) ++keys_not_owned_once;
    ++per_shard.at(Shard{3, 8}.shard_of(key) - 1);
  }
  CHECK(keys_not_owned_once == 0);
  for (std::size_t n : per_shard) {  // 1,000 each on average
    CHECK(n > 850);
    CHECK(n < 1150);
  }
  CHECK(Shard{}.owns("anything"));  // 1 of 1: the whole catalog
}

TEST_CASE("an episode file goes with the first show folder on its path, else by its path",
          "[shard]") {
  using Folder = EpisodeFileFilter::Folder;
  const Shard shard{1, 2};
  // Two shows in different shards (found, not assumed: the hash decides).
  std::string mine, theirs;
  for (const char* id : {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot"})
    (shard.owns(id) ? mine : theirs) = id;
  REQUIRE_FALSE(mine.empty());
  REQUIRE_FALSE(theirs.empty());
  const EpisodeFileFilter filter(shard, {mine, theirs});

  CHECK(filter.enter(Folder::undecided, mine) == Folder::this_shard);
  CHECK(filter.enter(Folder::undecided, theirs) == Folder::other_shard);
  CHECK(filter.enter(Folder::undecided, "2023") == Folder::undecided);
  // The first show folder decides, whatever the folders below it are called.
  CHECK(filter.enter(Folder::this_shard, theirs) == Folder::this_shard);
  CHECK(filter.enter(Folder::this_shard, "2023") == Folder::this_shard);
  CHECK(filter.takes(Folder::this_shard, "videos/" + mine + "/x.md"));
  CHECK_FALSE(filter.takes(Folder::other_shard, "videos/" + theirs + "/x.md"));
  // Elsewhere a file goes by its path: a file named like a show is not that show's folder.
  std::size_t taken = 0;
  for (int i = 0; i < 100; ++i) {
    const std::string path = "videos/standalone/" + std::to_string(i) + ".md";
    CHECK(filter.takes(Folder::undecided, path) == shard.owns(path));
    taken += filter.takes(Folder::undecided, path) ? 1 : 0;
  }
  CHECK(taken > 30);
  CHECK(taken < 70);
  CHECK(filter.takes(Folder::undecided, "videos/" + theirs + ".md") ==
        shard.owns("videos/" + theirs + ".md"));

  // Without --shard everything is taken.
  const EpisodeFileFilter whole(Shard{}, {mine, theirs});
  CHECK(whole.enter(Folder::undecided, theirs) == Folder::undecided);
  CHECK(whole.takes(Folder::undecided, "videos/" + theirs + ".md"));
}

TEST_CASE("a shard lists only its episode files, and every other file", "[shard]") {
  testing::TempDir work("castmap-shard-listing");
  const fs::path root = work.path();
  const std::vector<std::string> shows = {"a", "b", "c", "d",
                                          "e", "f", "g", "a-show-id-longer-than-a-short-string"};
  std::set<std::string> episodes;
  const auto add_episode = [&](const std::string& relative) {
    testing::write_file(root / relative, "---\nid: x\n---\n");
    episodes.insert(relative);
  };
  for (const std::string& show : shows) {
    testing::write_file(root / "shows" / (show + ".md"), show_file(show));
    for (int n = 0; n < 3; ++n)
      add_episode("videos/" + show + "/2024/" + std::to_string(n) + ".md");
    // Below a show's folder, a folder named like another show changes nothing.
    add_episode("videos/" + show + "/" + shows[0] + "/nested.md");
  }
  for (int n = 0; n < 20; ++n) add_episode("videos/standalone/" + std::to_string(n) + ".md");
  testing::write_file(root / "people" / "ann.json", "{}");
  const ContentLayout layout;

  DiagnosticSink unsharded_diagnostics;
  const auto unsharded = list_content(root, layout, unsharded_diagnostics);
  CHECK(unsharded.size() == episodes.size() + shows.size() + 1);

  std::map<std::string, int> times_listed;
  for (std::uint32_t k = 1; k <= 3; ++k) {
    const Shard shard{k, 3};
    INFO(shard.label());
    DiagnosticSink diagnostics;
    const auto files = list_content(root, layout, diagnostics, shard);
    CHECK(diagnostics.sorted().empty());
    std::size_t others = 0;
    for (const ContentFile& file : files) {
      if (file.kind != ContentKind::episode) {
        ++others;
        continue;
      }
      ++times_listed[file.relative];
      CHECK(file.stamp.size > 0);  // stamped as usual
      const std::string folder = file.relative.substr(7, file.relative.find('/', 7) - 7);
      if (folder == "standalone")
        CHECK(shard.owns(file.relative));
      else
        CHECK(shard.owns(folder));  // a show's episodes all go with it
    }
    CHECK(others == shows.size() + 1);
    // Listed in the usual order: episodes first, each kind sorted.
    CHECK(std::is_sorted(files.begin(), files.end(), [](const auto& a, const auto& b) {
      return std::tie(a.kind, a.relative) < std::tie(b.kind, b.relative);
    }));
  }
  CHECK(times_listed.size() == episodes.size());
  for (const auto& [path, times] : times_listed) {
    INFO(path);
    CHECK(times == 1);
  }
}

TEST_CASE("the shards of a catalog, merged, are the unsharded export", "[shard]") {
  testing::TempDir work("castmap-shard-test");
  const std::vector<std::string> shows = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot"};
  const Config config = sharding_catalog(work, shows);
  constexpr std::uint32_t kShards = 3;

  DiagnosticSink whole_diagnostics;
  const ExportResult whole = export_into(config, work.path() / "whole", Shard{}, whole_diagnostics);
  REQUIRE(whole.exit_status == 0);
  CHECK_THAT(summary_line(whole, 0, 0, 1.0, false), Catch::StartsWith("castmap: "));
  CHECK_FALSE(nlohmann::json::parse(render_run_report(whole, {}, {})).contains("shard"));
  std::map<std::string, std::string> expected = testing::read_tree(work.path() / "whole");
  REQUIRE(expected.contains("feeds/all.xml"));
  REQUIRE(expected.contains("feeds/" + std::string(kRenamedShowId) + ".xml"));
  std::multiset<std::string> whole_locs;
  for (auto it = expected.begin(); it != expected.end();) {
    if (it->first == "feeds/all.xml" || is_sitemap_file(it->first)) {
      if (is_sitemap_part(it->first))
        for (std::string& loc : locs_in(it->second)) whole_locs.insert(std::move(loc));
      it = expected.erase(it);
    } else {
      ++it;
    }
  }

  std::map<std::string, std::string> merged;
  std::multiset<std::string> shard_locs;
  std::size_t episodes = 0;
  for (std::uint32_t k = 1; k <= kShards; ++k) {
    const Shard shard{k, kShards};
    INFO(shard.label());
    DiagnosticSink diagnostics;
    const fs::path output = work.path() / shard.label();
    const ExportResult result = export_into(config, output, shard, diagnostics);
    REQUIRE(result.exit_status == 0);
    CHECK(result.episodes_exported > 0);  // the catalog is big enough for every shard
    // Its log line and report say which shard it was.
    CHECK_THAT(summary_line(result, 0, 0, 1.0, false),
               Catch::StartsWith("castmap (shard " + std::to_string(k) + " of 3): "));
    const auto report = nlohmann::json::parse(render_run_report(result, {}, {}));
    CHECK(report.at("shard") == nlohmann::json({{"index", k}, {"count", kShards}}));
    episodes += result.episodes_exported;
    const auto tree = testing::read_tree(output);
    CHECK_FALSE(tree.contains("feeds/all.xml"));
    CHECK_FALSE(tree.contains("sitemap.xml"));
    const std::string index_path = "sitemap-" + shard.label() + ".xml";
    REQUIRE(tree.contains(index_path));
    // The shard's index lists exactly its own parts, each named after the shard.
    std::set<std::string> parts_listed, parts_written;
    for (const std::string& loc : locs_in(tree.at(index_path))) {
      REQUIRE(loc.starts_with(config.site.base_url + "/sitemap-" + shard.label() + "-"));
      parts_listed.insert(loc.substr(config.site.base_url.size() + 1));
    }
    for (const auto& [path, bytes] : tree) {
      if (is_sitemap_part(path)) {
        parts_written.insert(path);
        for (std::string& loc : locs_in(bytes)) shard_locs.insert(std::move(loc));
      } else if (path != index_path) {
        CHECK(merged.emplace(path, bytes).second);  // no file comes from two shards
      }
    }
    CHECK(parts_listed == parts_written);
  }
  CHECK(episodes == whole.episodes_exported);
  CHECK(testing::compare_trees(expected, merged) == "");
  CHECK(shard_locs == whole_locs);  // every page in exactly one shard's sitemap
}

TEST_CASE("an episode filed under one show but naming another shard's show is rejected",
          "[shard]") {
  // Two shows that two shards split between them (found, not assumed: the hash decides).
  const Shard any{1, 2};
  std::string home = "alpha", away;
  for (const char* candidate : {"bravo", "charlie", "delta", "echo", "foxtrot", "golf"})
    if (any.shard_of(candidate) != any.shard_of(home)) {
      away = candidate;
      break;
    }
  REQUIRE_FALSE(away.empty());
  testing::TempDir work("castmap-shard-misfiled");
  const Config config = sharding_catalog(work, {home, away});
  testing::write_file(config.content / "videos" / "shows" / home / "2025" / "misfiled.md",
                      episode_file("misfiled", away, 28));

  const Shard home_shard{any.shard_of(home), 2}, away_shard{any.shard_of(away), 2};
  DiagnosticSink diagnostics;
  const ExportResult result = export_into(config, work.path() / "home", home_shard, diagnostics);
  CHECK(result.exit_status == 1);
  std::vector<Diagnostic> found;
  for (const Diagnostic& d : diagnostics.sorted())
    if (d.code == "show-in-other-shard") found.push_back(d);
  REQUIRE(found.size() == 1);
  CHECK(found[0].severity == Severity::error);
  CHECK(found[0].where.path == "videos/shows/" + home + "/2025/misfiled.md");
  CHECK(found[0].where.line > 0);
  CHECK_THAT(found[0].message,
             Catch::Contains("shard " + std::to_string(away_shard.index) + " of 2"));
  CHECK_FALSE(fs::exists(work.path() / "home" / "chapters" / "misfiled.json"));
  CHECK(fs::exists(work.path() / "home" / "chapters" / (home + "-1.json")));

  // The other shard never reads the file: its feed leaves the episode out, without an error.
  DiagnosticSink away_diagnostics;
  CHECK(export_into(config, work.path() / "away", away_shard, away_diagnostics).exit_status == 0);
  const auto away_tree = testing::read_tree(work.path() / "away");
  REQUIRE(away_tree.contains("feeds/" + away + ".xml"));
  CHECK(away_tree.at("feeds/" + away + ".xml").find("misfiled") == std::string::npos);
}
