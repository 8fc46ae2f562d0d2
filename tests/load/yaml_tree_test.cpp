// Tests for YamlTree: node kinds, scalars, marks, anchors/aliases, duplicate keys and errors,
// plus a differential check that it matches YAML::Load node for node on many documents.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "src/load/front_matter.hpp"
#include "src/load/yaml_tree.hpp"
#include "tests/support/golden_support.hpp"

using namespace castmap;

namespace {

/// Compares a YamlTree node with the YAML::Load node for the same text: kind, scalar text,
/// plainness, mark and children in order. `budget` bounds the walk (aliases may form cycles).
void require_same(YamlRef ours, const YAML::Node& theirs, int& budget) {
  if (--budget < 0) return;
  INFO("node at " << ours.line() << ":" << ours.column());
  switch (theirs.Type()) {
    case YAML::NodeType::Null:
      REQUIRE(ours.IsNull());
      break;
    case YAML::NodeType::Scalar:
      REQUIRE(ours.IsScalar());
      REQUIRE(ours.Scalar() == theirs.Scalar());
      REQUIRE(ours.IsPlain() == (theirs.Tag() == "?"));
      break;
    case YAML::NodeType::Sequence:
      REQUIRE(ours.IsSequence());
      break;
    case YAML::NodeType::Map:
      REQUIRE(ours.IsMap());
      break;
    case YAML::NodeType::Undefined:
      FAIL("YAML::Load gave an undefined node");
  }
  REQUIRE(ours.line() == theirs.Mark().line);
  REQUIRE(ours.column() == theirs.Mark().column);
  REQUIRE(ours.size() == theirs.size());
  if (theirs.IsSequence()) {
    std::size_t i = 0;
    for (const auto& item : theirs) require_same(ours.child(i++), item, budget);
  } else if (theirs.IsMap()) {
    std::size_t i = 0;
    for (const auto& entry : theirs) {
      require_same(ours.key(i), entry.first, budget);
      require_same(ours.value(i), entry.second, budget);
      ++i;
    }
  }
}

/// Both parsers accept `yaml` and build the same tree, or both reject it at the same mark.
void require_same_as_load(const std::string& yaml) {
  INFO("yaml: " << yaml);
  YAML::Node loaded;
  std::optional<YAML::Mark> load_error;
  try {
    loaded = YAML::Load(yaml);
  } catch (const YAML::Exception& e) {
    load_error = e.mark;
  }
  try {
    YamlTree tree = parse_yaml_tree(yaml);
    REQUIRE_FALSE(load_error.has_value());
    int budget = 100000;
    require_same(tree.root(), loaded, budget);
  } catch (const YAML::Exception& e) {
    REQUIRE(load_error.has_value());
    CHECK(e.mark.line == load_error->line);
    CHECK(e.mark.column == load_error->column);
  }
}

}  // namespace

TEST_CASE("YamlTree reads maps, sequences and scalars in document order", "[yaml_tree]") {
  YamlTree tree = parse_yaml_tree("title: Hello\nlist: [a, 'b', \"c\"]\nnested:\n  k: v\n");
  YamlRef root = tree.root();
  REQUIRE(root.IsMap());
  REQUIRE(root.size() == 3);
  CHECK(root.key(0).Scalar() == "title");
  CHECK(root.value(0).Scalar() == "Hello");
  YamlRef list = root.value(1);
  REQUIRE(list.IsSequence());
  std::vector<std::string> items;
  for (YamlRef item : list.items()) items.emplace_back(item.Scalar());
  CHECK(items == std::vector<std::string>{"a", "b", "c"});
  CHECK(list.items().begin() != list.items().end());
  CHECK_FALSE(list.pairs().begin() != list.pairs().end());  // a list has no pairs
  YamlRef nested = *root.find("nested");
  REQUIRE(nested.IsMap());
  CHECK(nested.find("k")->Scalar() == "v");
  CHECK_FALSE(nested.find("missing").has_value());
  CHECK(root.Scalar().empty());
}

TEST_CASE("YamlTree marks plain scalars and nulls like YAML::Load", "[yaml_tree]") {
  YamlTree tree = parse_yaml_tree("a: 5\nb: '5'\nc: !!str 5\nd: ~\ne: null\nf:\ng: ''\nh: \"~\"\n");
  YamlRef root = tree.root();
  CHECK(root.value(0).IsPlain());
  CHECK_FALSE(root.value(1).IsPlain());  // quoted
  CHECK_FALSE(root.value(2).IsPlain());  // tagged
  CHECK(root.value(3).IsNull());
  CHECK(root.value(4).IsNull());
  CHECK(root.value(5).IsNull());  // empty value
  CHECK(root.value(6).IsScalar());
  CHECK(root.value(6).Scalar().empty());
  CHECK(root.value(7).IsScalar());  // a quoted ~ is text
  CHECK(root.value(7).Scalar() == "~");
}

