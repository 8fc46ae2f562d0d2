// Tests for the normalizer: one case per diagnostic code (code, severity, location, effect),
// plus determinism under shuffled input, strict mode and loader-error rejection.
#include <catch2/catch.hpp>

#include <date/date.h>
#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "src/base/path_safety.hpp"
#include "src/model/diagnostics.hpp"
#include "src/normalize/episode_normalizer.hpp"
#include "src/normalize/normalizer.hpp"

using namespace castmap;

namespace {

// Every test episode uses the same front-matter layout, so locations are predictable:
// id 2, slug 3, title 4, publishedAt 5, duration 6, show 7, description 8, audioFileSize 9,
// guests 10 (items 11+i), technologies 20 (items 21+i), chapters 30 (items 31+3i), column 3
// for list items.
Episode make_episode(const std::string& name, int day = 1) {
  Episode e;
  e.id = name;
  e.slug = name;
  e.media_id = name;
  e.title = "Episode " + name;
  e.description = "About " + name;
  e.published = date::sys_days{date::year{2024} / 1 / day};
  e.duration_seconds = 3600;
  e.source_path = "videos/" + name + ".md";
  e.positions = {{"id", {2, 1}},          {"slug", {3, 1}},     {"title", {4, 1}},
                 {"publishedAt", {5, 1}}, {"duration", {6, 1}}, {"description", {8, 1}}};
  return e;
}

void set_show(Episode& e, const std::string& show) {
  e.show_id = show;
  e.positions["show"] = {7, 1};
}

void add_guest(Episode& e, const std::string& person) {
  e.positions["guests"] = {10, 1};
  e.positions["guests[" + std::to_string(e.guests.size()) + "]"] = {
      11 + static_cast<int>(e.guests.size()), 3};
  e.guests.push_back(person);
}

void add_technology(Episode& e, const std::string& technology) {
  e.positions["technologies"] = {20, 1};
  e.positions["technologies[" + std::to_string(e.technologies.size()) + "]"] = {
      21 + static_cast<int>(e.technologies.size()), 3};
  e.technologies.push_back(technology);
}

void add_chapter(Episode& e, double start, const std::string& title) {
  e.positions["chapters"] = {30, 1};
  Chapter c;
  c.start_seconds = start;
  c.title = title;
  c.position = {31 + 3 * static_cast<int>(e.chapters.size()), 3};
  e.positions["chapters[" + std::to_string(e.chapters.size()) + "]"] = c.position;
  e.chapters.push_back(c);
}

/// A show, a person and a technology that references can resolve to.
Catalog base_catalog() {
  Catalog catalog;
  Show show;
  show.id = "rawkode-live";
  show.name = "Rawkode Live";
  show.hosts = {"david"};
  show.source_path = "shows/rawkode-live.md";
  show.positions = {{"name", {2, 1}}, {"hosts", {4, 1}}, {"hosts[0]", {5, 3}}};
  catalog.shows.push_back(show);
  catalog.people.push_back({"david", "David Flanagan", {}, {}, {}, "people/david.md"});
  catalog.technologies.push_back({"kubernetes", "Kubernetes", "technologies/kubernetes/"});
  return catalog;
}

std::vector<Diagnostic> with_code(const DiagnosticSink& sink, const std::string& code) {
  std::vector<Diagnostic> found;
  for (const Diagnostic& d : sink.sorted())
    if (d.code == code) found.push_back(d);
  return found;
}

std::string where(const Diagnostic& d) {
  return d.where.path + ":" + std::to_string(d.where.line) + ":" + std::to_string(d.where.column);
}

std::vector<std::string> ids(const Catalog& catalog) {
  std::vector<std::string> out;
  for (const Episode& e : catalog.episodes) out.push_back(e.id);
  return out;
}

/// Normalizes a catalog holding only `episodes` (plus base_catalog's references).
Catalog run(std::vector<Episode> episodes, DiagnosticSink& sink, NormalizeStats* stats = nullptr) {
  Catalog catalog = base_catalog();
  catalog.episodes = std::move(episodes);
  normalize(catalog, Config{}, sink, stats);
  return catalog;
}

}  // namespace

TEST_CASE("a clean catalog passes unchanged, sorted newest first", "[normalizer]") {
  DiagnosticSink sink;
  Episode a = make_episode("a", 1), b = make_episode("b", 3), c = make_episode("c", 2);
  set_show(a, "rawkode-live");
  add_guest(a, "david");
  add_technology(a, "kubernetes");
  add_chapter(a, 0, "Intro");
  add_chapter(a, 60, "Demo");
  NormalizeStats stats;
  Catalog catalog = run({a, b, c}, sink, &stats);
  CHECK(sink.sorted().empty());
  CHECK(stats.episodes_rejected == 0);
  CHECK(ids(catalog) == std::vector<std::string>{"b", "c", "a"});
  const Episode& out = catalog.episodes[2];
  CHECK(out.title == "Episode a");
  CHECK(out.show_id == "rawkode-live");
  CHECK(out.guests == std::vector<std::string>{"david"});
  REQUIRE(out.chapters.size() == 2);
  CHECK(out.chapters[1].title == "Demo");
  CHECK(catalog.find_show("rawkode-live") != nullptr);
  CHECK(catalog.find_person("david") != nullptr);
}

TEST_CASE("sort_newest_first moves each episode once and says where it went", "[normalizer]") {
  std::vector<Episode> episodes(6);
  const int days[] = {3, 9, 1, 9, 5, 7};
  for (std::size_t i = 0; i < episodes.size(); ++i) {
    episodes[i].id = "ep-" + std::to_string(i);
    episodes[i].source_path = "videos/" + episodes[i].id + ".md";
    episodes[i].published = TimePoint{std::chrono::hours(24 * days[i])};
  }
  const std::vector<Episode> before = episodes;
  const std::vector<std::size_t> moved_to = sort_newest_first(episodes);
  CHECK(std::is_sorted(episodes.begin(), episodes.end(), newer_first));
  std::vector<std::string> ids;
  for (const Episode& e : episodes) ids.push_back(e.id);
  // Day 9 twice: the id breaks the tie.
  CHECK(ids == std::vector<std::string>{"ep-1", "ep-3", "ep-5", "ep-4", "ep-0", "ep-2"});
  REQUIRE(moved_to.size() == before.size());
  for (std::size_t i = 0; i < before.size(); ++i) CHECK(episodes[moved_to[i]].id == before[i].id);
  // Already sorted: nothing moves.
  CHECK(sort_newest_first(episodes) == std::vector<std::size_t>{0, 1, 2, 3, 4, 5});
}

