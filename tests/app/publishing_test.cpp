// Publishing state and the guard across runs: drafts and future episodes stay out of every
// output (until the reference time passes their date, even when no file changed), and items a
// previous run published that vanish or change their guid or enclosure URL are warned about.
#include <date/date.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>

#include "src/app/export_pipeline.hpp"
#include "src/base/exit_status.hpp"
#include "src/config/config.hpp"
#include "src/config/config_provenance.hpp"
#include "tests/support/golden_support.hpp"

using namespace castmap;
namespace fs = std::filesystem;

namespace {

TimePoint day(int y, unsigned m, unsigned d) {
  return date::sys_days(date::year{y} / date::month{m} / date::day{d});
}

void write_episode(const fs::path& content, const std::string& id, const std::string& date,
                   const std::string& extra = "") {
  testing::write_file(content / "videos" / (id + ".md"),
                      "---\nid: " + id + "\nslug: " + id + "\ntitle: Episode " + id +
                          "\npublishedAt: " + date + "\nduration: 600\naudioFileSize: 1000\n" +
                          extra + "---\n");
}

Config config_for(const fs::path& work) {
  Config config;
  config.content = work / "content";
  config.output = work / "out";
  config.site.base_url = "https://example.com";
  config.urls.enclosure = "https://cdn.example.com/{media_id}.mp3";
  config.site.podcast.artwork = "https://example.com/artwork.png";
  config.site.podcast.category = "Technology";
  return config;
}

struct Run {
  ExportResult result;
  std::vector<Diagnostic> diagnostics;
  bool has(const std::string& code) const {
    return std::any_of(diagnostics.begin(), diagnostics.end(),
                       [&](const Diagnostic& d) { return d.code == code; });
  }
  const Diagnostic& find(const std::string& code) const {
    const auto it = std::find_if(diagnostics.begin(), diagnostics.end(),
                                 [&](const Diagnostic& d) { return d.code == code; });
    REQUIRE(it != diagnostics.end());
    return *it;
  }
  /// The guard's diagnostics (codes feed-item-*).
  std::size_t guard_reports() const {
    return static_cast<std::size_t>(
        std::count_if(diagnostics.begin(), diagnostics.end(),
                      [](const Diagnostic& d) { return d.code.starts_with("feed-item-"); }));
  }
  std::size_t count(const std::string& code) const {
    return static_cast<std::size_t>(
        std::count_if(diagnostics.begin(), diagnostics.end(),
                      [&](const Diagnostic& d) { return d.code == code; }));
  }
};

Run run(const Config& config, TimePoint as_of, bool strict = false) {
  ExportOptions options;
  options.as_of = as_of;
  DiagnosticSink diagnostics;
  diagnostics.set_strict(strict);
  Run r{run_export(config, options, diagnostics), {}};
  r.diagnostics = diagnostics.sorted();
  return r;
}

std::string feed(const Config& config) {
  return testing::read_tree(config.output)["feeds/all.xml"];
}

/// Ages every output an hour and lets a run at `as_of` record that, so that the next run may
/// keep its files or replay it whole (a file written in the manifest's clock tick never is).
void age(const Config& config, TimePoint as_of, bool strict = false) {
  const auto an_hour_ago = fs::file_time_type::clock::now() - std::chrono::hours(1);
  for (const auto& entry : fs::recursive_directory_iterator(config.output))
    if (entry.is_regular_file() && !entry.path().filename().string().starts_with(".castmap"))
      fs::last_write_time(entry.path(), an_hour_ago);
  run(config, as_of, strict);
}

}  // namespace