TEST_CASE("YamlTree keeps yaml-cpp's 0-based marks", "[yaml_tree]") {
  YamlTree tree = parse_yaml_tree("id: x\nchapters:\n  - startTime: 0\n    title: Intro\n");
  YamlRef root = tree.root();
  CHECK(root.line() == 0);
  CHECK(root.column() == 0);
  YamlRef chapters = root.value(1);
  CHECK(chapters.line() == 2);
  CHECK(chapters.column() == 2);
  YamlRef chapter = chapters.child(0);
  CHECK(chapter.line() == 2);
  CHECK(chapter.column() == 4);
  CHECK(chapter.value(1).line() == 3);
  CHECK(chapter.value(1).column() == 11);
}

TEST_CASE("YamlTree keeps every pair of a map, duplicates included", "[yaml_tree]") {
  YamlTree tree = parse_yaml_tree("id: a\ntitle: one\nid: b\n");
  YamlRef root = tree.root();
  REQUIRE(root.size() == 3);
  std::vector<std::string> pairs;
  for (const auto& [key, value] : root.pairs())
    pairs.push_back(std::string(key.Scalar()) + "=" + std::string(value.Scalar()));
  CHECK(pairs == std::vector<std::string>{"id=a", "title=one", "id=b"});
  CHECK(root.find("id")->Scalar() == "a");  // the first one, as const YAML::Node[]
}

TEST_CASE("YamlTree aliases share the anchored node", "[yaml_tree]") {
  YamlTree tree = parse_yaml_tree("a: &x [1, 2]\nb: *x\nc: &y hi\nd: *y\ne: &x again\nf: *x\n");
  YamlRef root = tree.root();
  CHECK(root.value(1).index() == root.value(0).index());
  CHECK(root.value(1).size() == 2);
  CHECK(root.value(3).index() == root.value(2).index());
  CHECK(root.value(3).Scalar() == "hi");
  CHECK(root.value(5).Scalar() == "again");  // a redefined anchor refers to the newest node
  CHECK(root.value(5).index() == root.value(4).index());

  // An alias inside its own anchored collection makes a cycle, as in YAML::Load.
  YamlTree cycle = parse_yaml_tree("a: &s [*s]\n");
  YamlRef seq = cycle.root().value(0);
  CHECK(seq.child(0).index() == seq.index());

  CHECK_THROWS_AS(parse_yaml_tree("a: *unknown\n"), YAML::ParserException);
}

TEST_CASE("YamlTree gives a null root for empty documents", "[yaml_tree]") {
  for (const char* yaml : {"", "# only a comment\n", "---\n", "~\n"}) {
    INFO(yaml);
    YamlTree tree = parse_yaml_tree(yaml);
    CHECK(tree.root().IsNull());
    CHECK(tree.root().size() == 0);
  }
  CHECK(parse_yaml_tree("").root().line() == -1);
  CHECK(parse_yaml_tree("just text\n").root().IsScalar());
}

TEST_CASE("YamlTree reports syntax errors at yaml-cpp's mark", "[yaml_tree]") {
  try {
    parse_yaml_tree("id: a\nt: b: c\n");
    FAIL("no exception");
  } catch (const YAML::ParserException& e) {
    CHECK(e.mark.line == 1);
    CHECK(e.mark.column == 4);  // at the second ": " (the front matter test sees 3:5)
  }
}

TEST_CASE("YamlTree matches YAML::Load node for node", "[yaml_tree]") {
  const std::vector<std::string> documents = {
      "",
      "a: 1\n",
      "- a\n- [b, {c: d}]\n- ? complex\n  : key\n",
      "{a: b, c: [1, 2, ~], d: {}}\n",
      "? [x, y]\n: list key\n? {m: n}\n: map key\n",
      "text: |\n  line one\n  line two\nfolded: >-\n  a\n  b\n",
      "q: \"esc \\u00e9 \\x41 \\t\"\ns: 'it''s'\n",
      "a: &a {x: 1}\nb: *a\nc: [*a, *a]\n",
      "!!map {a: !!str 1, b: !custom x}\n",
      "a:\n  - b:\n      - c: [d, e]\n",
      "key: value\n--- second document\n",
      "a: [b\n",
      "a: b: c\n",
      "- a\nb: c\n",
      "a: *nope\n",
      "x: \"unterminated\n",
      "duplicate: 1\nduplicate: 2\n",
      ": no key\n",
      "empty seq: []\nempty map: {}\nnulls: [~, null, , ]\n",
  };
  for (const auto& yaml : documents) require_same_as_load(yaml);
}

TEST_CASE("YamlTree matches YAML::Load on the fuzz seeds and the corpus", "[yaml_tree]") {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  for (const auto& entry :
       fs::directory_iterator(CASTMAP_SOURCE_DIR "/tests/fuzz/seeds/front_matter"))
    files.push_back(entry.path());
  const fs::path corpus = CASTMAP_SOURCE_DIR "/../shared/corpus/rawkode-academy";
  if (fs::exists(corpus)) {
    for (const auto& entry : fs::recursive_directory_iterator(corpus))
      if (entry.is_regular_file() && entry.path().extension() == ".md")
        files.push_back(entry.path());
  } else {
    WARN("corpus not found at " << corpus << "; checking the fuzz seeds only");
  }
  REQUIRE(files.size() >= 5);
  for (const auto& file : files) {
    INFO(file.string());
    const std::string text = testing::read_file(file);
    FrontMatterSplit split = split_front_matter(text);
    require_same_as_load(std::string(split.status == FrontMatterStatus::ok ? split.yaml : text));
  }
}