TEST_CASE("control-character and invalid-utf8: text fields are cleaned", "[normalizer]") {
  DiagnosticSink sink;
  Episode e = make_episode("a");
  e.title = "Hello\x01World";
  e.description = "Line\x1F one\nline two ";
  Catalog catalog = run({e}, sink);
  REQUIRE(catalog.episodes.size() == 1);
  CHECK(catalog.episodes[0].title == "HelloWorld");
  CHECK(catalog.episodes[0].description == "Line one\nline two");
  auto found = with_code(sink, "control-character");
  REQUIRE(found.size() == 2);
  CHECK(where(found[0]) == "videos/a.md:4:1");
  CHECK(found[0].severity == Severity::warning);
  CHECK(found[0].message == "removed control characters from title \"HelloWorld\"");
  CHECK(where(found[1]) == "videos/a.md:8:1");

  DiagnosticSink sink2;
  Episode bad = make_episode("b");
  bad.title = "Caf\xC3 ok";
  catalog = run({bad}, sink2);
  CHECK(catalog.episodes.at(0).title == "Caf\xEF\xBF\xBD ok");
  auto utf8 = with_code(sink2, "invalid-utf8");
  REQUIRE(utf8.size() == 1);
  CHECK(where(utf8[0]) == "videos/b.md:4:1");
  CHECK(utf8[0].severity == Severity::warning);
  CHECK(with_code(sink2, "control-character").empty());
}

TEST_CASE("title-whitespace: episode, chapter and show titles are put on one line",
          "[normalizer]") {
  DiagnosticSink sink;
  Episode e = make_episode("a");
  e.title = "  Hello \n  World ";
  e.description = "  keep  inner  spacing \n";
  add_chapter(e, 0, "Intro\tpart");
  Catalog catalog = base_catalog();
  catalog.shows[0].name = "Rawkode  Live";
  catalog.episodes = {e};
  normalize(catalog, Config{}, sink);
  REQUIRE(catalog.episodes.size() == 1);
  CHECK(catalog.episodes[0].title == "Hello World");
  CHECK(catalog.episodes[0].description == "keep  inner  spacing");  // trimmed only, silently
  CHECK(catalog.episodes[0].chapters.at(0).title == "Intro part");
  CHECK(catalog.shows[0].name == "Rawkode Live");
  auto found = with_code(sink, "title-whitespace");
  REQUIRE(found.size() == 3);
  CHECK(where(found[0]) == "shows/rawkode-live.md:2:1");
  CHECK(where(found[1]) == "videos/a.md:4:1");
  CHECK(found[1].message == "collapsed extra whitespace in title \"Hello World\"");
  CHECK(where(found[2]) == "videos/a.md:31:3");
  CHECK(found[2].severity == Severity::warning);
  CHECK(sink.sorted().size() == 3);
}

TEST_CASE("title-whitespace: Unicode White_Space collapses; a title of it alone is blank",
          "[normalizer]") {
  const std::string nbsp = "\xC2\xA0", ideographic = "\xE3\x80\x80", em = "\xE2\x80\x83";
  const std::string line_separator = "\xE2\x80\xA8", nel = "\xC2\x85";
  Episode spaced = make_episode("spaced");
  spaced.title = ideographic + "Hello" + nbsp + nbsp + "World" + line_separator + "again" + em;
  spaced.description = nbsp + "About" + nbsp + "it" + ideographic;
  add_chapter(spaced, 0, "Intro" + nel + "part");
  add_chapter(spaced, 10, "10" + nbsp + "km");  // one no-break space between words: kept
  Episode blank = make_episode("blank");
  blank.title = nbsp + ideographic + line_separator;
  add_chapter(blank, 0, em + nbsp);
  add_chapter(blank, 5, "Kept");
  DiagnosticSink sink;
  Catalog catalog = run({spaced, blank}, sink);
  REQUIRE(ids(catalog) == std::vector<std::string>{"spaced"});
  const Episode& e = catalog.episodes[0];
  CHECK(e.title == "Hello World again");
  CHECK(e.description == "About" + nbsp + "it");  // trimmed only
  REQUIRE(e.chapters.size() == 2);
  CHECK(e.chapters[0].title == "Intro part");
  CHECK(e.chapters[1].title == "10" + nbsp + "km");
  auto collapsed = with_code(sink, "title-whitespace");
  REQUIRE(collapsed.size() == 2);
  CHECK(where(collapsed[0]) == "videos/spaced.md:4:1");
  CHECK(where(collapsed[1]) == "videos/spaced.md:31:3");
  auto missing = with_code(sink, "missing-field");
  REQUIRE(missing.size() == 1);
  CHECK(where(missing[0]) == "videos/blank.md:4:1");
  CHECK(missing[0].message == "required field \"title\" is empty");
  auto empty_chapter = with_code(sink, "chapter-empty-title");
  REQUIRE(empty_chapter.size() == 1);
  CHECK(where(empty_chapter[0]) == "videos/blank.md:31:3");
}

TEST_CASE("missing-field: absent or empty required fields reject the episode", "[normalizer]") {
  struct Case {
    std::string field;
    bool key_present;
    std::string location;
    std::string message;
  };
  auto [field, key_present, location, message] = GENERATE(values<Case>({
      {"id", false, "videos/x.md:1:1", "missing required field \"id\""},
      {"id", true, "videos/x.md:2:1", "required field \"id\" is empty"},
      {"slug", false, "videos/x.md:1:1", "missing required field \"slug\""},
      {"title", true, "videos/x.md:4:1", "required field \"title\" is empty"},
      {"publishedAt", false, "videos/x.md:1:1", "missing required field \"publishedAt\""},
  }));
  CAPTURE(field, key_present);
  Episode e = make_episode("x");
  if (field == "id") e.id.clear();
  if (field == "slug") e.slug.clear();
  if (field == "title") e.title = " \n ";  // empty once whitespace is collapsed
  if (!key_present) e.positions.erase(field);
  DiagnosticSink sink;
  NormalizeStats stats;
  Catalog catalog = run({e, make_episode("ok")}, sink, &stats);
  CHECK(ids(catalog) == std::vector<std::string>{"ok"});
  CHECK(stats.episodes_rejected == 1);
  auto found = with_code(sink, "missing-field");
  REQUIRE(found.size() == 1);
  CHECK(found[0].severity == Severity::error);
  CHECK(where(found[0]) == location);
  CHECK(found[0].message == message);
}