TEST_CASE("drafts and future episodes are held back from every output", "[publishing]") {
  testing::TempDir work("castmap-publishing");
  const Config config = config_for(work.path());
  write_episode(config.content, "old", "2024-01-01T00:00:00Z",
                "chapters:\n  - startTime: 0\n    title: A\n");
  write_episode(config.content, "draft", "2024-02-01T00:00:00Z",
                "draft: true\nchapters:\n  - startTime: 0\n    title: A\n");
  write_episode(config.content, "later", "2024-06-01T12:00:00Z",
                "chapters:\n  - startTime: 0\n    title: A\n");

  const Run before = run(config, day(2024, 3, 1));
  CHECK(before.result.exit_status == kExitOk);
  CHECK(before.result.held_back == 2);
  REQUIRE(before.result.next_change_at);
  CHECK(*before.result.next_change_at == day(2024, 6, 1) + std::chrono::hours(12));
  CHECK(before.has("episode-draft"));
  CHECK(before.has("episode-scheduled"));
  auto files = testing::read_tree(config.output);
  CHECK(files.contains("chapters/old.json"));
  CHECK_FALSE(files.contains("chapters/draft.json"));
  CHECK_FALSE(files.contains("chapters/later.json"));
  for (const auto& [path, bytes] : files) {
    INFO(path);
    CHECK(bytes.find("later") == std::string::npos);
    CHECK(bytes.find("/draft") == std::string::npos);
  }

  // No file changes; only time passes the embargo. The replay of the unchanged run must not
  // keep the old outputs.
  age(config, day(2024, 3, 1));
  CHECK(run(config, day(2024, 3, 2)).result.replayed);  // nothing changed: the shortcut is taken
  const Run after = run(config, day(2024, 7, 1));
  CHECK_FALSE(after.result.replayed);
  CHECK(after.result.held_back == 1);
  CHECK_FALSE(after.result.next_change_at);
  CHECK(testing::read_tree(config.output).contains("chapters/later.json"));
  CHECK(feed(config).find("<guid isPermaLink=\"false\">later</guid>") != std::string::npos);
  CHECK_FALSE(after.has("feed-item-removed"));

  // Exactly at its date an episode is published.
  age(config, day(2024, 7, 1));
  const Run at = run(config, day(2024, 6, 1) + std::chrono::hours(12));
  CHECK(at.result.held_back == 1);
  CHECK(feed(config).find(">later</guid>") != std::string::npos);

  // Previewing an earlier date holds it back again (and that is no loss: held back by design).
  age(config, day(2024, 6, 1) + std::chrono::hours(12));
  const Run preview = run(config, day(2024, 3, 1));
  CHECK(feed(config).find(">later</guid>") == std::string::npos);
  CHECK_FALSE(preview.has("feed-item-removed"));
}

