// Tests for the loader's text layers: front matter splitting, the YAML shape pre-scan, input
// cleaning and the guarded front matter parse (every error it reports, with exact positions).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "src/load/front_matter.hpp"
#include "src/load/front_matter_document.hpp"
#include "src/load/input_text.hpp"
#include "src/load/yaml_shape.hpp"

using namespace castmap;

namespace {

/// "line:col severity code" for every diagnostic, sorted.
std::vector<std::string> summary(const DiagnosticSink& sink) {
  std::vector<std::string> out;
  for (const auto& d : sink.sorted())
    out.push_back(std::to_string(d.where.line) + ":" + std::to_string(d.where.column) + " " +
                  std::string(to_string(d.severity)) + " " + d.code);
  return out;
}

std::vector<std::string> document_diagnostics(std::string_view text,
                                              LoaderLimits limits = LoaderLimits{}) {
  DiagnosticSink sink;
  parse_front_matter_document(text, "f.md", limits, sink);
  return summary(sink);
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("split_front_matter finds YAML and body", "[loader]") {
  auto split = split_front_matter("---\na: 1\nb: 2\n---\nbody\ntext\n");
  REQUIRE(split.status == FrontMatterStatus::ok);
  CHECK(split.yaml == "a: 1\nb: 2\n");
  CHECK(split.body == "body\ntext\n");
  CHECK(split.yaml_first_line == 2);
  CHECK(split.bom_bytes == 0);
}

TEST_CASE("split_front_matter tolerates BOM, CRLF, trailing blanks and '...'", "[loader]") {
  auto bom = split_front_matter("\xEF\xBB\xBF---\r\na: 1\r\n---\r\nbody");
  REQUIRE(bom.status == FrontMatterStatus::ok);
  CHECK(bom.bom_bytes == 3);
  CHECK(bom.yaml == "a: 1\r\n");
  CHECK(bom.body == "body");

  auto dots = split_front_matter("--- \t\na: 1\n...  \n# body ---\n---\n");
  REQUIRE(dots.status == FrontMatterStatus::ok);
  CHECK(dots.yaml == "a: 1\n");
  CHECK(dots.body == "# body ---\n---\n");

  auto at_end = split_front_matter("---\na: 1\n---");
  REQUIRE(at_end.status == FrontMatterStatus::ok);
  CHECK(at_end.body.empty());

  auto empty = split_front_matter("---\n---\n");
  REQUIRE(empty.status == FrontMatterStatus::ok);
  CHECK(empty.yaml.empty());
}

TEST_CASE("split_front_matter reports missing and unterminated front matter", "[loader]") {
  CHECK(split_front_matter("").status == FrontMatterStatus::missing);
  CHECK(split_front_matter("a: 1\n---\n").status == FrontMatterStatus::missing);
  CHECK(split_front_matter("\n---\na: 1\n---\n").status == FrontMatterStatus::missing);
  CHECK(split_front_matter("----\na: 1\n---\n").status == FrontMatterStatus::missing);
  CHECK(split_front_matter("--- a\n---\n").status == FrontMatterStatus::missing);
  CHECK(split_front_matter("---").status == FrontMatterStatus::unterminated);
  CHECK(split_front_matter("---\na: 1\n").status == FrontMatterStatus::unterminated);
  CHECK(split_front_matter("---\na: 1\n----\n").status == FrontMatterStatus::unterminated);
  CHECK(split_front_matter("---\na: ---\n").status == FrontMatterStatus::unterminated);
}

TEST_CASE("check_yaml_shape accepts ordinary front matter", "[loader]") {
  const char* yaml =
      "id: a\n"
      "description: >-\n"
      "  text with [brackets] and - dashes\n"
      "    [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ inside a folded scalar\n"
      "title: 'it''s [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[['\n"
      "subtitle: a plain scalar\n"
      "  continued [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n"
      "technologies: [a, b, {c: d}]\n"
      "chapters:\n"
      "  - startTime: 0\n"
      "    title: \"x [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"\n"
      "  - startTime: 1\n"
      "    title: plain ] [ text: with [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n";
  CHECK_FALSE(check_yaml_shape(yaml, 32, 100000).has_value());
}

TEST_CASE("check_yaml_shape catches deep flow, block and compact nesting", "[loader]") {
  auto flow = check_yaml_shape("a: " + std::string(40, '['), 32, 100000);
  REQUIRE(flow);
  CHECK(flow->kind == YamlShapeIssue::Kind::too_deep);
  CHECK(flow->line == 0);
  CHECK(flow->column == 3 + 31);  // root map is level 1, the 32nd '[' is level 33

  std::string block;
  for (int i = 0; i < 40; ++i) block += std::string(static_cast<std::size_t>(i), ' ') + "k:\n";
  auto indented = check_yaml_shape(block, 32, 100000);
  REQUIRE(indented);
  CHECK(indented->kind == YamlShapeIssue::Kind::too_deep);
  CHECK(indented->line == 32);
  CHECK(indented->column == 32);

  std::string compact = "a:\n";
  for (int i = 0; i < 40; ++i) compact += "- ";
  compact += "x\n";
  auto dashes = check_yaml_shape(compact, 32, 100000);
  REQUIRE(dashes);
  CHECK(dashes->line == 1);

  // A document marker followed by content starts a new root node.
  auto marker = check_yaml_shape("--- " + std::string(40, '['), 32, 100000);
  REQUIRE(marker);
  CHECK(marker->line == 0);
  CHECK(marker->column == 4 + 31);

  // Multi-line flow collections keep counting across lines.
  std::string multi = "a: [\n";
  for (int i = 0; i < 40; ++i) multi += "[\n";
  auto spanning = check_yaml_shape(multi, 32, 100000);
  REQUIRE(spanning);
  CHECK(spanning->line == 31);  // line 0 already has the map and one bracket
}

TEST_CASE("check_yaml_shape estimates node counts", "[loader]") {
  std::string flat = "a: [";
  for (int i = 0; i < 200; ++i) flat += "x,";
  flat += "x]\n";
  auto issue = check_yaml_shape(flat, 32, 100);
  REQUIRE(issue);
  CHECK(issue->kind == YamlShapeIssue::Kind::too_many_nodes);
  CHECK_FALSE(check_yaml_shape(flat, 32, 1000).has_value());
}

TEST_CASE("clean_input leaves clean text alone and locates bad bytes", "[loader]") {
  std::string storage;
  DiagnosticSink clean_sink;
  std::string_view good = "caf\xC3\xA9\n";
  CHECK(clean_input(good, "f.md", clean_sink, storage).data() == good.data());
  CHECK(clean_sink.sorted().empty());

  DiagnosticSink sink;
  std::string bad = "ab\ncd\xFF\xFE x\x01y\n";
  CHECK(clean_input(bad, "f.md", sink, storage) == "ab\ncd\xEF\xBF\xBD\xEF\xBF\xBD xy\n");
  CHECK(summary(sink) == Strings{"2:3 warning invalid-utf8", "2:7 warning control-character"});

  DiagnosticSink control_first;
  std::string mixed = "\x02\n\xC3(\n";
  clean_input(mixed, "f.md", control_first, storage);
  CHECK(summary(control_first) ==
        Strings{"1:1 warning control-character", "2:1 warning invalid-utf8"});

  // A genuine U+FFFD before the bad byte must not be mistaken for it.
  DiagnosticSink replacement;
  std::string genuine = "\xEF\xBF\xBD\xEF\x41";
  clean_input(genuine, "f.md", replacement, storage);
  CHECK(summary(replacement) == Strings{"1:4 warning invalid-utf8"});
}

TEST_CASE("parse_front_matter_document reports every structural error", "[loader]") {
  CHECK(document_diagnostics("no front matter\n") == Strings{"1:1 error front-matter-missing"});
  CHECK(document_diagnostics("---\nid: a\n") == Strings{"1:1 error front-matter-unterminated"});
  CHECK(document_diagnostics("---\nid: a\ntitle: [x\n---\n") == Strings{"4:1 error yaml-syntax"});
  CHECK(document_diagnostics("---\nid: a\nt: b: c\n---\n") == Strings{"3:5 error yaml-syntax"});
  CHECK(document_diagnostics("---\n- a\n- b\n---\n") ==
        Strings{"2:1 error front-matter-not-mapping"});
  CHECK(document_diagnostics("---\njust text\n---\n") ==
        Strings{"2:1 error front-matter-not-mapping"});
  CHECK(document_diagnostics("---\nid: a\nx: " + std::string(100, '[') + "\n---\n") ==
        Strings{"3:35 error yaml-too-deep"});
  LoaderLimits small;
  small.max_file_bytes = 10;
  CHECK(document_diagnostics("---\nid: a\n---\n", small) == Strings{"0:0 error file-too-large"});
}

TEST_CASE("parse_front_matter_document counts aliases against the node budget", "[loader]") {
  std::string bomb =
      "---\n"
      "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
      "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
      "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
      "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
      "---\n";
  auto diagnostics = document_diagnostics(bomb);
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics[0].find("error yaml-too-large") != std::string::npos);

  LoaderLimits tiny;
  tiny.max_yaml_nodes = 5;
  CHECK(document_diagnostics("---\na: [1, 2, 3, 4, 5, 6]\n---\n", tiny) ==
        Strings{"2:12 error yaml-too-large"});  // pre-scan: at the comma that passes the limit
}

TEST_CASE("find_node_over_limit counts alias re-visits", "[loader]") {
  YamlTree doc = parse_yaml_tree("a: &a [1, 2]\nb: [*a, *a]\n");
  // root(1) + a(1) + [1,2](3) + b(1) + [*a,*a](1) + 2 x [1,2](6) = 13
  CHECK_FALSE(find_node_over_limit(doc.root(), 13).has_value());
  CHECK(find_node_over_limit(doc.root(), 12).has_value());
}

TEST_CASE("parse_front_matter_document keeps the body and accepts empty front matter", "[loader]") {
  DiagnosticSink sink;
  std::string body;
  auto doc = parse_front_matter_document("---\n---\n# Title\n\nText: [x\n", "f.md", LoaderLimits{},
                                         sink, &body);
  REQUIRE(doc);
  CHECK(doc->root().IsMap());
  CHECK(doc->root().size() == 0);
  CHECK(doc->root().line() == -1);
  CHECK(body == "# Title\n\nText: [x\n");
  CHECK(sink.sorted().empty());
}