TEST_CASE("path_component_problem accepts names and rejects unsafe ones", "[normalizer]") {
  for (const std::string& safe :
       std::vector<std::string>{"kubernetes-101", "caf\xC3\xA9", "a.b", "COM0", "console", "lpt10",
                                "nul-pointer", std::string(200, 'x'), "UPPER_case~1"}) {
    CAPTURE(safe);
    CHECK(path_component_problem(safe).empty());
  }
  struct Case {
    std::string name;
    std::string problem;
  };
  for (const Case& c : std::vector<Case>{
           {"", "is empty"},
           {".", "is a relative folder reference"},
           {"..", "is a relative folder reference"},
           {".hidden", "starts with '.'"},
           {"-rf", "starts with '-'"},
           {"trailing.", "ends with '.'"},
           {"a/b", "contains '/'"},
           {"a\\b", "contains '\\'"},
           {"c:d", "contains ':'"},
           {"a*b", "contains '*'"},
           {"a?b", "contains '?'"},
           {"a\"b", "contains '\"'"},
           {"a<b", "contains '<'"},
           {"a>b", "contains '>'"},
           {"a|b", "contains '|'"},
           {"a b", "contains whitespace"},
           {"a\tb", "contains whitespace"},
           {"a\xC2\xA0"
            "b",
            "contains whitespace (U+00A0)"},
           {"a\xE3\x80\x80"
            "b",
            "contains whitespace (U+3000)"},
           {"a\xE2\x80\xA8"
            "b",
            "contains whitespace (U+2028)"},
           {"ab\xE2\x80\x8B", "contains the invisible character U+200B"},
           {"\xEF\xBB\xBF"
            "ab",
            "contains the invisible character U+FEFF"},
           {"ab\xE2\x80\xAE"
            "cd",
            "contains the invisible character U+202E"},
           {"ab\xE2\x81\xA6"
            "cd",
            "contains the invisible character U+2066"},
           {"ab\xE2\x80\x8F", "contains the invisible character U+200F"},
           {"ab\xD8\x9C", "contains the invisible character U+061C"},
           {"ab\xE2\x81\xA0"
            "cd",
            "contains the invisible character U+2060"},
           {"ab\xE2\x80\x8D"
            "cd",
            "contains the invisible character U+200D"},
           {std::string("a\0b", 3), "contains a control character"},
           {"a\x7F"
            "b",
            "contains a control character"},
           {"a\xC2\x85"
            "b",
            "contains a control character"},
           {"a\xFF"
            "b",
            "is not valid UTF-8"},
           {std::string(201, 'x'), "is longer than 200 bytes"},
           {"CON", "is a reserved device name on Windows"},
           {"aux", "is a reserved device name on Windows"},
           {"Nul.json", "is a reserved device name on Windows"},
           {"com7", "is a reserved device name on Windows"},
           {"LPT1", "is a reserved device name on Windows"},
       }) {
    CAPTURE(c.name);
    CHECK(path_component_problem(c.name) == c.problem);
  }
}

TEST_CASE("unsafe-id and unsafe-slug reject the episode", "[normalizer]") {
  DiagnosticSink sink;
  Episode bad_id = make_episode("a");
  bad_id.id = "../etc";
  Episode bad_slug = make_episode("b");
  bad_slug.slug = "con";
  NormalizeStats stats;
  Catalog catalog = run({bad_id, bad_slug, make_episode("c")}, sink, &stats);
  CHECK(ids(catalog) == std::vector<std::string>{"c"});
  CHECK(stats.episodes_rejected == 2);
  auto id_errors = with_code(sink, "unsafe-id");
  REQUIRE(id_errors.size() == 1);
  CHECK(id_errors[0].severity == Severity::error);
  CHECK(where(id_errors[0]) == "videos/a.md:2:1");
  CHECK(id_errors[0].message == "id \"../etc\" is not safe as a file name: it starts with '.'");
  auto slug_errors = with_code(sink, "unsafe-slug");
  REQUIRE(slug_errors.size() == 1);
  CHECK(where(slug_errors[0]) == "videos/b.md:3:1");
  CHECK(slug_errors[0].message ==
        "slug \"con\" is not safe as a file name: it is a reserved device name on Windows");
}

TEST_CASE("control characters are cleaned from ids before the safety check", "[normalizer]") {
  DiagnosticSink sink;
  Episode e = make_episode("a");
  e.id = "ep\x01-1";
  e.media_id = e.id;  // defaulted from the id by the loader
  e.slug = "tab\tslug";
  Episode kept = make_episode("b");
  kept.id = "b\x02";
  kept.media_id = kept.id;
  Catalog catalog = run({e, kept}, sink);
  REQUIRE(catalog.episodes.size() == 1);  // a: the tab in its slug is whitespace, so unsafe
  CHECK(catalog.episodes[0].id == "b");
  CHECK(catalog.episodes[0].media_id == "b");  // follows the id, reported once
  REQUIRE(with_code(sink, "control-character").size() == 2);
  CHECK(where(with_code(sink, "control-character")[0]) == "videos/a.md:2:1");
  CHECK(where(with_code(sink, "control-character")[1]) == "videos/b.md:2:1");
  CHECK(with_code(sink, "unsafe-id").empty());
  REQUIRE(with_code(sink, "unsafe-slug").size() == 1);
  CHECK(with_code(sink, "unsafe-slug")[0].message ==
        "slug \"tab\\tslug\" is not safe as a file name: it contains whitespace");
}

TEST_CASE("duplicate-id: every episode after the first by path is rejected", "[normalizer]") {
  DiagnosticSink sink;
  Episode first = make_episode("a"), second = make_episode("b"), third = make_episode("c");
  second.id = "a";
  third.id = "a";
  NormalizeStats stats;
  // Input order deliberately not path order.
  Catalog catalog = run({third, second, first}, sink, &stats);
  REQUIRE(catalog.episodes.size() == 1);
  CHECK(catalog.episodes[0].source_path == "videos/a.md");
  CHECK(stats.episodes_rejected == 2);
  auto found = with_code(sink, "duplicate-id");
  REQUIRE(found.size() == 2);
  CHECK(where(found[0]) == "videos/b.md:2:1");
  CHECK(where(found[1]) == "videos/c.md:2:1");
  CHECK(found[0].severity == Severity::error);
  CHECK(found[0].message == "duplicate id \"a\" (first used by videos/a.md)");
  CHECK(found[1].message == "duplicate id \"a\" (first used by videos/a.md)");
}

TEST_CASE("duplicate-slug and slug-case-collision", "[normalizer]") {
  DiagnosticSink sink;
  Episode a = make_episode("a"), b = make_episode("b"), c = make_episode("c");
  a.slug = "intro";
  b.slug = "intro";
  c.slug = "Intro";
  Catalog catalog = run({c, b, a}, sink);
  CHECK(ids(catalog) == std::vector<std::string>{"a"});
  auto dup = with_code(sink, "duplicate-slug");
  REQUIRE(dup.size() == 1);
  CHECK(dup[0].severity == Severity::error);
  CHECK(where(dup[0]) == "videos/b.md:3:1");
  CHECK(dup[0].message ==
        "duplicate slug \"intro\" (first used by videos/a.md); both would be written to the "
        "same files");
  auto folded = with_code(sink, "slug-case-collision");
  REQUIRE(folded.size() == 1);
  CHECK(folded[0].severity == Severity::error);
  CHECK(where(folded[0]) == "videos/c.md:3:1");
  CHECK(folded[0].message ==
        "slug \"Intro\" differs only in letter case from \"intro\" (videos/a.md); they would "
        "overwrite each other on case-insensitive file systems");
}