TEST_CASE("a published item that vanishes or changes its guid or enclosure is warned about",
          "[publishing][guard]") {
  testing::TempDir work("castmap-guard");
  Config config = config_for(work.path());
  config.exporters = {"rss", "json-chapters"};  // the sitemap would warn about video metadata
  const TimePoint now = day(2025, 1, 1);
  for (const char* id : {"a", "b", "c", "d"}) write_episode(config.content, id, "2024-01-01");
  const Run first = run(config, now);
  REQUIRE(first.result.exit_status == kExitOk);
  CHECK_FALSE(first.has("feed-item-removed"));  // nothing remembered yet

  SECTION("an unchanged run warns about nothing") {
    const Run again = run(config, now);
    CHECK_FALSE(again.has("feed-item-removed"));
    CHECK_FALSE(again.has("feed-item-guid-changed"));
    CHECK_FALSE(again.has("feed-item-enclosure-changed"));
  }
  SECTION("a deleted episode file") {
    fs::remove(config.content / "videos/a.md");
    const Run r = run(config, now);
    CHECK(r.count("feed-item-removed") == 1);
    CHECK(r.result.exit_status == kExitOk);
    const Diagnostic& removed = r.find("feed-item-removed");
    CHECK(removed.where.path == "videos/a.md");
    CHECK_THAT(removed.message, Catch::Contains("feeds/all.xml"));
    // Said once: the next run remembers the new state (and a replay does not repeat it).
    CHECK_FALSE(run(config, now).has("feed-item-removed"));
    age(config, now);
    const Run replayed = run(config, now);
    CHECK(replayed.result.replayed);
    CHECK_FALSE(replayed.has("feed-item-removed"));
  }
  SECTION("a changed id changes the guid") {
    testing::write_file(config.content / "videos/b.md",
                        "---\nid: b2\nslug: b\ntitle: B\npublishedAt: 2024-01-01\n"
                        "videoId: b\nduration: 600\naudioFileSize: 1000\n---\n");
    const Run r = run(config, now);
    CHECK(r.count("feed-item-guid-changed") == 1);
    CHECK_FALSE(r.has("feed-item-enclosure-changed"));
    CHECK_FALSE(r.has("feed-item-removed"));
  }
  SECTION("a changed enclosure URL") {
    testing::write_file(config.content / "videos/c.md",
                        "---\nid: c\nslug: c\ntitle: C\npublishedAt: 2024-01-01\n"
                        "videoId: c-remastered\nduration: 600\naudioFileSize: 1000\n---\n");
    const Run r = run(config, now);
    CHECK(r.count("feed-item-enclosure-changed") == 1);
    CHECK(r.find("feed-item-enclosure-changed").where.line == 6);  // at videoId
  }
  SECTION("items feeds.all_max_items leaves out are no loss, a deleted one still is") {
    write_episode(config.content, "a", "2024-01-04");  // a and b the newest
    write_episode(config.content, "b", "2024-01-03");
    config.feeds.all_max_items = 2;  // all.xml keeps a and b
    record_setting(config, "test", "all_max_items=2");
    const Run limited = run(config, now);
    CHECK(limited.has("feed-items-limited"));
    CHECK_FALSE(limited.has("feed-item-removed"));  // c and d left by design
    fs::remove(config.content / "videos/a.md");
    const Run deleted = run(config, now);
    CHECK(deleted.count("feed-item-removed") == 1);  // a is lost, c coming back is no news
    CHECK(deleted.find("feed-item-removed").where.path == "videos/a.md");
  }
  SECTION("a renamed file keeps its item") {
    fs::rename(config.content / "videos/d.md", config.content / "videos/d-renamed.md");
    const Run r = run(config, now);
    CHECK_FALSE(r.has("feed-item-removed"));
  }
  SECTION("an episode made a draft leaves by design") {
    write_episode(config.content, "a", "2024-01-01", "draft: true\n");
    const Run r = run(config, now);
    CHECK(r.has("episode-draft"));
    CHECK_FALSE(r.has("feed-item-removed"));
  }
  SECTION("--strict makes it an error, and keeps warning until accepted") {
    REQUIRE(run(config, now, true).result.exit_status == kExitOk);  // nothing else to say
    fs::remove(config.content / "videos/a.md");
    const Run strict = run(config, now, true);
    CHECK(strict.result.exit_status == kExitContentErrors);
    CHECK(strict.find("feed-item-removed").severity == Severity::error);
    CHECK(run(config, now, true).has("feed-item-removed"));
    age(config, now, true);  // not even a replay lets it pass
    CHECK(run(config, now, true).result.exit_status == kExitContentErrors);
    CHECK(run(config, now).has("feed-item-removed"));  // accepted by a run without --strict
    CHECK_FALSE(run(config, now).has("feed-item-removed"));
  }
  SECTION("a damaged or missing memory means no warning, never an error") {
    fs::remove(config.content / "videos/a.md");
    testing::write_file(config.output / ".castmap-published", "garbage");
    const Run damaged = run(config, now);
    CHECK(damaged.result.exit_status == kExitOk);
    CHECK(damaged.guard_reports() == 0);
    fs::remove(config.content / "videos/b.md");
    fs::remove(config.output / ".castmap-published");
    const Run missing = run(config, now);
    CHECK(missing.result.exit_status == kExitOk);
    CHECK(missing.guard_reports() == 0);
  }
  SECTION("a feed that no longer exists is no loss of its items") {
    config.exporters = {"json-chapters"};  // no feeds at all
    const Run r = run(config, now);
    CHECK_FALSE(r.has("feed-item-removed"));
  }
}
