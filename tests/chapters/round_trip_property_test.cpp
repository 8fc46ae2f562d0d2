// Property test: random chapter lists written in one format, read back, written in another and
// read back keep every start to the millisecond and every title exactly, for every pair of
// formats, wherever both formats can carry them (capabilities_of).
#include <catch2/catch.hpp>

#include <random>

#include "src/chapters/chapter_files.hpp"
#include "src/chapters/chapter_format.hpp"
#include "tests/chapters/chapter_test_support.hpp"

using namespace castmap;
using namespace castmap::testing;

namespace {

/// What `format` keeps of `list`: the chapters it writes, titles as it can hold them.
ChapterList carried(ChapterList list, ChapterFormat format) {
  const FormatCapabilities can = capabilities_of(format);
  std::vector<ChapterEntry> kept;
  for (ChapterEntry& e : list.chapters) {
    if (!e.toc && !can.hidden_chapters) continue;
    if (!can.edge_spaces) {
      const std::size_t first = e.title.find_first_not_of(' ');
      e.title = e.title.substr(first, e.title.find_last_not_of(' ') - first + 1);
    }
    kept.push_back(std::move(e));
  }
  list.chapters = std::move(kept);
  return list;
}

/// Writes and reads `list` in `format`; fails the test on any error.
ChapterList through(const ChapterList& list, ChapterFormat format) {
  std::vector<ChapterView> storage;
  const RenderedChapters rendered = write_chapter_file(view_of(list, storage), format);
  DiagnosticSink diagnostics;
  std::optional<ChapterList> read = read_chapter_file(rendered.bytes, "x", diagnostics, format);
  INFO(rendered.bytes);
  for (const Diagnostic& d : diagnostics.sorted()) INFO(format_text(d));
  REQUIRE(read);
  REQUIRE(diagnostics.error_count() == 0);
  REQUIRE(diagnostics.warning_count() == 0);
  read->duration_ms = list.duration_ms;  // no format carries it; the caller knows it
  // The detected format must be the one written.
  CHECK(detect_chapter_format(rendered.bytes,
                              std::string("x") + std::string(file_extension(format))) == format);
  return *read;
}

void check_same(const ChapterList& expected, const ChapterList& actual, bool compare_toc) {
  REQUIRE(actual.chapters.size() == expected.chapters.size());
  for (std::size_t i = 0; i < expected.chapters.size(); ++i) {
    CAPTURE(i);
    CHECK(actual.chapters[i].start_ms == expected.chapters[i].start_ms);
    CHECK(actual.chapters[i].title == expected.chapters[i].title);
    if (compare_toc) CHECK(actual.chapters[i].toc == expected.chapters[i].toc);
  }
}

}  // namespace

TEST_CASE("random chapter lists round-trip through every pair of formats", "[chapters][property]") {
  for (const ChapterFormat a : kChapterFormats) {
    for (const ChapterFormat b : kChapterFormats) {
      const bool youtube = a == ChapterFormat::youtube || b == ChapterFormat::youtube;
      const bool toc = capabilities_of(a).hidden_chapters && capabilities_of(b).hidden_chapters;
      // A fixed seed per pair: failures reproduce; every pair sees other lists.
      std::mt19937 random(static_cast<unsigned>(static_cast<int>(a) * 7 + static_cast<int>(b)));
      for (int round = 0; round < 25; ++round) {
        CAPTURE(format_name(a), format_name(b), round);
        const ChapterList list = random_list(random, youtube);
        const ChapterList expected = carried(carried(list, a), b);
        const ChapterList once = through(list, a);
        check_same(carried(list, a), once, capabilities_of(a).hidden_chapters);
        check_same(expected, through(once, b), toc);
      }
    }
  }
}