TEST_CASE("duplicate ids and slugs are found across case and Unicode normalization",
          "[normalizer]") {
  const std::string nfc = "caf\xC3\xA9", nfd = "cafe\xCC\x81";
  Episode a = make_episode("a"), b = make_episode("b"), c = make_episode("c");
  Episode d = make_episode("d"), e = make_episode("e");
  a.id = "klustered-1";
  b.id = "KLUSTERED-1";  // duplicate-id of a
  c.slug = nfc;
  d.slug = nfd;  // the same name on macOS: slug-case-collision with c
  e.id = "CAF\xC3\x89-live";
  e.slug = "Caf\xC3\xA9-Live";
  Episode f = make_episode("f");
  f.id = nfd + "-LIVE";  // duplicate-id of e
  DiagnosticSink sink;
  Catalog catalog = run({f, e, d, c, b, a}, sink);
  CHECK(ids(catalog) == std::vector<std::string>{"CAF\xC3\x89-live", "c", "klustered-1"});
  auto ids_found = with_code(sink, "duplicate-id");
  REQUIRE(ids_found.size() == 2);
  CHECK(where(ids_found[0]) == "videos/b.md:2:1");
  CHECK(ids_found[0].message ==
        "duplicate id \"KLUSTERED-1\" (as \"klustered-1\", ignoring case and Unicode "
        "normalization) (first used by videos/a.md)");
  CHECK(where(ids_found[1]) == "videos/f.md:2:1");
  auto slugs_found = with_code(sink, "slug-case-collision");
  REQUIRE(slugs_found.size() == 1);
  CHECK(where(slugs_found[0]) == "videos/d.md:3:1");
  CHECK(slugs_found[0].message == "slug \"" + nfd +
                                      "\" differs only in letter case or Unicode normalization "
                                      "from \"" +
                                      nfc +
                                      "\" (videos/c.md); they would overwrite each other on "
                                      "macOS, Windows and many stores");
}

TEST_CASE("unsafe-id and unsafe-slug: invisible and bidirectional characters", "[normalizer]") {
  Episode zero_width = make_episode("a");
  zero_width.id = "ep\xE2\x80\x8B-1";  // looks like "ep-1"
  Episode bidi = make_episode("b");
  bidi.slug =
      "txt.\xE2\x80\xAE"
      "exe";  // displays as "txt.exe" reversed
  Episode bom = make_episode("c");
  bom.slug =
      "\xEF\xBB\xBF"
      "c";
  DiagnosticSink sink;
  Catalog catalog = run({zero_width, bidi, bom, make_episode("d")}, sink);
  CHECK(ids(catalog) == std::vector<std::string>{"d"});
  auto id_errors = with_code(sink, "unsafe-id");
  REQUIRE(id_errors.size() == 1);
  CHECK(where(id_errors[0]) == "videos/a.md:2:1");
  CHECK(id_errors[0].message.ends_with("it contains the invisible character U+200B"));
  auto slug_errors = with_code(sink, "unsafe-slug");
  REQUIRE(slug_errors.size() == 2);
  CHECK(slug_errors[0].message.ends_with("it contains the invisible character U+202E"));
  CHECK(slug_errors[1].message.ends_with("it contains the invisible character U+FEFF"));
}

TEST_CASE("duplicate shows and technologies are found across case", "[normalizer]") {
  Catalog catalog = base_catalog();
  Show upper = catalog.shows[0];
  upper.id = "Rawkode-Live";
  upper.source_path = "shows/Rawkode-Live.md";
  catalog.shows.push_back(upper);
  catalog.technologies.push_back({"KUBERNETES", "K8s", "technologies/KUBERNETES.md"});
  DiagnosticSink sink;
  normalize(catalog, Config{}, sink);
  REQUIRE(catalog.shows.size() == 1);
  CHECK(catalog.shows[0].id == "Rawkode-Live");  // shows/Rawkode-Live.md sorts first by path...
  auto shows = with_code(sink, "duplicate-show");
  REQUIRE(shows.size() == 1);
  CHECK(where(shows[0]) == "shows/rawkode-live.md:1:1");  // ...so the other one is ignored
  CHECK(shows[0].message ==
        "duplicate show id \"rawkode-live\" (as \"Rawkode-Live\", ignoring case and Unicode "
        "normalization) (first defined in shows/Rawkode-Live.md); this file is ignored");
  REQUIRE(catalog.technologies.size() == 1);
  CHECK(catalog.technologies[0].id == "KUBERNETES");
  CHECK(with_code(sink, "duplicate-technology").size() == 1);
}

TEST_CASE("an episode rejected as a duplicate id does not claim its slug", "[normalizer]") {
  DiagnosticSink sink;
  Episode a = make_episode("a"), b = make_episode("b"), c = make_episode("c");
  b.id = "a";    // duplicate-id: rejected before its slug "b" is registered
  c.slug = "b";  // so c may use the slug "b"
  Catalog catalog = run({c, b, a}, sink);
  CHECK(ids(catalog) == std::vector<std::string>{"a", "c"});
  CHECK(with_code(sink, "duplicate-id").size() == 1);
  CHECK(with_code(sink, "duplicate-slug").empty());
}

TEST_CASE("an episode rejected for its own errors does not block its duplicate", "[normalizer]") {
  DiagnosticSink sink;
  Episode broken = make_episode("a"), good = make_episode("b");
  broken.title.clear();  // missing-field
  good.id = "a";
  good.slug = "a";
  Catalog catalog = run({broken, good}, sink);
  REQUIRE(catalog.episodes.size() == 1);
  CHECK(catalog.episodes[0].source_path == "videos/b.md");
  CHECK(with_code(sink, "duplicate-id").empty());
  CHECK(with_code(sink, "duplicate-slug").empty());
}

TEST_CASE("an episode with a loader error is rejected", "[normalizer]") {
  DiagnosticSink sink;
  sink.error({"videos/a.md", 6, 11}, "invalid-duration", "duration \"abc\" is not a duration");
  NormalizeStats stats;
  Catalog catalog = run({make_episode("a"), make_episode("b")}, sink, &stats);
  CHECK(ids(catalog) == std::vector<std::string>{"b"});
  CHECK(stats.episodes_rejected == 1);
  CHECK(sink.error_count() == 1);  // nothing added by the normalizer
}

