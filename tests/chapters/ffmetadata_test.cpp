// FFMETADATA reader (ffmpeg's demuxer rules) and writer (ffmpeg's escaping).
#include <catch2/catch.hpp>

#include "src/chapters/ffmetadata.hpp"
#include "tests/chapters/chapter_test_support.hpp"

using namespace castmap;
using namespace castmap::testing;

namespace {
std::optional<ChapterList> read(std::string_view text, DiagnosticSink& diagnostics) {
  return read_ffmetadata(text, "c.ffmeta", diagnostics);
}
}  // namespace

TEST_CASE("ffmetadata: reads sections, time bases, escapes and comments",
          "[chapters][ffmetadata]") {
  DiagnosticSink diagnostics;
  const auto list = read(
      ";FFMETADATA1\r\nTITLE=Global \\= title\r\nartist=x\r\n# comment\r\n\r\n"
      "[CHAPTER]\r\nTIMEBASE=1/1000\r\nSTART=0\r\nEND=95500\r\ntitle=a\\=b\\;c\\#d\\\\e\r\n"
      "[STREAM]\r\ntitle=stream title\r\n"
      "[CHAPTER]\nSTART=95500000000\nEND=100000000000\n; a comment\ntitle=line\\\ntwo\n"
      "[CHAPTER]\nTIMEBASE=1/90000\nSTART=9000001\nEND=9090000\nTitle=ninety kHz\n",
      diagnostics);
  REQUIRE(list);
  CHECK(codes_of(diagnostics) == std::vector<std::string>{"chapter-time-rounded"});
  CHECK(list->title == "Global = title");
  REQUIRE(list->chapters.size() == 3);
  CHECK(list->chapters[0].title == "a=b;c#d\\e");
  CHECK(list->chapters[0].end_ms == 95500);
  CHECK(list->chapters[0].position == FieldPosition{6, 1});
  // No TIMEBASE: ffmpeg's default, nanoseconds.
  CHECK(list->chapters[1].start_ms == 95500);
  CHECK(list->chapters[1].end_ms == 100000);
  CHECK(list->chapters[1].title == "line\ntwo");
  CHECK(list->chapters[2].start_ms == 100000);  // 9000001 / 90000 s, to the nearest ms
  CHECK(list->chapters[2].end_ms == 101000);
  CHECK(list->chapters[2].title == "ninety kHz");
}

TEST_CASE("ffmetadata: chapters ffmpeg cannot place are dropped with a warning",
          "[chapters][ffmetadata]") {
  DiagnosticSink diagnostics;
  const auto list = read(
      ";FFMETADATA1\n[CHAPTER]\ntitle=no times\n[CHAPTER]\nTIMEBASE=1/0\nSTART=1\nEND=2\n"
      "[CHAPTER]\nTIMEBASE=1/1000\nSTART=99999999999999999999\nEND=1\n"
      "[CHAPTER]\nTIMEBASE=1/1000\nSTART=5\ntitle=lost, as in ffmpeg\n",
      diagnostics);
  REQUIRE(list);
  REQUIRE(list->chapters.size() == 1);
  CHECK(list->chapters[0].start_ms == 5);
  CHECK(list->chapters[0].title.empty());
  CHECK_FALSE(list->chapters[0].end_ms);
  CHECK(codes_of(diagnostics) ==
        std::vector<std::string>{"chapter-start-invalid", "chapter-start-invalid",
                                 "chapter-start-invalid", "chapter-file-malformed"});
  DiagnosticSink not_meta;
  CHECK_FALSE(read("FFMETADATA1\n", not_meta));
  CHECK(codes_of(not_meta) == std::vector<std::string>{"chapter-file-invalid"});
  DiagnosticSink bom;
  CHECK(read("\xEF\xBB\xBF;FFMETADATA1\n", bom));
  CHECK(codes_of(bom) == std::vector<std::string>{"chapter-file-malformed"});
}

TEST_CASE("ffmetadata: the writer escapes as ffmpeg does and leaves hidden chapters out",
          "[chapters][ffmetadata]") {
  ChapterList list =
      list_of({entry(0, "a=b;c#d\\e\nf\rg"), entry(1000, "hidden", false), entry(2000, "last")});
  list.title = "T;";
  const auto rendered = write_list(list, write_ffmetadata);
  CHECK(rendered.bytes ==
        ";FFMETADATA1\ntitle=T\\;\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=2000\n"
        "title=a\\=b\\;c\\#d\\\\e\\\nf\\\rg\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=2000\nEND=3000\n"
        "title=last\n");
  CHECK(codes_of(rendered.notes) == std::vector<std::string>{"ffmetadata-last-end-estimated"});
  DiagnosticSink diagnostics;
  const auto back = read(rendered.bytes, diagnostics);
  REQUIRE(back);
  CHECK(back->chapters[0].title == list.chapters[0].title);
  CHECK(back->title == "T;");
}
