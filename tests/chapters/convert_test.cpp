// `castmap chapters convert`: the pipeline in process (repair, losses, checks) and the binary
// (streams, files, exit statuses).
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>

#include "src/app/chapter_conversion.hpp"
#include "src/chapters/json_chapters.hpp"
#include "tests/chapters/chapter_test_support.hpp"
#include "tests/support/golden_support.hpp"

namespace fs = std::filesystem;
using namespace castmap;
using namespace castmap::testing;

namespace {

ConvertedChapters convert(std::string_view bytes, ChapterFormat to, DiagnosticSink& diagnostics,
                          std::optional<std::int64_t> duration_ms = std::nullopt,
                          std::vector<std::string> checks = {}) {
  ChapterConversion conversion;
  conversion.to = to;
  conversion.duration_ms = duration_ms;
  conversion.checks = std::move(checks);
  return convert_chapters(bytes, "in.json", conversion, diagnostics);
}

}  // namespace

TEST_CASE("convert: the normalizer's repair, located in the chapter file", "[chapters][convert]") {
  DiagnosticSink diagnostics;
  const auto converted = convert(R"({"chapters": [
  {"startTime": 30, "title": "  Second\n half  "},
  {"startTime": 0, "title": "First"},
  {"startTime": 30, "title": "Duplicate"},
  {"startTime": 10, "title": ""},
  {"startTime": 90, "title": "Past the end", "url": "https://x/\u0001"}
]})",
                                 ChapterFormat::mp4chaps, diagnostics, 60000);
  REQUIRE(converted.bytes);
  CHECK(*converted.bytes == "00:00:00.000 First\n00:00:30.000 Second half\n");
  CHECK(converted.chapters == 2);
  std::vector<std::string> lines;
  for (const Diagnostic& d : diagnostics.sorted()) lines.push_back(format_text(d));
  CHECK(lines == std::vector<std::string>{
                     "in.json:1:1: warning: chapters are not in start-time order and were sorted "
                     "[chapters-unsorted]",
                     "in.json:2:3: warning: collapsed extra whitespace in chapter title "
                     "\"Second half\" [title-whitespace]",
                     "in.json:4:3: warning: chapter \"Duplicate\" starts at the same time (30 s) "
                     "as chapter \"Second half\" and was dropped [chapter-duplicate-start]",
                     "in.json:5:3: warning: chapter at 10 s has an empty title and was dropped "
                     "[chapter-empty-title]",
                     "in.json:6:3: warning: 1 chapter starts at or after the end of the episode "
                     "(60 s) and was dropped [chapter-past-duration]",
                     "in.json:6:3: warning: removed control characters from chapter url "
                     "\"https://x/\" [control-character]"});
}

TEST_CASE("convert: ends of their own survive the repair", "[chapters][convert]") {
  DiagnosticSink diagnostics;
  const auto converted =
      convert("WEBVTT\n\n00:00:10.000 --> 00:00:20.000\nB\n\n00:00:00.000 --> 00:00:05.000\nA\n",
              ChapterFormat::json, diagnostics);
  REQUIRE(converted.bytes);
  DiagnosticSink reread;
  const auto list = read_json_chapters(*converted.bytes, "out.json", reread);
  REQUIRE(list);
  REQUIRE(list->chapters.size() == 2);
  CHECK(list->chapters[0].title == "A");
  CHECK(list->chapters[0].end_ms == 5000);  // a gap, as the track had it
  CHECK(list->chapters[1].end_ms == 20000);
  CHECK(codes_of(diagnostics) ==
        std::vector<std::string>{"chapter-file-format-mismatch", "chapters-unsorted"});
}