TEST_CASE("chapter-start-invalid, chapter-start-negative, chapter-empty-title", "[normalizer]") {
  DiagnosticSink sink;
  Episode e = make_episode("a");
  add_chapter(e, 0, "Intro");
  add_chapter(e, std::numeric_limits<double>::quiet_NaN(), "Broken");  // line 34
  add_chapter(e, -5, "Before");                                        // line 37
  add_chapter(e, 30, " \x01 ");                                        // line 40
  add_chapter(e, 60, "Demo");
  Catalog catalog = run({e}, sink);
  REQUIRE(catalog.episodes.size() == 1);
  const auto& chapters = catalog.episodes[0].chapters;
  REQUIRE(chapters.size() == 2);
  CHECK(chapters[0].title == "Intro");
  CHECK(chapters[1].title == "Demo");

  auto invalid = with_code(sink, "chapter-start-invalid");
  REQUIRE(invalid.size() == 1);
  CHECK(invalid[0].severity == Severity::warning);
  CHECK(where(invalid[0]) == "videos/a.md:34:3");
  CHECK(invalid[0].message == "chapter \"Broken\" has no valid start time and was dropped");
  auto negative = with_code(sink, "chapter-start-negative");
  REQUIRE(negative.size() == 1);
  CHECK(where(negative[0]) == "videos/a.md:37:3");
  CHECK(negative[0].message ==
        "chapter \"Before\" starts at a negative time (-5 s) and was dropped");
  auto empty = with_code(sink, "chapter-empty-title");
  REQUIRE(empty.size() == 1);
  CHECK(where(empty[0]) == "videos/a.md:40:3");
  CHECK(empty[0].message == "chapter at 30 s has an empty title and was dropped");
  CHECK(with_code(sink, "control-character").size() == 1);
  CHECK(with_code(sink, "chapters-unsorted").empty());  // dropped chapters do not count
}

TEST_CASE("chapters-unsorted: stable sort, one warning per episode", "[normalizer]") {
  DiagnosticSink sink;
  Episode e = make_episode("a");
  add_chapter(e, 120, "C");
  add_chapter(e, 0, "A");
  add_chapter(e, 60, "B");
  add_chapter(e, 30, "A2");
  Catalog catalog = run({e}, sink);
  const auto& chapters = catalog.episodes.at(0).chapters;
  std::vector<std::string> titles;
  for (const auto& c : chapters) titles.push_back(c.title.str());
  CHECK(titles == std::vector<std::string>{"A", "A2", "B", "C"});
  auto found = with_code(sink, "chapters-unsorted");
  REQUIRE(found.size() == 1);
  CHECK(found[0].severity == Severity::warning);
  CHECK(where(found[0]) == "videos/a.md:30:1");
  CHECK(sink.sorted().size() == 1);
}

TEST_CASE("chapter-duplicate-start keeps the first chapter written", "[normalizer]") {
  DiagnosticSink sink;
  Episode e = make_episode("a");
  add_chapter(e, 60, "First at 60");
  add_chapter(e, 0, "Intro");
  add_chapter(e, 60, "Second at 60");           // line 37
  add_chapter(e, 60.0004, "Same millisecond");  // line 40: same WebVTT timestamp
  Catalog catalog = run({e}, sink);
  const auto& chapters = catalog.episodes.at(0).chapters;
  REQUIRE(chapters.size() == 2);
  CHECK(chapters[0].title == "Intro");
  CHECK(chapters[1].title == "First at 60");
  auto found = with_code(sink, "chapter-duplicate-start");
  REQUIRE(found.size() == 2);
  CHECK(found[0].severity == Severity::warning);
  CHECK(where(found[0]) == "videos/a.md:37:3");
  CHECK(found[0].message ==
        "chapter \"Second at 60\" starts at the same time (60 s) as chapter \"First at 60\" and "
        "was dropped");
  CHECK(where(found[1]) == "videos/a.md:40:3");
}

TEST_CASE("chapter-duplicate-start: within one millisecond, the chapter written first is kept",
          "[normalizer]") {
  DiagnosticSink sink;
  Episode e = make_episode("a");
  add_chapter(e, 0, "Intro");
  add_chapter(e, 10.0004, "Written first");   // line 34
  add_chapter(e, 10.0001, "Written second");  // line 37: earlier, but the same millisecond
  add_chapter(e, 20.0006, "Rounded up");
  add_chapter(e, 20.0004, "Next millisecond");
  Catalog catalog = run({e}, sink);
  const auto& chapters = catalog.episodes.at(0).chapters;
  REQUIRE(chapters.size() == 4);
  CHECK(chapters[1].title == "Written first");
  // Starts are whole milliseconds after normalizing: what every output carries.
  CHECK(chapters[1].start_seconds == 10.0);
  CHECK(chapters[2].title == "Next millisecond");
  CHECK(chapters[2].start_seconds == 20.0);
  CHECK(chapters[3].title == "Rounded up");
  CHECK(chapters[3].start_seconds == 20.001);
  auto found = with_code(sink, "chapter-duplicate-start");
  REQUIRE(found.size() == 1);
  CHECK(where(found[0]) == "videos/a.md:37:3");
  CHECK(found[0].message.starts_with("chapter \"Written second\" starts at the same time"));
  // 20.0004 sorts before 20.0006 at millisecond precision: a real reordering, reported.
  CHECK(with_code(sink, "chapters-unsorted").size() == 1);
}

TEST_CASE("chapter-start-out-of-range: starts beyond the longest media are dropped",
          "[normalizer]") {
  DiagnosticSink sink;
  Episode e = make_episode("a");
  e.duration_seconds = 0;  // unknown: nothing else bounds the chapters
  add_chapter(e, 0, "Intro");
  add_chapter(e, 1e300, "Far");                  // line 34
  add_chapter(e, 2e300, "Farther");              // line 37: not a "duplicate" of the one above
  add_chapter(e, kMaxMediaSeconds, "Last one");  // exactly at the limit: kept
  add_chapter(e, kMaxMediaSeconds + 0.001, "Just past");
  Catalog catalog = run({e}, sink);
  const auto& chapters = catalog.episodes.at(0).chapters;
  REQUIRE(chapters.size() == 2);
  CHECK(chapters[1].title == "Last one");
  CHECK(chapters[1].start_seconds == kMaxMediaSeconds);
  auto found = with_code(sink, "chapter-start-out-of-range");
  REQUIRE(found.size() == 3);
  CHECK(found[0].severity == Severity::warning);
  CHECK(where(found[0]) == "videos/a.md:34:3");
  CHECK(found[0].message.starts_with("chapter \"Far\" starts at 1e300 s, later than any media"));
  CHECK(where(found[1]) == "videos/a.md:37:3");
  CHECK(with_code(sink, "chapter-duplicate-start").empty());
}

