// Matroska chapters XML reader and writer.
#include <catch2/catch.hpp>

#include "src/chapters/matroska.hpp"
#include "tests/chapters/chapter_test_support.hpp"

using namespace castmap;
using namespace castmap::testing;

namespace {
std::optional<ChapterList> read(std::string_view text, DiagnosticSink& diagnostics) {
  return read_matroska_chapters(text, "c.xml", diagnostics);
}
}  // namespace

TEST_CASE("matroska: reads what mkvextract writes", "[chapters][matroska]") {
  DiagnosticSink diagnostics;
  // mkvextract's own output: a byte order mark, the commented DOCTYPE, UIDs, IETF languages.
  const auto list = read(
      "\xEF\xBB\xBF<?xml version=\"1.0\"?>\n"
      "<!-- <!DOCTYPE Chapters SYSTEM \"matroskachapters.dtd\"> -->\n<Chapters>\n"
      "  <EditionEntry>\n    <EditionUID>6664652266305529755</EditionUID>\n"
      "    <ChapterAtom>\n      <ChapterTimeStart>00:00:00.000000000</ChapterTimeStart>\n"
      "      <ChapterTimeEnd>00:01:35.500000000</ChapterTimeEnd>\n"
      "      <ChapterUID>7807700971153996160</ChapterUID>\n      <ChapterDisplay>\n"
      "        <ChapterString>  lead and trail  </ChapterString>\n"
      "        <ChapterLanguage>und</ChapterLanguage>\n"
      "        <ChapLanguageIETF>und</ChapLanguageIETF>\n      </ChapterDisplay>\n"
      "    </ChapterAtom>\n    <ChapterAtom>\n"
      "      <ChapterTimeStart>00:01:35.500000400</ChapterTimeStart>\n"
      "      <ChapterFlagHidden>1</ChapterFlagHidden>\n      <ChapterDisplay>\n"
      "        <ChapterString>a &lt;b&gt; &amp; 🦀</ChapterString>\n"
      "      </ChapterDisplay>\n    </ChapterAtom>\n  </EditionEntry>\n</Chapters>\n",
      diagnostics);
  REQUIRE(list);
  CHECK(codes_of(diagnostics) == std::vector<std::string>{"chapter-time-rounded"});
  REQUIRE(list->chapters.size() == 2);
  CHECK(list->chapters[0].title == "  lead and trail  ");
  CHECK(list->chapters[0].end_ms == 95500);
  CHECK(list->chapters[0].position == FieldPosition{6, 5});
  CHECK(list->chapters[1].start_ms == 95500);
  CHECK_FALSE(list->chapters[1].toc);
  CHECK(list->chapters[1].title == "a <b> & 🦀");
}

TEST_CASE("matroska: the default edition, flat chapters, enabled ones", "[chapters][matroska]") {
  DiagnosticSink diagnostics;
  const auto list = read(R"(<Chapters>
<EditionEntry><ChapterAtom><ChapterTimeStart>00:00:09.000</ChapterTimeStart></ChapterAtom></EditionEntry>
<EditionEntry><EditionFlagDefault>1</EditionFlagDefault>
  <ChapterAtom><ChapterTimeStart>00:00:01.000</ChapterTimeStart>
    <ChapterDisplay><ChapterString>one</ChapterString></ChapterDisplay>
    <ChapterDisplay><ChapterString>eins</ChapterString></ChapterDisplay>
    <ChapterAtom><ChapterTimeStart>00:00:01.500</ChapterTimeStart></ChapterAtom>
  </ChapterAtom>
  <ChapterAtom><ChapterFlagEnabled>0</ChapterFlagEnabled><ChapterTimeStart>00:00:02.000</ChapterTimeStart></ChapterAtom>
  <ChapterAtom><ChapterDisplay><ChapterString>no start</ChapterString></ChapterDisplay></ChapterAtom>
  <ChapterAtom><ChapterTimeStart>1:2</ChapterTimeStart></ChapterAtom>
  <ChapterAtom><ChapterTimeStart>00:00:03.000</ChapterTimeStart><ChapterTimeEnd>soon</ChapterTimeEnd></ChapterAtom>
</EditionEntry></Chapters>)",
                         diagnostics);
  REQUIRE(list);
  REQUIRE(list->chapters.size() == 2);
  CHECK(list->chapters[0].title == "one");
  CHECK(list->chapters[0].start_ms == 1000);
  CHECK(list->chapters[1].start_ms == 3000);
  CHECK_FALSE(list->chapters[1].end_ms);
  CHECK(codes_of(diagnostics) ==
        std::vector<std::string>{"chapter-file-field-ignored", "chapter-file-field-ignored",
                                 "chapter-file-field-ignored", "chapter-file-field-ignored",
                                 "chapter-start-invalid", "chapter-start-invalid", "invalid-type"});
  DiagnosticSink other;
  CHECK_FALSE(read("<Chapter/>", other));
  CHECK(codes_of(other) == std::vector<std::string>{"chapter-file-invalid"});
}

TEST_CASE("matroska: the writer keeps hidden chapters hidden and ends only when known",
          "[chapters][matroska]") {
  const auto rendered =
      write_list(list_of({entry(0, "a"), entry(1000, "b", false)}), write_matroska_chapters);
  CHECK(rendered.notes.empty());
  CHECK(rendered.bytes ==
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Chapters>\n  <EditionEntry>\n"
        "    <ChapterAtom>\n      <ChapterTimeStart>00:00:00.000000000</ChapterTimeStart>\n"
        "      <ChapterTimeEnd>00:00:01.000000000</ChapterTimeEnd>\n      <ChapterDisplay>\n"
        "        <ChapterString>a</ChapterString>\n"
        "        <ChapterLanguage>und</ChapterLanguage>\n      </ChapterDisplay>\n"
        "    </ChapterAtom>\n    <ChapterAtom>\n"
        "      <ChapterTimeStart>00:00:01.000000000</ChapterTimeStart>\n"
        "      <ChapterFlagHidden>1</ChapterFlagHidden>\n      <ChapterDisplay>\n"
        "        <ChapterString>b</ChapterString>\n"
        "        <ChapterLanguage>und</ChapterLanguage>\n      </ChapterDisplay>\n"
        "    </ChapterAtom>\n  </EditionEntry>\n</Chapters>\n");
}