TEST_CASE("convert: an exported JSON file gives the exporter's WebVTT track",
          "[chapters][convert]") {
  // Its endTimes only repeat the next chapter's start (a hidden one's, too): they are no
  // ends of their own, so the track runs each cue to the next visible chapter, as the
  // exporter does.
  const fs::path chapters = fs::path(CASTMAP_SOURCE_DIR) / "golden/examples/expected/chapters";
  DiagnosticSink diagnostics;
  const auto converted = convert(read_bytes(chapters / "rust-and-cpp-ffi.json"),
                                 ChapterFormat::webvtt, diagnostics, 3'725'000);
  REQUIRE(converted.bytes);
  CHECK(*converted.bytes == read_bytes(chapters / "rust-and-cpp-ffi.vtt"));
}

TEST_CASE("convert: what the target cannot carry is said once per kind", "[chapters][convert]") {
  DiagnosticSink diagnostics;
  const auto converted = convert(R"({"title": "T", "chapters": [
  {"startTime": 0, "title": "a", "url": "https://x.example/u", "img": "https://x.example/i"},
  {"startTime": 1.5, "title": "b", "url": "https://x.example/u", "img": "https://x.example/i",
   "endTime": 2},
  {"startTime": 3, "title": "c", "toc": false, "url": "https://x.example/u"},
  {"startTime": 4, "title": "d", "toc": false}
]})",
                                 ChapterFormat::youtube, diagnostics, 100000);
  REQUIRE(converted.bytes);
  // Sorted by place, then code; each kind once, counting its chapters.
  CHECK(codes_of(diagnostics) ==
        std::vector<std::string>{"chapters-title-not-carried", "youtube-too-few-chapters",
                                 "chapter-img-not-carried", "chapter-url-not-carried",
                                 "chapter-end-not-carried", "chapter-millis-not-carried",
                                 "youtube-chapter-too-short", "chapters-hidden-left-out"});
  for (const Diagnostic& d : diagnostics.sorted()) {
    if (d.code == "chapter-url-not-carried") CHECK(d.message.starts_with("the url of 2 chapters"));
    if (d.code == "chapters-hidden-left-out") CHECK(d.message.starts_with("2 chapters"));
  }
}

TEST_CASE("convert: platform checks, strictness and errors", "[chapters][convert]") {
  const std::string late = R"({"chapters": [{"startTime": 5, "title": "<late>"}]})";
  DiagnosticSink checked;
  REQUIRE(convert(late, ChapterFormat::json, checked, std::nullopt,
                  {"youtube", "apple", "webvtt", "json"})
              .bytes);
  CHECK(codes_of(checked) ==
        std::vector<std::string>{"apple-too-few-chapters", "vtt-last-cue-estimated",
                                 "youtube-too-few-chapters", "apple-first-not-zero",
                                 "youtube-angle-brackets", "youtube-first-not-zero"});
  // A writer's own rules are not checked twice.
  DiagnosticSink once;
  REQUIRE(convert(late, ChapterFormat::youtube, once, std::nullopt, {"youtube"}).bytes);
  CHECK(codes_of(once) == std::vector<std::string>{"youtube-too-few-chapters",
                                                   "youtube-angle-brackets",
                                                   "youtube-first-not-zero"});
  DiagnosticSink strict;
  strict.set_strict(true);
  CHECK_FALSE(convert(late, ChapterFormat::youtube, strict).bytes);
  DiagnosticSink broken;
  const auto nothing = convert("{", ChapterFormat::webvtt, broken);
  CHECK_FALSE(nothing.bytes);
  CHECK(nothing.from == ChapterFormat::json);
  DiagnosticSink empty;
  const auto none = convert(R"({"chapters": []})", ChapterFormat::webvtt, empty);
  CHECK(none.bytes == "WEBVTT\n");
  CHECK(codes_of(empty) == std::vector<std::string>{"chapter-file-empty"});
}