TEST_CASE("chapter-past-duration: one warning per episode with the count", "[normalizer]") {
  DiagnosticSink sink;
  Episode e = make_episode("a");
  e.duration_seconds = 6325;
  add_chapter(e, 0, "Intro");
  add_chapter(e, 7000, "Late 2");  // line 34
  add_chapter(e, 6325, "At end");  // line 37
  add_chapter(e, 100, "Body");
  add_chapter(e, 6400, "Late 1");  // line 43
  Catalog catalog = run({e}, sink);
  const auto& chapters = catalog.episodes.at(0).chapters;
  REQUIRE(chapters.size() == 2);
  CHECK(chapters[1].title == "Body");
  auto found = with_code(sink, "chapter-past-duration");
  REQUIRE(found.size() == 1);
  CHECK(found[0].severity == Severity::warning);
  CHECK(where(found[0]) == "videos/a.md:34:3");  // the first offender in the file
  CHECK(found[0].message ==
        "3 chapters start at or after the end of the episode (6325 s) and were dropped");

  DiagnosticSink sink2;
  Episode one = make_episode("b");
  one.duration_seconds = 94.5;
  add_chapter(one, 0, "Intro");
  add_chapter(one, 95, "Late");
  run({one}, sink2);
  auto single = with_code(sink2, "chapter-past-duration");
  REQUIRE(single.size() == 1);
  CHECK(single[0].message ==
        "1 chapter starts at or after the end of the episode (94.5 s) and was dropped");
}

TEST_CASE("duration-missing when chapters exist", "[normalizer]") {
  DiagnosticSink sink;
  Episode with_key = make_episode("a"), without_key = make_episode("b"),
          no_chapters = make_episode("c");
  with_key.duration_seconds = 0;
  without_key.duration_seconds = 0;
  without_key.positions.erase("duration");
  no_chapters.duration_seconds = 0;
  add_chapter(with_key, 0, "Intro");
  add_chapter(with_key, 99999, "Far");  // kept: no duration to bound it
  add_chapter(without_key, 0, "Intro");
  Catalog catalog = run({with_key, without_key, no_chapters}, sink);
  CHECK(catalog.episodes.size() == 3);
  auto found = with_code(sink, "duration-missing");
  REQUIRE(found.size() == 2);
  CHECK(found[0].severity == Severity::warning);
  CHECK(where(found[0]) == "videos/a.md:6:1");
  CHECK(where(found[1]) == "videos/b.md:1:1");
  CHECK(catalog.episodes[0].chapters.size() == 2);
}

TEST_CASE("unknown-show makes the episode standalone", "[normalizer]") {
  DiagnosticSink sink;
  Episode e = make_episode("a");
  set_show(e, "no-such-show");
  Catalog catalog = run({e}, sink);
  REQUIRE(catalog.episodes.size() == 1);
  CHECK(catalog.episodes[0].show_id.empty());
  auto found = with_code(sink, "unknown-show");
  REQUIRE(found.size() == 1);
  CHECK(found[0].severity == Severity::warning);
  CHECK(where(found[0]) == "videos/a.md:7:1");
  CHECK(found[0].message ==
        "unknown show \"no-such-show\"; the episode appears only in the all-episodes feed");
}

TEST_CASE("unknown-person drops guests and hosts; unknown-technology is kept", "[normalizer]") {
  DiagnosticSink sink;
  Episode e = make_episode("a");
  add_guest(e, "nobody");
  add_guest(e, "david");
  add_technology(e, "kubernetes");
  add_technology(e, "cobol");
  Catalog catalog = base_catalog();
  catalog.shows[0].hosts = {"ghost", "david"};
  catalog.shows[0].positions["hosts[0]"] = {5, 5};
  catalog.episodes = {e};
  normalize(catalog, Config{}, sink);
  REQUIRE(catalog.episodes.size() == 1);
  CHECK(catalog.episodes[0].guests == std::vector<std::string>{"david"});
  CHECK(catalog.episodes[0].technologies == std::vector<std::string>{"kubernetes", "cobol"});
  CHECK(catalog.shows[0].hosts == std::vector<std::string>{"david"});

  auto people = with_code(sink, "unknown-person");
  REQUIRE(people.size() == 2);
  CHECK(where(people[0]) == "shows/rawkode-live.md:5:5");
  CHECK(people[0].message == "unknown person \"ghost\" in hosts; the host was dropped");
  CHECK(where(people[1]) == "videos/a.md:11:3");
  CHECK(people[1].severity == Severity::warning);
  CHECK(people[1].message == "unknown person \"nobody\" in guests; the guest was dropped");
  auto technologies = with_code(sink, "unknown-technology");
  REQUIRE(technologies.size() == 1);
  CHECK(technologies[0].severity == Severity::warning);
  CHECK(where(technologies[0]) == "videos/a.md:22:3");
  CHECK(technologies[0].message == "unknown technology \"cobol\"; it is shown by its id");
}

TEST_CASE("duplicate-show, duplicate-person, duplicate-technology drop the later file",
          "[normalizer]") {
  DiagnosticSink sink;
  Catalog catalog = base_catalog();
  Show twin = catalog.shows[0];
  twin.name = "Twin";
  twin.source_path = "shows/a-rawkode-live.yaml";  // sorts before the original
  catalog.shows.insert(catalog.shows.begin(), twin);
  catalog.shows.push_back({"alpha", "Alpha", "", {}, "shows/alpha.md", "alpha", {}});
  catalog.people.push_back({"david", "Other David", {}, {}, {}, "people/zz/david.md"});
  catalog.technologies.push_back({"kubernetes", "K8s", "technologies/zz/kubernetes/"});
  Episode e = make_episode("a");
  set_show(e, "rawkode-live");
  catalog.episodes = {e};
  normalize(catalog, Config{}, sink);

  REQUIRE(catalog.shows.size() == 2);
  CHECK(catalog.shows[0].id == "alpha");   // sorted by id
  CHECK(catalog.shows[1].name == "Twin");  // the first by path wins
  REQUIRE(catalog.people.size() == 1);
  CHECK(catalog.people[0].name == "David Flanagan");
  REQUIRE(catalog.technologies.size() == 1);
  CHECK(catalog.technologies[0].name == "Kubernetes");
  CHECK(catalog.find_show("rawkode-live")->name == "Twin");

  auto shows = with_code(sink, "duplicate-show");
  REQUIRE(shows.size() == 1);
  CHECK(shows[0].severity == Severity::error);
  CHECK(where(shows[0]) == "shows/rawkode-live.md:1:1");
  CHECK(shows[0].message ==
        "duplicate show id \"rawkode-live\" (first defined in shows/a-rawkode-live.yaml); this "
        "file is ignored");
  auto people = with_code(sink, "duplicate-person");
  REQUIRE(people.size() == 1);
  CHECK(where(people[0]) == "people/zz/david.md:1:1");
  CHECK(with_code(sink, "duplicate-technology").size() == 1);
  // The episode's own file has no error, so it stays.
  CHECK(catalog.episodes.size() == 1);
}

