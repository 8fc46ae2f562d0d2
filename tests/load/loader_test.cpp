// Tests for the loader: parse_episode on inline files (every value form, every diagnostic with
// its exact line:col, positions) and load_catalog on temporary trees (symlinks, FIFOs, hidden
// files, every record kind), on the real corpus, and across thread counts.
#include <catch2/catch.hpp>

#include <date/date.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "src/base/content_hash.hpp"
#include "src/load/catalog_records.hpp"
#include "src/load/content_listing.hpp"
#include "src/load/loader.hpp"
#include "src/normalize/catalog_loading.hpp"
#include "tests/support/golden_support.hpp"

using namespace castmap;
namespace fs = std::filesystem;

namespace {

using Strings = std::vector<std::string>;

/// "line:col severity code" for every diagnostic, sorted.
Strings summary(const DiagnosticSink& sink) {
  Strings out;
  for (const auto& d : sink.sorted())
    out.push_back(std::to_string(d.where.line) + ":" + std::to_string(d.where.column) + " " +
                  std::string(to_string(d.severity)) + " " + d.code);
  return out;
}

/// "path:line:col severity code", for catalog-wide checks.
Strings summary_with_paths(const DiagnosticSink& sink) {
  Strings out;
  for (const auto& d : sink.sorted())
    out.push_back(d.where.path + ":" + std::to_string(d.where.line) + ":" +
                  std::to_string(d.where.column) + " " + std::string(to_string(d.severity)) + " " +
                  d.code);
  return out;
}

std::optional<Episode> parse(std::string_view text, DiagnosticSink& sink,
                             LoaderLimits limits = LoaderLimits{}) {
  return parse_episode(text, "videos/e.md", limits, sink);
}

/// Parses a file that must succeed without any diagnostic.
Episode parse_clean(std::string_view text) {
  DiagnosticSink sink;
  auto episode = parse(text, sink);
  INFO(text);
  CHECK(summary(sink) == Strings{});
  REQUIRE(episode);
  return *episode;
}

/// Diagnostics of one episode file.
Strings diagnostics_of(std::string_view text, LoaderLimits limits = LoaderLimits{}) {
  DiagnosticSink sink;
  parse(text, sink, limits);
  return summary(sink);
}

std::string with_field(std::string_view line) {
  return "---\nid: a\n" + std::string(line) + "\n---\n";
}

std::string pos(const Episode& episode, std::string_view key) {
  auto it = episode.positions.find(key);
  if (it == episode.positions.end()) return "absent";
  return std::to_string(it->second.line) + ":" + std::to_string(it->second.column);
}

TimePoint utc(int y, unsigned m, unsigned d, int h = 0, int min = 0, int s = 0) {
  return TimePoint{date::sys_days{date::year{y} / m / d}} + std::chrono::hours{h} +
         std::chrono::minutes{min} + std::chrono::seconds{s};
}

const char* const kFullEpisode =
    "---\n"
    "id: ep-1\n"
    "slug: first-episode\n"
    "title: \"First & <best>\"\n"
    "description: >-\n"
    "  Folded\n"
    "  text\n"
    "publishedAt: 2023-11-08T17:00:00.000Z\n"
    "duration: 3368\n"
    "show: klustered\n"
    "videoId: vid123\n"
    "technologies:\n"
    "  - kubernetes\n"
    "  - rust\n"
    "guests: [alice, bob]\n"
    "audioFileSize: 123456\n"
    "episode: 3\n"
    "season: 2\n"
    "explicit: false\n"
    "episodeType: bonus\n"
    "subtitle: Sub\n"
    "unknownKey: {nested: [1, 2]}\n"
    "chapters:\n"
    "  - startTime: 0\n"
    "    title: Intro\n"
    "  - startTime: \"1:02\"\n"
    "    title: Next\n"
    "    url: https://example.com/x\n"
    "    img: https://example.com/x.png\n"
    "    toc: false\n"
    "---\n"
    "Body text\n"
    "---\n";

void check_full_episode_positions(const Episode& e) {
  CHECK(pos(e, "id") == "2:5");
  CHECK(pos(e, "slug") == "3:7");
  CHECK(pos(e, "title") == "4:8");
  CHECK(pos(e, "description") == "5:14");
  CHECK(pos(e, "publishedAt") == "8:14");
  CHECK(pos(e, "duration") == "9:11");
  CHECK(pos(e, "show") == "10:7");
  CHECK(pos(e, "videoId") == "11:10");
  CHECK(pos(e, "technologies") == "12:1");
  CHECK(pos(e, "technologies[0]") == "13:5");
  CHECK(pos(e, "technologies[1]") == "14:5");
  CHECK(pos(e, "guests") == "15:1");
  CHECK(pos(e, "guests[0]") == "15:10");
  CHECK(pos(e, "guests[1]") == "15:17");
  CHECK(pos(e, "audioFileSize") == "16:16");
  CHECK(pos(e, "chapters") == "23:1");
  REQUIRE(e.chapters.size() >= 2);
  CHECK(e.chapters[0].position.line == 24);
  CHECK(e.chapters[0].position.column == 5);
  CHECK(e.chapters[1].position.line == 26);
  CHECK(e.chapters[1].position.column == 5);
  CHECK(pos(e, "chapters[0]") == "absent");  // chapter keys are not kept (memory)
  CHECK(pos(e, "unknownKey") == "absent");
  REQUIRE(e.chapters.size() == 2);
  CHECK(e.chapters[0].position.line == 24);
  CHECK(e.chapters[0].position.column == 5);
  CHECK(e.chapters[1].position.line == 26);
  CHECK(e.chapters[1].position.column == 5);
}

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// parse_episode: fields and value forms

TEST_CASE("parse_episode reads every field", "[loader]") {
  Episode e = parse_clean(kFullEpisode);
  CHECK(e.id == "ep-1");
  CHECK(e.slug == "first-episode");
  CHECK(e.title == "First & <best>");
  CHECK(e.description == "Folded text");
  CHECK(e.subtitle == std::optional<std::string>("Sub"));
  CHECK(e.published == utc(2023, 11, 8, 17));
  CHECK(e.duration_seconds == 3368);
  CHECK(e.show_id == "klustered");
  CHECK(e.media_id == "vid123");
  CHECK(e.technologies == Strings{"kubernetes", "rust"});
  CHECK(e.guests == Strings{"alice", "bob"});
  CHECK(e.audio_file_size == std::optional<std::uint64_t>(123456));
  CHECK(e.episode_number == std::optional<int>(3));
  CHECK(e.season_number == std::optional<int>(2));
  CHECK(e.explicit_content == std::optional<bool>(false));
  CHECK(e.episode_type == "bonus");
  CHECK(e.body == "Body text\n---\n");
  CHECK(e.source_path == "videos/e.md");
  REQUIRE(e.chapters.size() == 2);
  CHECK(e.chapters[0].start_seconds == 0);
  CHECK(e.chapters[0].title == "Intro");
  CHECK_FALSE(e.chapters[0].url());
  CHECK_FALSE(e.chapters[0].image());
  CHECK(e.chapters[0].toc);
  CHECK(e.chapters[1].start_seconds == 62);
  CHECK(e.chapters[1].title == "Next");
  CHECK(e.chapters[1].url() == std::optional<std::string>("https://example.com/x"));
  CHECK(e.chapters[1].image() == std::optional<std::string>("https://example.com/x.png"));
  CHECK_FALSE(e.chapters[1].toc);
  check_full_episode_positions(e);
}

TEST_CASE("parse_episode positions are file positions with CRLF and a BOM", "[loader]") {
  Episode crlf = parse_clean(replace_all(kFullEpisode, "\n", "\r\n"));
  CHECK(crlf.title == "First & <best>");
  CHECK(crlf.description == "Folded text");
  CHECK(crlf.body == "Body text\r\n---\r\n");
  check_full_episode_positions(crlf);

  Episode bom = parse_clean("\xEF\xBB\xBF" + std::string(kFullEpisode));
  CHECK(bom.id == "ep-1");
  check_full_episode_positions(bom);

  Episode both = parse_clean("\xEF\xBB\xBF" + replace_all(kFullEpisode, "\n", "\r\n"));
  CHECK(both.chapters.size() == 2);
  check_full_episode_positions(both);
}

TEST_CASE("parse_episode accepts every publishedAt form", "[loader]") {
  auto published = [](std::string_view value) {
    return parse_clean(with_field("publishedAt: " + std::string(value))).published;
  };
  CHECK(published("2023-11-08T17:00:00Z") == utc(2023, 11, 8, 17));
  CHECK(published("2023-11-08T17:00:00.000Z") == utc(2023, 11, 8, 17));
  CHECK(published("2023-11-08T17:00:00.999Z") == utc(2023, 11, 8, 17));
  CHECK(published("2023-11-08T18:30:00+01:30") == utc(2023, 11, 8, 17));
  CHECK(published("2023-11-08T12:00:00-05:00") == utc(2023, 11, 8, 17));
  CHECK(published("2023-11-08T18:00:00.5+01:00") == utc(2023, 11, 8, 17));
  CHECK(published("2023-11-08 17:00:00") == utc(2023, 11, 8, 17));
  CHECK(published("\"2023-11-08 17:00:00\"") == utc(2023, 11, 8, 17));
  CHECK(published("2023-11-08") == utc(2023, 11, 8));
  CHECK(published("'2023-11-08'") == utc(2023, 11, 8));
}

TEST_CASE("parse_episode accepts every duration form", "[loader]") {
  auto duration = [](std::string_view value) {
    return parse_clean(with_field("duration: " + std::string(value))).duration_seconds;
  };
  CHECK(duration("3368") == 3368);
  CHECK(duration("94.5") == 94.5);
  CHECK(duration("1:02:03") == 3723);
  CHECK(duration("62:03") == 3723);
  CHECK(duration("\"01:02:03.250\"") == 3723.25);
  CHECK(duration("'3368'") == 3368);
  CHECK(duration("-5") == -5);  // kept negative: the normalizer reports it
  CHECK(duration("1e3") == 1000);
  CHECK(parse_clean("---\nid: a\n---\n").duration_seconds == 0);
}

TEST_CASE("parse_episode accepts every chapter startTime form", "[loader]") {
  Episode e = parse_clean(
      "---\n"
      "chapters:\n"
      "  - {startTime: 0, title: a}\n"
      "  - {startTime: 12.5, title: b}\n"
      "  - {startTime: '1:02', title: c}\n"
      "  - {startTime: 1:02:03, title: d}\n"
      "  - {startTime: \"00:00:07.5\", title: e}\n"
      "  - {startTime: -3, title: f}\n"
      "  - {startTime: soon, title: g}\n"
      "  - {title: h}\n"
      "  - {startTime: [1], title: i}\n"
      "  - {startTime: .nan, title: j}\n"
      "  - startTime: 5\n"
      "---\n");
  REQUIRE(e.chapters.size() == 11);
  CHECK(e.chapters[0].start_seconds == 0);
  CHECK(e.chapters[1].start_seconds == 12.5);
  CHECK(e.chapters[2].start_seconds == 62);
  CHECK(e.chapters[3].start_seconds == 3723);
  CHECK(e.chapters[4].start_seconds == 7.5);
  CHECK(e.chapters[5].start_seconds == -3);
  // Unusable starts become NaN without a diagnostic; the normalizer reports them.
  CHECK(std::isnan(e.chapters[6].start_seconds));
  CHECK(std::isnan(e.chapters[7].start_seconds));
  CHECK(std::isnan(e.chapters[8].start_seconds));
  CHECK(std::isnan(e.chapters[9].start_seconds));
  CHECK(e.chapters[10].start_seconds == 5);
  CHECK(e.chapters[10].title.empty());  // missing title: empty, normalizer reports
  CHECK(e.chapters[6].title == "g");
  CHECK(e.chapters[6].position.line == 9);
}

TEST_CASE("parse_episode keeps the body verbatim and never parses it", "[loader]") {
  Episode e = parse_clean("---\nid: a\n---\n\n# Notes\n\nkey: [unclosed\n\t- tab\n");
  CHECK(e.body == "\n# Notes\n\nkey: [unclosed\n\t- tab\n");
  CHECK(parse_clean("---\nid: a\n---").body.empty());
  CHECK(parse_clean("---\nid: a\n...\nafter dots\n").body == "after dots\n");
}

TEST_CASE("parse_episode falls back to id for videoId and ignores unknown keys", "[loader]") {
  Episode e = parse_clean("---\nid: abc\nlayout: post\ntags: [x, {y: z}]\nvideoId:\n---\n");
  CHECK(e.media_id == "abc");
  CHECK(pos(e, "layout") == "absent");
  CHECK(pos(e, "tags") == "absent");
  CHECK(pos(e, "videoId") == "absent");
}

TEST_CASE("parse_episode accepts non-string scalars as their text", "[loader]") {
  Episode e = parse_clean(
      "---\nid: 42\nslug: 2023\ntitle: true\nshow: 1.5\ntechnologies: [7, null, ~, x]\n---\n");
  CHECK(e.id == "42");
  CHECK(e.slug == "2023");
  CHECK(e.title == "true");
  CHECK(e.show_id == "1.5");
  CHECK(e.technologies == Strings{"7", "x"});
  CHECK(pos(e, "technologies[1]") == "6:28");  // index in the result: `x`
  CHECK(e.media_id == "42");
}

TEST_CASE("parse_episode accepts a single technology or guest as a one-item list", "[loader]") {
  Episode e = parse_clean("---\ntechnologies: rust\nguests: alice\n---\n");
  CHECK(e.technologies == Strings{"rust"});
  CHECK(e.guests == Strings{"alice"});
  CHECK(pos(e, "technologies[0]") == "2:15");
}

TEST_CASE("parse_episode leaves missing and null required fields unreported", "[loader]") {
  DiagnosticSink sink;
  auto e = parse("---\nid:\nslug: ~\ndescription: null\n---\n", sink);
  REQUIRE(e);
  CHECK(sink.sorted().empty());
  CHECK(e->id.empty());
  CHECK(e->slug.empty());
  CHECK(e->title.empty());
  CHECK(e->published == TimePoint{});
  for (const char* key : {"id", "slug", "title", "publishedAt", "description"})
    CHECK(pos(*e, key) == "absent");
  CHECK(e->chapters.empty());
  CHECK(e->episode_type.empty());
  CHECK_FALSE(e->audio_file_size);
  CHECK_FALSE(e->explicit_content);
}

TEST_CASE("parse_episode reads booleans and integers in YAML spellings", "[loader]") {
  Episode e = parse_clean("---\nexplicit: true\nepisode: 0x10\nseason: 1\naudioFileSize: 0\n---\n");
  CHECK(e.explicit_content == std::optional<bool>(true));
  CHECK(e.episode_number == std::optional<int>(16));
  CHECK(e.season_number == std::optional<int>(1));
  CHECK(e.audio_file_size == std::optional<std::uint64_t>(0));
  CHECK(parse_clean("---\nexplicit: True\n---\n").explicit_content == std::optional<bool>(true));
  CHECK(parse_clean("---\nexplicit: FALSE\n---\n").explicit_content == std::optional<bool>(false));
  CHECK(parse_clean("---\nexplicit: \"false\"\n---\n").explicit_content ==
        std::optional<bool>(false));
}

TEST_CASE("boolean-spelling: YAML 1.1 booleans are read, with a warning", "[loader]") {
  for (const auto& [text, value] : std::vector<std::pair<std::string, bool>>{
           {"yes", true}, {"No", false}, {"ON", true}, {"off", false}, {"y", true}}) {
    DiagnosticSink sink;
    auto e = parse(with_field("explicit: " + text), sink);
    INFO(text);
    REQUIRE(e);
    CHECK(e->explicit_content == std::optional<bool>(value));
    CHECK(summary(sink) == Strings{"3:11 warning boolean-spelling"});
    const std::string spelled = value ? "true" : "false";
    CHECK(sink.sorted()[0].message == "explicit '" + text + "' is read as " + spelled + "; write " +
                                          spelled + " (YAML 1.2 tools read '" + text +
                                          "' as text)");
  }
  DiagnosticSink sink;
  auto e = parse("---\nchapters:\n  - {startTime: 0, title: a, toc: no}\n---\n", sink);
  REQUIRE(e);
  CHECK_FALSE(e->chapters.at(0).toc);
  CHECK(summary(sink) == Strings{"3:35 warning boolean-spelling"});
  // Apple's retired "clean" is no boolean at all.
  CHECK(diagnostics_of(with_field("explicit: clean")) == Strings{"3:11 warning invalid-type"});
}

TEST_CASE("invalid-type: episode and season count from 1", "[loader]") {
  for (const char* value : {"0", "-1", "2147483648", "99999999999999999999", "1.5", "1e3"}) {
    DiagnosticSink sink;
    auto e = parse(with_field(std::string("episode: ") + value + "\nseason: " + value), sink);
    INFO(value);
    REQUIRE(e);
    CHECK_FALSE(e->episode_number);
    CHECK_FALSE(e->season_number);
    CHECK(summary(sink) == Strings{"3:10 warning invalid-type", "4:9 warning invalid-type"});
    CHECK(sink.sorted()[0].message == "episode must be an integer from 1 to 2147483647, got '" +
                                          std::string(value) + "'; ignored");
  }
  Episode e = parse_clean(with_field("episode: 2147483647\nseason: '1'"));
  CHECK(e.episode_number == std::optional<int>(2147483647));
  CHECK(e.season_number == std::optional<int>(1));
}

TEST_CASE("integers are read in YAML 1.2's spellings: 010 is ten", "[loader]") {
  auto episode_of = [](std::string_view value) {
    return parse_clean(with_field("episode: " + std::string(value))).episode_number;
  };
  CHECK(episode_of("010") == std::optional<int>(10));  // yaml-cpp alone reads octal 8
  CHECK(episode_of("+7") == std::optional<int>(7));
  CHECK(episode_of("0x1F") == std::optional<int>(31));
  CHECK(episode_of("0o17") == std::optional<int>(15));
  CHECK(parse_clean(with_field("audioFileSize: 9223372036854775807")).audio_file_size ==
        std::optional<std::uint64_t>(9223372036854775807ull));
  for (const char* value : {"-0x10", "0x", "1_000", "12abc", "9223372036854775808", "0b101"}) {
    INFO(value);
    CHECK(diagnostics_of(with_field(std::string("audioFileSize: ") + value)) ==
          Strings{"3:16 warning invalid-type"});
  }
}

TEST_CASE("duration-zero: a duration of 0 is a note that it is unknown", "[loader]") {
  for (const char* value : {"0", "0.0", "'0:00'", "-0", "00:00:00"}) {
    DiagnosticSink sink;
    auto e = parse(with_field(std::string("duration: ") + value), sink);
    INFO(value);
    REQUIRE(e);
    CHECK(e->duration_seconds == 0);
    CHECK(summary(sink) == Strings{"3:11 note duration-zero"});
  }
  DiagnosticSink sink;
  parse(with_field("duration: 0"), sink);
  CHECK(sink.sorted().at(0).message ==
        "duration '0' is read as unknown; feeds and sitemaps leave the duration out");
  sink.set_strict(true);  // a note stays a note: the episode is not rejected for it
  CHECK(sink.error_count() == 0);
}

// ---------------------------------------------------------------------------------------------
// parse_episode: diagnostics, each at its exact line:col

TEST_CASE("invalid-date: unparsable publishedAt is an error at the value", "[loader]") {
  CHECK(diagnostics_of(with_field("publishedAt: yesterday")) == Strings{"3:14 error invalid-date"});
  CHECK(diagnostics_of(with_field("publishedAt: 2023-02-30")) ==
        Strings{"3:14 error invalid-date"});
  CHECK(diagnostics_of(with_field("publishedAt: 2023")) == Strings{"3:14 error invalid-date"});
  CHECK(diagnostics_of(with_field("publishedAt: \"2023-11-08T17:00\"")) ==
        Strings{"3:14 error invalid-date"});
  DiagnosticSink sink;
  auto e = parse(with_field("publishedAt: yesterday"), sink);
  REQUIRE(e);  // still returned; the normalizer rejects files with errors
  CHECK(pos(*e, "publishedAt") == "3:14");
  CHECK(sink.sorted()[0].message.find("'yesterday'") != std::string::npos);
}

TEST_CASE("invalid-date: out-of-range timestamps are errors that say why", "[loader]") {
  auto message_of = [](std::string_view value) {
    DiagnosticSink sink;
    auto e = parse(with_field("publishedAt: " + std::string(value)), sink);
    INFO(value);
    CHECK(summary(sink) == Strings{"3:14 error invalid-date"});
    return sink.sorted().empty() ? std::string() : sink.sorted()[0].message;
  };
  CHECK(message_of("2023-11-08T17:00:00+24:00") ==
        "publishedAt '2023-11-08T17:00:00+24:00' cannot be used: the offset +24:00 is beyond "
        "\u00B123:59");
  CHECK(message_of("0000-01-01") ==
        "publishedAt '0000-01-01' cannot be used: year 0000 does not exist (years start at 0001)");
  CHECK(message_of("0001-01-01T00:00:00+00:01") ==
        "publishedAt '0001-01-01T00:00:00+00:01' cannot be used: in UTC it falls outside the "
        "years 0001-9999");
  CHECK(message_of("9999-12-31T23:59:59-00:01") ==
        "publishedAt '9999-12-31T23:59:59-00:01' cannot be used: in UTC it falls outside the "
        "years 0001-9999");
  CHECK(message_of("2023-11-08T12:00:60Z") ==
        "publishedAt '2023-11-08T12:00:60Z' cannot be used: second 60 is a leap second, which "
        "exists only at 23:59:60 UTC");
  // Accepted: many fraction digits, YAML's blanks and short offset, a leap second.
  CHECK(parse_clean(with_field("publishedAt: 2023-11-08T17:00:00.1234567890123Z")).published ==
        utc(2023, 11, 8, 17));
  CHECK(parse_clean(with_field("publishedAt: 2023-11-08 12:00:00.5 -5")).published ==
        utc(2023, 11, 8, 17));
  CHECK(parse_clean(with_field("publishedAt: 2016-12-31T23:59:60Z")).published ==
        utc(2016, 12, 31, 23, 59, 59));
}

TEST_CASE("invalid-type: lists and maps for required fields are errors", "[loader]") {
  CHECK(diagnostics_of("---\ntitle: [a, b]\n---\n") == Strings{"2:8 error invalid-type"});
  CHECK(diagnostics_of("---\nid:\n  x: 1\n---\n") == Strings{"3:3 error invalid-type"});
  CHECK(diagnostics_of("---\nslug: {a: b}\n---\n") == Strings{"2:7 error invalid-type"});
  CHECK(diagnostics_of("---\npublishedAt: [2023-11-08]\n---\n") ==
        Strings{"2:14 error invalid-type"});
  DiagnosticSink sink;
  auto e = parse("---\ntitle: [a, b]\n---\n", sink);
  REQUIRE(e);
  CHECK(e->title.empty());
  CHECK(pos(*e, "title") == "2:1");  // collections: the key's position
}

TEST_CASE("invalid-type: wrong kinds for optional fields are warnings and ignored", "[loader]") {
  DiagnosticSink sink;
  auto e = parse(
      "---\n"
      "id: a\n"
      "show: {x: y}\n"
      "description: [d]\n"
      "technologies: {k: v}\n"
      "guests: [alice, [bob], {c: d}]\n"
      "audioFileSize: -1\n"
      "episode: 1.5\n"
      "season: many\n"
      "explicit: maybe\n"
      "duration: [1]\n"
      "chapters: {a: b}\n"  // a scalar is the path of a chapter file
      "---\n",
      sink);
  REQUIRE(e);
  CHECK(summary(sink) == Strings{"3:7 warning invalid-type", "4:14 warning invalid-type",
                                 "5:15 warning invalid-type", "6:17 warning invalid-type",
                                 "6:24 warning invalid-type", "7:16 warning invalid-type",
                                 "8:10 warning invalid-type", "9:9 warning invalid-type",
                                 "10:11 warning invalid-type", "11:11 warning invalid-type",
                                 "12:11 warning invalid-type"});
  CHECK(e->show_id.empty());
  CHECK(e->description.empty());
  CHECK(e->technologies.empty());
  CHECK(e->guests == Strings{"alice"});
  CHECK_FALSE(e->audio_file_size);
  CHECK_FALSE(e->episode_number);
  CHECK_FALSE(e->season_number);
  CHECK_FALSE(e->explicit_content);
  CHECK(e->duration_seconds == 0);
  CHECK(e->chapters.empty());
}

TEST_CASE("invalid-type: bad chapter items and fields are warnings", "[loader]") {
  DiagnosticSink sink;
  auto e = parse(
      "---\n"
      "chapters:\n"
      "  - just text\n"
      "  - startTime: 1\n"
      "    title: {x: y}\n"
      "    toc: sometimes\n"
      "  - [1, 2]\n"
      "---\n",
      sink);
  REQUIRE(e);
  CHECK(summary(sink) == Strings{"3:5 warning invalid-type", "5:12 warning invalid-type",
                                 "6:10 warning invalid-type", "7:5 warning invalid-type"});
  REQUIRE(e->chapters.size() == 1);
  CHECK(e->chapters[0].start_seconds == 1);
  CHECK(e->chapters[0].title.empty());
  CHECK(e->chapters[0].toc);
  CHECK(e->chapters[0].position.line == 4);
  CHECK(e->chapters[0].position.column == 5);  // index in the result, not in the file
}

TEST_CASE("invalid-duration: unparsable duration is a warning, duration 0", "[loader]") {
  for (const char* value : {"abc", "1:2:3:4", "\"-5\"", "1:75", ".inf", "PT1H2M"}) {
    DiagnosticSink sink;
    auto e = parse(with_field(std::string("duration: ") + value), sink);
    INFO(value);
    REQUIRE(e);
    CHECK(summary(sink) == Strings{"3:11 warning invalid-duration"});
    CHECK(e->duration_seconds == 0);
    CHECK(pos(*e, "duration") == "3:11");
  }
}

TEST_CASE("duplicate-key: the first value wins", "[loader]") {
  DiagnosticSink sink;
  auto e = parse("---\ntitle: first\nid: a\ntitle: second\n---\n", sink);
  REQUIRE(e);
  CHECK(summary(sink) == Strings{"4:1 warning duplicate-key"});
  CHECK(e->title == "first");
  CHECK(pos(*e, "title") == "2:8");
}

TEST_CASE("front matter errors reject the episode", "[loader]") {
  auto rejected = [](std::string_view text, LoaderLimits limits = LoaderLimits{}) {
    DiagnosticSink sink;
    auto e = parse_episode(text, "videos/e.md", limits, sink);
    CHECK_FALSE(e.has_value());
    return summary(sink);
  };
  CHECK(rejected("") == Strings{"1:1 error front-matter-missing"});
  CHECK(rejected("# Just markdown\n") == Strings{"1:1 error front-matter-missing"});
  CHECK(rejected("\xEF\xBB\xBFid: a\n") == Strings{"1:1 error front-matter-missing"});
  CHECK(rejected("---\nid: a\ntitle: b\n") == Strings{"1:1 error front-matter-unterminated"});
  CHECK(rejected("---\r\nid: a\r\ntitle: [b\r\n---\r\n") == Strings{"4:1 error yaml-syntax"});
  CHECK(rejected("---\nid: a\ntitle: \"x\" y\n---\n") == Strings{"3:12 error yaml-syntax"});
  CHECK(rejected("---\nid: a\n\ttitle: b\n---\n") == Strings{"3:1 error yaml-syntax"});
  CHECK(rejected("---\n[a, b]\n---\n") == Strings{"2:1 error front-matter-not-mapping"});
  CHECK(rejected("---\n\"text\"\n---\n") == Strings{"2:1 error front-matter-not-mapping"});
  CHECK(rejected("---\nid: a\nx: " + std::string(50, '{') + "\n---\n") ==
        Strings{"3:35 error yaml-too-deep"});
  std::string deep = "---\n";
  for (int i = 0; i < 40; ++i) deep += std::string(static_cast<std::size_t>(2 * i), ' ') + "k:\n";
  deep += "---\n";
  CHECK(rejected(deep) == Strings{"34:65 error yaml-too-deep"});
  LoaderLimits few_nodes;
  few_nodes.max_yaml_nodes = 50;
  CHECK(rejected("---\na: &a [x, x, x, x, x, x, x]\nb: [*a, *a, *a, *a, *a, *a, *a]\n---\n",
                 few_nodes) == Strings{"2:4 error yaml-too-large"});  // at the anchored node
  LoaderLimits tiny_file;
  tiny_file.max_file_bytes = 8;
  CHECK(rejected("---\nid: a\n---\n", tiny_file) == Strings{"0:0 error file-too-large"});
}

TEST_CASE("invalid-utf8 and control-character: repaired with a warning", "[loader]") {
  DiagnosticSink sink;
  auto e = parse("---\nid: a\ntitle: caf\xE9 ok\ndescription: x\x07y\n---\nbody \xFF\n", sink);
  REQUIRE(e);
  CHECK(summary(sink) == Strings{"3:11 warning invalid-utf8", "4:15 warning control-character"});
  CHECK(e->title == "caf\xEF\xBF\xBD ok");
  CHECK(e->description == "xy");
  CHECK(e->body == "body \xEF\xBF\xBD\n");
}

TEST_CASE("parse_episode survives hostile inputs without crashing", "[loader]") {
  const std::vector<std::string> inputs = {
      "---\n" + std::string(10000, '[') + "\n---\n",
      "---\na: &a [*a]\n---\n",
      "---\n? [a, b]\n: c\n[x]: y\n---\n",
      "---\nid: !!binary aGVsbG8=\ntitle: !custom x\n---\n",
      std::string("---\nid: a\0b\n---\n", 15),
      "---\n%YAML 1.2\n---\n",
      "---\nchapters: [{startTime: 1e400}, {startTime: -1e400}]\n---\n",
      "---\nepisode: 99999999999999999999\naudioFileSize: 1e20\n---\n",
  };
  for (const auto& input : inputs) {
    DiagnosticSink sink;
    parse_episode(input, "videos/e.md", LoaderLimits{}, sink);
    SUCCEED();
  }
}

// ---------------------------------------------------------------------------------------------
// shows, people, technologies

TEST_CASE("parse_show reads id, name, description and hosts", "[loader]") {
  DiagnosticSink sink;
  auto show = parse_show("---\nid: live\nname: Live\ndescription: d\nhosts:\n  - rawkode\n---\n",
                         "shows/rawkode-live.md", "rawkode-live", LoaderLimits{}, sink);
  REQUIRE(show);
  CHECK(sink.sorted().empty());
  CHECK(show->id == "live");  // the front matter id wins over the file name
  CHECK(show->name == "Live");
  CHECK(show->description == "d");
  CHECK(show->hosts == Strings{"rawkode"});
  CHECK(show->source_path == "shows/rawkode-live.md");
  CHECK(show->positions.at("hosts[0]").line == 6);
  CHECK(show->positions.at("name").column == 7);

  auto fallback = parse_show("---\nname: X\n---\n", "shows/x/index.md", "x", LoaderLimits{}, sink);
  REQUIRE(fallback);
  CHECK(fallback->id == "x");
}

TEST_CASE("people come from JSON or front matter", "[loader]") {
  DiagnosticSink sink;
  auto json = parse_person_json(
      "{\"name\": \"David\", \"handle\": \"rawkode\", \"website\": \"https://r.dev\", "
      "\"avatar\": \"https://r.dev/a.png\", \"extra\": [1]}",
      "people/rawkode.json", "rawkode", LoaderLimits{}, sink);
  REQUIRE(json);
  CHECK(sink.sorted().empty());
  CHECK(json->id == "rawkode");
  CHECK(json->name == "David");
  CHECK(json->handle == std::optional<std::string>("rawkode"));
  CHECK(json->url == std::optional<std::string>("https://r.dev"));
  CHECK(json->image == std::optional<std::string>("https://r.dev/a.png"));

  auto md = parse_person_front_matter("---\nname: Bob\nhref: https://b.dev\n---\nBio\n",
                                      "people/bob.md", "bob", LoaderLimits{}, sink);
  REQUIRE(md);
  CHECK(md->name == "Bob");
  CHECK(md->url == std::optional<std::string>("https://b.dev"));
  CHECK(sink.sorted().empty());
}

TEST_CASE("json-syntax and json-not-object for people files", "[loader]") {
  DiagnosticSink sink;
  CHECK_FALSE(parse_person_json("{\n  \"name\": \"x\",\n  oops\n}", "people/a.json", "a",
                                LoaderLimits{}, sink));
  CHECK(summary(sink) == Strings{"3:3 error json-syntax"});

  DiagnosticSink not_object;
  CHECK_FALSE(parse_person_json("[1, 2]", "people/b.json", "b", LoaderLimits{}, not_object));
  CHECK(summary(not_object) == Strings{"1:1 error json-not-object"});

  DiagnosticSink wrong_type;
  auto person = parse_person_json("{\"name\": {\"first\": \"x\"}, \"handle\": 7}", "people/c.json",
                                  "c", LoaderLimits{}, wrong_type);
  REQUIRE(person);
  CHECK(summary(wrong_type) == Strings{"1:2 warning invalid-type"});  // at the key
  CHECK(person->name.empty());
  CHECK(person->handle == std::optional<std::string>("7"));
}

TEST_CASE("person JSON: numbers out of range are located errors, never exceptions", "[loader]") {
  auto diagnose = [](const std::string& json) {
    DiagnosticSink sink;
    INFO(json);
    auto person = parse_person_json(json, "people/p.json", "p", LoaderLimits{}, sink);
    CHECK_FALSE(person);
    return summary(sink);
  };
  // nlohmann-json throws out_of_range (not parse_error) for these from its DOM parser.
  CHECK(diagnose("{\"name\": \"x\",\n \"followers\": 1e400}") ==
        Strings{"2:19 error json-number-out-of-range"});
  CHECK(diagnose("{\"n\": -1e999}") == Strings{"1:12 error json-number-out-of-range"});
  CHECK(diagnose("{\"n\": " + std::string(400, '9') + "}") ==
        Strings{"1:406 error json-number-out-of-range"});
  DiagnosticSink sink;
  parse_person_json("{\"n\": 1e400}", "people/p.json", "p", LoaderLimits{}, sink);
  CHECK(sink.sorted().at(0).message ==
        "invalid JSON: number overflow parsing '1e400' (JSON numbers must fit a double)");

  // Numbers that fit are text as written.
  DiagnosticSink fine;
  auto person = parse_person_json("{\"name\": 1.50, \"handle\": 1e-400, \"x\": -0}",
                                  "people/p.json", "p", LoaderLimits{}, fine);
  REQUIRE(person);
  CHECK(summary(fine) == Strings{});
  CHECK(person->name == "1.50");
  CHECK(person->handle == std::optional<std::string>("1e-400"));
}

TEST_CASE("person JSON: duplicate-key in any object, at the repeated key", "[loader]") {
  DiagnosticSink sink;
  auto person = parse_person_json(
      "{\n"
      "  \"name\": \"Ada\",\n"
      "  \"links\": {\"a\\\"b\": 1, \"x\": [{\"k\": 1, \"k\": 2}], \"a\\\"b\": 2},\n"
      "  \"name\": \"Bob\",\n"
      "  \"handle\": \"ada\"\n"
      "}\n",
      "people/p.json", "p", LoaderLimits{}, sink);
  REQUIRE(person);
  CHECK(person->name == "Ada");
  CHECK(person->handle == std::optional<std::string>("ada"));
  CHECK(summary(sink) == Strings{"3:39 warning duplicate-key", "3:49 warning duplicate-key",
                                 "4:3 warning duplicate-key"});
  CHECK(sink.sorted().at(2).message ==
        "key \"name\" appears again in the same object; the first value is used");
}

TEST_CASE("parse_technology uses name, falling back to the id", "[loader]") {
  DiagnosticSink sink;
  auto named = parse_technology("---\nname: \"Open Policy Agent\"\nlogos: {icon: x}\n---\n",
                                "technologies/opa.md", "opa", LoaderLimits{}, sink);
  REQUIRE(named);
  CHECK(named->id == "opa");
  CHECK(named->name == "Open Policy Agent");
  auto unnamed = parse_technology("---\nwebsite: x\n---\n", "technologies/rust/index.mdx", "rust",
                                  LoaderLimits{}, sink);
  REQUIRE(unnamed);
  CHECK(unnamed->name == "rust");
  CHECK(sink.sorted().empty());
}

// ---------------------------------------------------------------------------------------------
// load_catalog

namespace {

/// A scratch folder removed at the end of the test.
class TempTree {
 public:
  TempTree() {
    static int counter = 0;
    root_ = fs::temp_directory_path() /
            ("castmap-loader-test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  ~TempTree() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  TempTree(const TempTree&) = delete;
  TempTree& operator=(const TempTree&) = delete;

  const fs::path& root() const { return root_; }

  /// Writes `content` to root/rel and returns its size.
  std::size_t write(const std::string& rel, std::string_view content) const {
    fs::create_directories((root_ / rel).parent_path());
    std::ofstream out(root_ / rel, std::ios::binary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    return content.size();
  }

  void symlink(const std::string& rel, const fs::path& target) const {
    fs::create_directories((root_ / rel).parent_path());
    fs::create_symlink(target, root_ / rel);
  }

 private:
  fs::path root_;
};

std::string episode_file(std::string_view id, std::string_view published,
                         std::string_view extra = "") {
  return "---\nid: " + std::string(id) + "\nslug: " + std::string(id) + "\ntitle: T " +
         std::string(id) + "\npublishedAt: " + std::string(published) + "\n" + std::string(extra) +
         "---\n";
}

Config config_for(const fs::path& content) {
  Config config;
  config.content = content;
  return config;
}

Strings ids(const std::vector<Episode>& items) {
  Strings out;
  for (const auto& item : items) out.push_back(item.id);
  return out;
}

template <typename T>
Strings ids(const std::vector<T>& items) {
  Strings out;
  for (const auto& item : items) out.push_back(item.id);
  return out;
}

/// Everything the loader produced, as text, to compare two loads exactly.
std::string fingerprint(const Catalog& catalog) {
  std::ostringstream out;
  out.precision(17);
  auto positions = [&](const FieldPositions& map) {
    for (const auto& [key, p] : map) out << ' ' << key << '@' << p.line << ':' << p.column;
  };
  for (const auto& e : catalog.episodes) {
    out << "E " << e.id << '|' << e.slug << '|' << e.title << '|' << e.description << '|'
        << e.subtitle.value_or("-") << '|' << e.published.time_since_epoch().count() << '|'
        << e.duration_seconds << '|' << e.show_id << '|' << e.media_id << '|'
        << e.audio_file_size.value_or(0) << '|' << e.episode_number.value_or(-1) << '|'
        << e.season_number.value_or(-1) << '|' << e.explicit_content.value_or(false) << '|'
        << e.episode_type << '|' << e.body << '|' << e.source_path;
    for (const auto& t : e.technologies) out << " t:" << t;
    for (const auto& g : e.guests) out << " g:" << g;
    for (const auto& c : e.chapters)
      out << " c:" << c.start_seconds << '/' << c.title << '/' << c.url().value_or("-") << '/'
          << c.image().value_or("-") << '/' << c.toc << '@' << c.position.line << ':'
          << c.position.column;
    positions(e.positions);
    out << '\n';
  }
  for (const auto& s : catalog.shows) {
    out << "S " << s.id << '|' << s.name << '|' << s.description << '|' << s.source_path;
    for (const auto& h : s.hosts) out << " h:" << h;
    positions(s.positions);
    out << '\n';
  }
  for (const auto& p : catalog.people)
    out << "P " << p.id << '|' << p.name << '|' << p.handle.value_or("-") << '|'
        << p.url.value_or("-") << '|' << p.image.value_or("-") << '|' << p.source_path << '\n';
  for (const auto& t : catalog.technologies)
    out << "T " << t.id << '|' << t.name << '|' << t.source_path << '\n';
  return out.str();
}

/// Builds the mixed tree used by several tests; returns the bytes the loader will read.
std::size_t build_mixed_tree(const TempTree& tree) {
  std::size_t bytes = 0;
  bytes += tree.write("content/videos/a/2023/ep1.md",
                      episode_file("ep1", "2023-01-01T00:00:00Z", "show: show-a\n"));
  bytes += tree.write("content/videos/standalone/ep2.mdx", episode_file("ep2", "2024-01-01"));
  bytes += tree.write("content/videos/deep/x/y/z/ep3.md", episode_file("ep3", "2022-01-01"));
  bytes += tree.write("content/archive/ep4.md", episode_file("ep4", "2021-01-01"));
  bytes += tree.write("content/videos/bad.md", "---\nid: bad\ntitle: [x\n---\n");
  tree.write("content/videos/.hidden.md", "not front matter");
  tree.write("content/videos/.drafts/ep9.md", "not front matter");
  tree.write("content/videos/notes.txt", "not front matter");
  tree.write("outside/ep5.md", episode_file("ep5", "2020-01-01"));
  tree.symlink("content/videos/link-inside.md", "../archive/ep4.md");
  tree.symlink("content/videos/link-outside.md", tree.root() / "outside/ep5.md");
  tree.symlink("content/videos/loop", ".");
  tree.symlink("content/videos/broken.md", "missing.md");
  REQUIRE(::mkfifo((tree.root() / "content/videos/pipe.md").c_str(), 0600) == 0);

  bytes += tree.write("content/shows/show-a.md", "---\nid: show-a\nname: Show A\n---\n");
  bytes += tree.write("content/shows/show-b/index.md", "---\nname: Show B\nhosts: [alice]\n---\n");
  tree.write("content/shows/show-c/readme.md", "---\nname: C\n---\n");
  tree.write("content/shows/.hidden/index.md", "---\nname: H\n---\n");
  tree.symlink("content/shows/show-link", "show-b");

  bytes += tree.write("content/people/alice.json", "{\"name\": \"Alice\", \"handle\": \"al\"}");
  bytes += tree.write("content/people/bob.md", "---\nname: Bob\n---\n");
  bytes += tree.write("content/people/broken.json", "{\"name\": }");

  bytes += tree.write("content/technologies/kubernetes.md", "---\nname: Kubernetes\n---\n");
  bytes += tree.write("content/technologies/rust/index.mdx", "---\nwebsite: x\n---\n");
  tree.write("content/technologies/.x.md", "---\nname: X\n---\n");
  return bytes;
}

}  // namespace

TEST_CASE("load_catalog reads a mixed tree and applies the file-system policy", "[loader]") {
  TempTree tree;
  const std::size_t bytes = build_mixed_tree(tree);
  DiagnosticSink sink;
  LoadStats stats;
  Catalog catalog = load_catalog(config_for(tree.root() / "content"), sink, &stats);

  CHECK(summary_with_paths(sink) == Strings{
                                        "people/broken.json:1:10 error json-syntax",
                                        "shows/show-link:0:0 warning symlink-directory",
                                        "videos/bad.md:4:1 error yaml-syntax",
                                        "videos/broken.md:0:0 error read-failed",
                                        "videos/link-outside.md:0:0 warning symlink-outside-root",
                                        "videos/loop:0:0 warning symlink-directory",
                                        "videos/pipe.md:0:0 warning special-file",
                                    });
  CHECK(ids(catalog.episodes) == Strings{"ep2", "ep1", "ep3", "ep4"});
  CHECK(catalog.episodes[1].source_path == "videos/a/2023/ep1.md");
  CHECK(catalog.episodes[1].show_id == "show-a");
  CHECK(catalog.episodes[3].source_path == "videos/link-inside.md");
  CHECK(ids(catalog.shows) == Strings{"show-a", "show-b"});
  CHECK(catalog.shows[1].source_path == "shows/show-b/index.md");
  CHECK(catalog.shows[1].hosts == Strings{"alice"});
  CHECK(ids(catalog.people) == Strings{"alice", "bob"});
  CHECK(catalog.people[0].name == "Alice");
  CHECK(catalog.people[1].source_path == "people/bob.md");
  CHECK(ids(catalog.technologies) == Strings{"kubernetes", "rust"});
  CHECK(catalog.technologies[0].name == "Kubernetes");
  CHECK(catalog.technologies[1].name == "rust");
  CHECK(catalog.technologies[1].source_path == "technologies/rust/index.mdx");
  REQUIRE(catalog.find_show("show-b"));
  CHECK(catalog.find_show("show-b")->name == "Show B");
  CHECK(catalog.find_person("alice"));
  CHECK(catalog.find_technology("rust"));

  CHECK(stats.episode_files == 6);  // ep1-3, link-inside, bad, broken
  CHECK(stats.episodes_loaded == 4);
  CHECK(stats.episodes_failed == 2);
  CHECK(stats.input_bytes == bytes);
  CHECK(stats.list_seconds >= 0);
  CHECK(stats.read_parse_seconds >= 0);
}

TEST_CASE("load_catalog records the hash of each episode's file when it caches", "[loader]") {
  TempTree tree;
  build_mixed_tree(tree);
  const Config config = config_for(tree.root() / "content");
  DiagnosticSink sink;
  // Without a cache to fill, files are not hashed and no episode has a source digest.
  for (const Episode& episode : load_catalog(config, sink).episodes)
    CHECK(episode.source_digest == 0);

  DiagnosticSink listing_sink;
  const std::vector<ContentFile> files = list_content(config.content, config.layout, listing_sink);
  std::vector<CacheEntrySource> next;
  LoadCacheIO io{nullptr, &next, nullptr, 0, &files};
  const Catalog catalog = load_catalog(config, sink, nullptr, &io);
  REQUIRE(catalog.episodes.size() == 4);
  for (const Episode& episode : catalog.episodes) {
    INFO(episode.source_path);
    std::ifstream in(tree.root() / "content" / episode.source_path, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(episode.source_digest == content_hash(bytes));
  }
}

TEST_CASE("list_content stamps every file it lists, following links like a read would",
          "[loader]") {
  TempTree tree;
  build_mixed_tree(tree);
  DiagnosticSink sink;
  const std::vector<ContentFile> files =
      list_content(tree.root() / "content", ContentLayout{}, sink);
  REQUIRE(files.size() == 13);
  for (const ContentFile& file : files) {
    INFO(file.relative);
    const std::string path = content_file_path(tree.root() / "content", file);
    CHECK(path == (tree.root() / "content" / file.relative).string());
    struct stat status {};
    if (::stat(path.c_str(), &status) != 0) {
      CHECK(file.relative == "videos/broken.md");  // a dangling link: nothing to stamp
      CHECK(file.stamp == FileStamp{});
      continue;
    }
    CHECK(file.stamp.size == static_cast<std::uint64_t>(status.st_size));
    CHECK(file.stamp.mtime_ns ==
          std::int64_t{status.st_mtim.tv_sec} * 1'000'000'000 + status.st_mtim.tv_nsec);
  }
}

TEST_CASE("load_catalog gives identical results for 1 and 4 threads", "[loader]") {
  TempTree tree;
  build_mixed_tree(tree);
  for (int i = 0; i < 40; ++i)
    tree.write(
        "content/videos/bulk/e" + std::to_string(i) + ".md",
        episode_file("bulk" + std::to_string(i % 7), "2023-05-0" + std::to_string(i % 9 + 1)));
  auto load = [&](const char* threads) {
    testing::ScopedEnv env("CASTMAP_THREADS", threads);
    DiagnosticSink sink;
    Catalog catalog = load_catalog(config_for(tree.root() / "content"), sink);
    return fingerprint(catalog) + "\n--\n" + [&] {
      std::string all;
      for (const auto& d : sink.sorted()) all += format_text(d) + "\n";
      return all;
    }();
  };
  const std::string one = load("1");
  CHECK(one == load("4"));
  CHECK(one == load("3"));
  CHECK(one.find("E bulk6") != std::string::npos);
}

TEST_CASE("content-root-missing: missing or non-folder root is fatal", "[loader]") {
  TempTree tree;
  DiagnosticSink sink;
  LoadStats stats;
  Catalog missing = load_catalog(config_for(tree.root() / "nope"), sink, &stats);
  CHECK(missing.episodes.empty());
  CHECK(missing.shows.empty());
  REQUIRE(sink.sorted().size() == 1);
  CHECK(sink.sorted()[0].code == "content-root-missing");
  CHECK(sink.sorted()[0].severity == Severity::error);
  CHECK(stats.episode_files == 0);

  tree.write("file", "x");
  DiagnosticSink file_sink;
  load_catalog(config_for(tree.root() / "file"), file_sink);
  CHECK(summary(file_sink) == Strings{"0:0 error content-root-missing"});
}

TEST_CASE("load_catalog follows config.layout; optional folders may be missing", "[loader]") {
  TempTree tree;
  tree.write("episodes/2023/x.md", episode_file("x", "2023-01-01"));
  Config config = config_for(tree.root());
  config.layout.videos = "episodes";
  DiagnosticSink sink;
  Catalog catalog = load_catalog(config, sink);
  CHECK(sink.sorted().empty());
  CHECK(ids(catalog.episodes) == Strings{"x"});
  CHECK(catalog.episodes[0].source_path == "episodes/2023/x.md");

  DiagnosticSink no_videos;
  config.layout.videos = "videos";
  Catalog empty = load_catalog(config, no_videos);
  CHECK(empty.episodes.empty());
  CHECK(summary_with_paths(no_videos) == Strings{"videos:0:0 warning content-folder-missing"});
}

TEST_CASE("file-too-large: big files are rejected unread", "[loader]") {
  TempTree tree;
  tree.write("videos/big.md", episode_file("big", "2023-01-01") + std::string(200, 'x'));
  tree.write("videos/small.md", episode_file("small", "2023-01-01"));
  Config config = config_for(tree.root());
  config.limits.max_file_bytes = 150;
  DiagnosticSink sink;
  LoadStats stats;
  Catalog catalog = load_catalog(config, sink, &stats);
  CHECK(summary_with_paths(sink) == Strings{"videos/big.md:0:0 error file-too-large"});
  CHECK(ids(catalog.episodes) == Strings{"small"});
  CHECK(stats.episodes_failed == 1);
  CHECK(stats.input_bytes == episode_file("small", "2023-01-01").size());
}

TEST_CASE("read-failed: unreadable files are reported, others still load", "[loader]") {
  if (::geteuid() == 0) {
    WARN("running as root: permissions do not stop reads; skipped");
    return;
  }
  TempTree tree;
  tree.write("videos/locked.md", episode_file("locked", "2023-01-01"));
  tree.write("videos/open.md", episode_file("open", "2023-01-01"));
  fs::permissions(tree.root() / "videos/locked.md", fs::perms::none);
  DiagnosticSink sink;
  Catalog catalog = load_catalog(config_for(tree.root()), sink);
  CHECK(summary_with_paths(sink) == Strings{"videos/locked.md:0:0 error read-failed"});
  CHECK(ids(catalog.episodes) == Strings{"open"});
}

TEST_CASE("load_catalog reads the rawkode-academy corpus cleanly", "[loader]") {
  const fs::path corpus = CASTMAP_SOURCE_DIR "/../shared/corpus/rawkode-academy";
  if (!fs::is_directory(corpus)) {
    WARN("corpus not found at " << corpus << "; skipped");
    return;
  }
  DiagnosticSink sink;
  LoadStats stats;
  Catalog catalog = load_catalog(config_for(corpus), sink, &stats);
  // Parsing notes the one `duration: 0`; cleaning (which the loader runs on each parsed
  // episode) repairs the corpus's known quirks (pitfalls.md): chapters past the end of the
  // video and one title with doubled spaces. Nothing is an error.
  std::map<std::string, int> codes;
  for (const Diagnostic& d : sink.sorted()) {
    CHECK(d.severity == (d.code == "duration-zero" ? Severity::note : Severity::warning));
    ++codes[d.code];
  }
  Strings counted;
  for (const auto& [code, count] : codes) counted.push_back(code + " " + std::to_string(count));
  CHECK(counted == Strings{"chapter-past-duration 22", "duration-zero 1", "title-whitespace 1"});
  CHECK(catalog.episodes.size() == 311);
  CHECK(catalog.shows.size() == 4);
  CHECK(catalog.people.size() == 4);
  CHECK(catalog.technologies.size() == 144);
  CHECK(stats.episode_files == 311);
  CHECK(stats.episodes_loaded == 311);
  CHECK(stats.episodes_failed == 0);
  CHECK(stats.input_bytes > 1000000);

  const Episode* influx = nullptr;
  for (const auto& e : catalog.episodes)
    if (e.id == "influxdb-3-and-rust") influx = &e;
  REQUIRE(influx);
  CHECK(influx->title == "InfluxDB 3 & Rust");
  CHECK(influx->published == utc(2023, 11, 8, 17));
  CHECK(influx->duration_seconds == 3368);
  CHECK(influx->show_id == "cloud-native-compass");
  CHECK(influx->media_id == "tjd3afh6vpijjepecyc2c9j5");
  CHECK(influx->technologies == Strings{"influxdb", "rust"});
  REQUIRE(influx->chapters.size() >= 2);
  CHECK(influx->chapters[1].start_seconds == 57);
  CHECK(influx->chapters[1].title == "Guest Introduction: Paul Dix, InfluxDB Co-founder & CTO");
  CHECK(catalog.find_person("rawkode")->name == "David Flanagan");
  CHECK(catalog.find_show("klustered")->hosts == Strings{"rawkode"});
  CHECK(catalog.find_technology("thanos")->name == "Thanos");
  for (std::size_t i = 1; i < catalog.episodes.size(); ++i)
    CHECK_FALSE(newer_first(catalog.episodes[i], catalog.episodes[i - 1]));

  // Thread count must not change anything.
  auto load_with = [&](const char* threads) {
    testing::ScopedEnv env("CASTMAP_THREADS", threads);
    DiagnosticSink quiet;
    return fingerprint(load_catalog(config_for(corpus), quiet));
  };
  CHECK(load_with("1") == load_with("4"));
}

TEST_CASE("YAML escapes \\_ and \\N decode to UTF-8 despite yaml-cpp 0.7", "[loader]") {
  // The real corpus has seven descriptions with `\_` (no-break space).
  const std::string file =
      "---\nid: nbsp\nslug: nbsp\ntitle: \"A\\_B\"\npublishedAt: 2024-01-01\n"
      "description: \"developer\\_tools\\Nnext\"\n---\n";
  castmap::DiagnosticSink sink;
  auto episode = castmap::parse_episode(file, "videos/nbsp.md", castmap::LoaderLimits{}, sink);
  REQUIRE(episode);
  CHECK(episode->title ==
        "A\xC2\xA0"
        "B");
  CHECK(episode->description == "developer\xC2\xA0tools\xC2\x85next");
  CHECK(sink.sorted().empty());
}

TEST_CASE("FieldPositions is a small sorted map", "[loader]") {
  FieldPositions positions = {{"title", {4, 8}}, {"id", {2, 5}}, {"title", {9, 9}}};
  CHECK(positions.size() == 2);
  CHECK(positions.at("title").line == 4);  // as in std::map: the first of two equal keys
  positions.insert_or_assign("title", {5, 1});
  CHECK(positions.at("title").line == 5);
  CHECK_FALSE(positions.emplace("id", {7, 7}));
  CHECK(positions.emplace("guests[0]", {3, 5}));
  positions["chapters"] = {10, 1};
  std::vector<std::string> keys;
  for (const auto& [key, position] : positions) keys.push_back(key);
  CHECK(keys == std::vector<std::string>{"chapters", "guests[0]", "id", "title"});
  CHECK(positions.find("guests") == positions.end());
  CHECK(positions.contains("guests[0]"));
  CHECK(positions.erase("id") == 1);
  CHECK(positions.erase("id") == 0);
  CHECK_THROWS_AS(positions.at("id"), std::out_of_range);
  FieldPositions copy = positions;
  copy.shrink_to_fit();
  CHECK(copy == positions);

  // Appended in order (as the cache decodes them), then one out of order and one repeated.
  FieldPositions ordered;
  for (const char* key : {"a", "b", "c"}) CHECK(ordered.emplace(key, {1, 1}));
  CHECK(ordered.emplace("ab", {2, 2}));
  CHECK_FALSE(ordered.emplace("c", {3, 3}));
  keys.clear();
  for (const auto& [key, position] : ordered) keys.push_back(key);
  CHECK(keys == std::vector<std::string>{"a", "ab", "b", "c"});
  CHECK(ordered.at("c").line == 1);
}

TEST_CASE("loader: alternates, soundbites, seasonName, license and location", "[loader]") {
  DiagnosticSink sink;
  auto episode = parse(R"(---
id: e
slug: e
title: E
publishedAt: 2024-01-01
alternates:
  - {url: "https://m.example/e.mp4", type: video/mp4, height: 1080, length: 5, title: HD}
  - {url: "https://m.example/e.m3u8", type: video/mp4}
  - {url: "javascript:x", type: audio/mpeg}
  - {url: "https://m.example/e.ogg"}
  - just text
soundbites:
  - {startTime: 73.5, duration: 60, title: Best}
  - {startTime: "1:00", duration: "0:30"}
  - {startTime: -1, duration: 10}
seasonName: "  The   first  "
license: {name: Mine, url: "https://example.com/l"}
location: {name: Berlin, country: DE, osm: nope}
---
)",
                       sink);
  REQUIRE(episode);
  const EpisodeExtras* x = episode->extras.get();
  REQUIRE(x != nullptr);
  REQUIRE(x->alternates.size() == 2);
  CHECK(x->alternates[0].url == "https://m.example/e.mp4");
  CHECK(*x->alternates[0].height == 1080);
  CHECK(*x->alternates[0].length == 5);
  CHECK(x->alternates[0].title == "HD");
  CHECK(x->alternates[0].position.line == 7);
  REQUIRE(x->soundbites.size() == 2);
  CHECK(x->soundbites[1].start_seconds == 60);
  CHECK(x->soundbites[1].duration_seconds == 30);
  CHECK(*x->season_name == "The first");
  CHECK(x->license->url == "https://example.com/l");
  CHECK(x->location->country == "DE");
  CHECK(x->location->osm.empty());
  CHECK(summary_with_paths(sink) == Strings{"videos/e.md:8:45 warning media-type-mismatch",
                                            "videos/e.md:9:5 warning alternate-incomplete",
                                            "videos/e.md:9:11 warning invalid-link",
                                            "videos/e.md:10:5 warning alternate-incomplete",
                                            "videos/e.md:11:5 warning invalid-type",
                                            "videos/e.md:15:5 warning soundbite-invalid",
                                            "videos/e.md:18:44 warning location-invalid"});
  // An episode without any of them allocates no extras.
  DiagnosticSink quiet;
  auto plain = parse("---\nid: e\nslug: e\ntitle: E\npublishedAt: 2024-01-01\n---\n", quiet);
  REQUIRE(plain);
  CHECK(plain->extras.get() == nullptr);
}