TEST_CASE("convert: the command line", "[chapters][convert][cli]") {
  TempDir dir("castmap-chapters-cli");
  const fs::path sample = fs::path(CASTMAP_SOURCE_DIR) / "tests/chapters/data/sample.json";
  const fs::path vtt = dir.path() / "out.vtt";
  std::string out, err;
  const auto castmap = [&](std::vector<std::string> arguments) {
    arguments.insert(arguments.begin(), {CASTMAP_BINARY, "chapters", "convert"});
    return run_program(arguments, &out, &err);
  };

  // The format from the output's name; atomically replaced, keeping the file's mode.
  write_file(vtt, "old");
  ::chmod(vtt.c_str(), 0640);
  CHECK(castmap({sample.string(), "-o", vtt.string(), "--duration", "1:06:40"}) == 0);
  CHECK(read_bytes(vtt) ==
        read_bytes(fs::path(CASTMAP_SOURCE_DIR) / "tests/chapters/expected/sample.vtt"));
  struct stat status {};
  ::stat(vtt.c_str(), &status);
  CHECK((status.st_mode & 0777) == 0640);
  CHECK(err.find("chapters-hidden-left-out") != std::string::npos);
  CHECK(err.find("0 errors, 0 warnings") != std::string::npos);
  for (const auto& entry : fs::directory_iterator(dir.path()))
    CHECK(entry.path().filename() == "out.vtt");  // no temporary file left

  // Standard output, JSON diagnostics.
  CHECK(castmap({vtt.string(), "--to", "ffmeta", "--format", "json"}) == 0);
  CHECK(out.starts_with(";FFMETADATA1\n[CHAPTER]\n"));
  CHECK(err.find("\"summary\":true") != std::string::npos);

  // Usage errors: 2, and nothing written.
  CHECK(castmap({sample.string()}) == 2);
  CHECK(castmap({sample.string(), "-o", (dir.path() / "x.txt").string()}) == 2);
  CHECK(castmap({sample.string(), "--to", "srt"}) == 2);
  CHECK(castmap({sample.string(), "--to", "vtt", "--duration", "soon"}) == 2);
  CHECK(castmap({sample.string(), "--to", "vtt", "--check", "spotify"}) == 2);
  CHECK_FALSE(fs::exists(dir.path() / "x.txt"));

  // Content errors: 1, and an existing output is left alone.
  const fs::path bad = dir.path() / "bad.json";
  write_file(bad, "{\"chapters\": [}");
  CHECK(castmap({bad.string(), "-o", vtt.string()}) == 1);
  CHECK(err.find(bad.string() + ":1:15: error: invalid JSON") != std::string::npos);
  CHECK(read_bytes(vtt).starts_with("WEBVTT\n"));
  CHECK(castmap({sample.string(), "--to", "youtube", "--strict"}) == 1);
  CHECK(out.empty());

  // I/O errors: 3.
  CHECK(castmap({(dir.path() / "missing.json").string(), "--to", "vtt"}) == 3);
  CHECK(castmap({sample.string(), "-o", (dir.path() / "no/such/folder/x.vtt").string()}) == 3);
  CHECK(castmap({dir.path().string(), "--to", "vtt"}) == 3);
}

TEST_CASE("convert: standard input", "[chapters][convert][cli]") {
  TempDir dir("castmap-chapters-stdin");
  const fs::path in = dir.path() / "in.txt";
  write_file(in, "0:00 Intro\n0:30 Part two\n1:00 End\n");
  const std::string command = std::string(CASTMAP_BINARY) + " chapters convert - --to json < " +
                              in.string() + " > " + (dir.path() / "out.json").string() + " 2> " +
                              (dir.path() / "err.txt").string();
  CHECK(run_program({"sh", "-c", command}) == 0);
  DiagnosticSink diagnostics;
  const auto list = read_json_chapters(read_bytes(dir.path() / "out.json"), "out", diagnostics);
  REQUIRE(list);
  CHECK(list->chapters.size() == 3);
  CHECK(read_bytes(dir.path() / "err.txt").find("<stdin> (youtube, 3 chapters)") !=
        std::string::npos);
}