TEST_CASE("invalid-file-size: audioFileSize 0 is treated as absent", "[normalizer]") {
  DiagnosticSink sink;
  Episode zero = make_episode("a"), real = make_episode("b");
  zero.audio_file_size = 0;
  zero.positions["audioFileSize"] = {9, 1};
  real.audio_file_size = 1234;
  Catalog catalog = run({zero, real}, sink);
  REQUIRE(catalog.episodes.size() == 2);
  CHECK_FALSE(catalog.episodes[0].audio_file_size.has_value());
  CHECK(catalog.episodes[1].audio_file_size == 1234u);
  auto found = with_code(sink, "invalid-file-size");
  REQUIRE(found.size() == 1);
  CHECK(found[0].severity == Severity::warning);
  CHECK(where(found[0]) == "videos/a.md:9:1");
}

TEST_CASE("duration-invalid: a negative or non-finite duration becomes unknown", "[normalizer]") {
  DiagnosticSink sink;
  Episode e = make_episode("a");
  e.duration_seconds = -3;
  Episode nan = make_episode("b");
  nan.duration_seconds = std::numeric_limits<double>::quiet_NaN();
  Catalog catalog = run({e, nan}, sink);
  CHECK(catalog.episodes.at(0).duration_seconds == 0);
  CHECK(catalog.episodes.at(1).duration_seconds == 0);
  auto found = with_code(sink, "duration-invalid");
  REQUIRE(found.size() == 2);
  CHECK(found[0].message == "duration -3 s is not a valid length; treated as unknown");
  CHECK(found[0].severity == Severity::warning);
  CHECK(where(found[0]) == "videos/a.md:6:1");
}

TEST_CASE("duration-invalid: durations beyond the longest media or under a millisecond",
          "[normalizer]") {
  Episode huge = make_episode("a");
  huge.duration_seconds = 1e300;
  add_chapter(huge, 0, "Intro");
  add_chapter(huge, 7200, "Later");
  Episode tiny = make_episode("b");
  tiny.duration_seconds = 1e-300;
  Episode longest = make_episode("c");
  longest.duration_seconds = kMaxMediaSeconds;
  Episode negative_zero = make_episode("d");
  negative_zero.duration_seconds = -0.0;
  DiagnosticSink sink;
  Catalog catalog = run({huge, tiny, longest, negative_zero}, sink);
  REQUIRE(catalog.episodes.size() == 4);
  const Episode& a = catalog.episodes[0];  // all on one day: by id
  REQUIRE(a.id == "a");
  CHECK(a.duration_seconds == 0);
  CHECK(a.chapters.size() == 2);  // not dropped as "past" a duration nobody can trust
  CHECK(catalog.episodes[1].duration_seconds == 0);
  CHECK(catalog.episodes[2].duration_seconds == kMaxMediaSeconds);
  CHECK_FALSE(std::signbit(catalog.episodes[3].duration_seconds));
  auto found = with_code(sink, "duration-invalid");
  REQUIRE(found.size() == 2);
  CHECK(where(found[0]) == "videos/a.md:6:1");
  CHECK(found[0].message ==
        "duration 1e300 s is longer than any media castmap accepts (1000 hours); treated as "
        "unknown");
  CHECK(where(found[1]) == "videos/b.md:6:1");
  CHECK(found[1].message == "duration 1e-300 s is shorter than a millisecond; treated as unknown");
}

TEST_CASE("episode-type-case and episode-type-invalid: Apple's three values", "[normalizer]") {
  auto with_type = [](const std::string& name, const std::string& type) {
    Episode e = make_episode(name);
    e.episode_type = type;
    e.positions["episodeType"] = {12, 14};
    return e;
  };
  DiagnosticSink sink;
  Catalog catalog =
      run({with_type("a", "full"), with_type("b", "Trailer"), with_type("c", " BONUS "),
           with_type("d", "teaser"), with_type("e", ""), with_type("f", "\xC2\xA0")},
          sink);
  CHECK(ids(catalog) == std::vector<std::string>{"a", "b", "c", "e", "f"});
  CHECK(catalog.episodes[0].episode_type == "full");
  CHECK(catalog.episodes[1].episode_type == "trailer");
  CHECK(catalog.episodes[2].episode_type == "bonus");
  CHECK(catalog.episodes[3].episode_type.empty());
  CHECK(catalog.episodes[4].episode_type.empty());
  auto repaired = with_code(sink, "episode-type-case");
  REQUIRE(repaired.size() == 2);
  CHECK(repaired[0].severity == Severity::warning);
  CHECK(where(repaired[0]) == "videos/b.md:12:14");
  CHECK(repaired[0].message == "episodeType \"Trailer\" was read as \"trailer\"");
  auto invalid = with_code(sink, "episode-type-invalid");
  REQUIRE(invalid.size() == 1);
  CHECK(invalid[0].severity == Severity::error);
  CHECK(where(invalid[0]) == "videos/d.md:12:14");
  CHECK(invalid[0].message == "episodeType \"teaser\" is not full, trailer or bonus");
}

TEST_CASE("several problems in one episode are all reported", "[normalizer]") {
  DiagnosticSink sink;
  Episode e = make_episode("a");
  e.slug = "bad/slug";
  e.title = "Two  spaces";
  set_show(e, "nope");
  add_guest(e, "nobody");
  add_technology(e, "cobol");
  add_chapter(e, 10, "B");
  add_chapter(e, 0, "A");
  add_chapter(e, 5000, "Late");
  e.positions.erase("publishedAt");
  NormalizeStats stats;
  Catalog catalog = run({e}, sink, &stats);
  CHECK(catalog.episodes.empty());
  CHECK(stats.episodes_rejected == 1);
  std::vector<std::string> codes;
  for (const Diagnostic& d : sink.sorted()) codes.push_back(d.code);
  CHECK(codes == std::vector<std::string>{"missing-field", "unsafe-slug", "title-whitespace",
                                          "unknown-show", "unknown-person", "unknown-technology",
                                          "chapters-unsorted", "chapter-past-duration"});
}

TEST_CASE("strict mode: warnings become errors and reject the episode", "[normalizer]") {
  DiagnosticSink sink;
  sink.set_strict(true);
  Episode warned = make_episode("a");
  add_technology(warned, "cobol");
  Episode clean = make_episode("b");
  Episode twin = make_episode("c");  // same id as the rejected one: now it is the survivor
  twin.id = "a";
  NormalizeStats stats;
  Catalog catalog = run({warned, clean, twin}, sink, &stats);
  REQUIRE(catalog.episodes.size() == 2);
  CHECK(catalog.episodes[0].source_path == "videos/c.md");  // same date: ordered by id
  CHECK(catalog.episodes[1].source_path == "videos/b.md");
  CHECK(stats.episodes_rejected == 1);
  auto found = with_code(sink, "unknown-technology");
  REQUIRE(found.size() == 1);
  CHECK(found[0].severity == Severity::error);
  CHECK(sink.warning_count() == 0);
}

TEST_CASE("the result and diagnostics do not depend on the input order", "[normalizer]") {
  // Many episodes with colliding ids and slugs, broken chapters and bad references.
  std::vector<Episode> episodes;
  for (int i = 0; i < 300; ++i) {
    std::string name = "ep" + std::to_string(i);
    Episode e = make_episode(name, 1 + i % 28);
    if (i % 7 == 0) e.id = "ep" + std::to_string(i / 2);     // duplicate ids
    if (i % 11 == 0) e.slug = "ep" + std::to_string(i / 3);  // duplicate slugs
    if (i % 13 == 0) e.slug = "EP" + std::to_string(i + 1);  // case collisions
    if (i % 5 == 0) set_show(e, i % 10 == 0 ? "rawkode-live" : "missing");
    if (i % 4 == 0) add_guest(e, i % 8 == 0 ? "david" : "nobody");
    if (i % 3 == 0) {
      add_chapter(e, 100, "Later");
      add_chapter(e, 0, "Intro");
      add_chapter(e, 100, "Same");
      add_chapter(e, 4000, "Past");
    }
    if (i % 17 == 0) e.title.clear();
    episodes.push_back(e);
  }
  auto normalized = [](std::vector<Episode> input) {
    DiagnosticSink sink;
    NormalizeStats stats;
    Catalog catalog = run(std::move(input), sink, &stats);
    std::vector<std::string> summary;
    for (const Episode& e : catalog.episodes) {
      std::string line = e.source_path + " " + e.id + " " + e.slug + " " + e.show_id;
      for (const Chapter& c : e.chapters) line += " " + c.title.str();
      for (const std::string& g : e.guests) line += " " + g;
      summary.push_back(line);
    }
    for (const Diagnostic& d : sink.sorted()) summary.push_back(format_text(d));
    summary.push_back(std::to_string(stats.episodes_rejected));
    return summary;
  };
  {
    DiagnosticSink sink;
    Catalog catalog = run(episodes, sink);
    CHECK(std::is_sorted(catalog.episodes.begin(), catalog.episodes.end(), newer_first));
    CHECK(catalog.episodes.size() > 100);
  }
  const auto expected = normalized(episodes);
  CHECK(expected.back() != "0");  // the fixture really has rejections
  std::mt19937 rng(12345);
  for (int round = 0; round < 5; ++round) {
    std::shuffle(episodes.begin(), episodes.end(), rng);
    CHECK(normalized(episodes) == expected);
  }
}

// Not a timing assertion: run by hand to see that 100,000 episodes normalize quickly
// (`castmap_tests "[.normalizer-bench]" --durations yes`).
TEST_CASE("normalize 100,000 episodes", "[.normalizer-bench]") {
  std::vector<Episode> episodes;
  episodes.reserve(100000);
  for (int i = 0; i < 100000; ++i) {
    Episode e = make_episode("episode-" + std::to_string(i), 1 + i % 28);
    set_show(e, "rawkode-live");
    add_guest(e, "david");
    add_technology(e, "kubernetes");
    for (int c = 0; c < 8; ++c) add_chapter(e, 300.0 * c, "Chapter " + std::to_string(c));
    episodes.push_back(std::move(e));
  }
  DiagnosticSink sink;
  Catalog catalog = run(std::move(episodes), sink);
  CHECK(catalog.episodes.size() == 100000);
  CHECK(sink.sorted().empty());
}

TEST_CASE("unsafe-show-id: a show whose id cannot name a feed file is ignored", "[normalizer]") {
  castmap::Catalog catalog;
  castmap::Show bad;
  bad.id = "../feeds";
  bad.name = "Escaping show";
  bad.source_path = "shows/bad.md";
  bad.positions["id"] = {2, 5};
  castmap::Show good;
  good.id = "good";
  good.name = "Good";
  good.source_path = "shows/good.md";
  catalog.shows = {bad, good};
  castmap::DiagnosticSink sink;
  castmap::normalize(catalog, castmap::Config{}, sink);
  REQUIRE(catalog.shows.size() == 1);
  CHECK(catalog.shows[0].id == "good");
  auto diagnostics = sink.sorted();
  REQUIRE(diagnostics.size() == 1);
  CHECK(castmap::format_text(diagnostics[0]) ==
        "shows/bad.md:2:5: error: show id \"../feeds\" is not safe as a file name: starts with "
        "'.'; the show is ignored [unsafe-show-id]");
}

// The loader cleans each episode as it parses it (clean_episode) and the parse cache keeps it
// cleaned; the normalizer must then only check its references, not clean it again (a re-run
// would clean 100,000 unchanged episodes), and must still clean an episode nobody cleaned.
TEST_CASE("episodes the loader cleaned are not cleaned again; others are", "[normalizer]") {
  Episode loaded = make_episode("a");
  loaded.title = "Spaced  out";
  DiagnosticSink loader_sink;
  clean_episode(loaded, loader_sink);
  CHECK(loaded.cleaned);
  CHECK(loaded.title == "Spaced out");
  CHECK(with_code(loader_sink, "title-whitespace").size() == 1);

  // Marked cleaned: left as it is (a cleaned episode cannot look like this; the mark is what
  // the normalizer goes by), while references are still checked.
  Episode marked = make_episode("b");
  marked.title = "Left  alone";
  marked.cleaned = true;
  set_show(marked, "no-such-show");
  Episode fresh = make_episode("c");
  fresh.title = "Cleaned  here";
  DiagnosticSink sink;
  Catalog catalog = run({marked, fresh}, sink);
  REQUIRE(catalog.episodes.size() == 2);
  for (const Episode& e : catalog.episodes) {
    if (e.id == "b") {
      CHECK(e.title == "Left  alone");
      CHECK(e.show_id.empty());  // unknown show dropped: references checked
    } else {
      CHECK(e.title == "Cleaned here");
      CHECK(e.cleaned);
    }
  }
  CHECK(with_code(sink, "title-whitespace").size() == 1);
  CHECK(with_code(sink, "unknown-show").size() == 1);
}
