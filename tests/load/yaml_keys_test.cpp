// Tests for the map-key rules applied after parsing: merge keys (`<<`) and duplicate keys in
// any map, on the tree itself and through every record parser (episodes, chapter items, shows,
// people, technologies).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "src/load/catalog_records.hpp"
#include "src/load/front_matter_document.hpp"
#include "src/load/loader.hpp"
#include "src/load/yaml_keys.hpp"

using namespace castmap;

namespace {

using Strings = std::vector<std::string>;

Strings summary(const DiagnosticSink& sink) {
  Strings out;
  for (const auto& d : sink.sorted())
    out.push_back(std::to_string(d.where.line) + ":" + std::to_string(d.where.column) + " " +
                  std::string(to_string(d.severity)) + " " + d.code);
  return out;
}

/// "key=value" for every scalar pair of a map, in order.
Strings pairs_of(YamlRef map) {
  Strings out;
  for (const YamlPair& pair : map.pairs())
    out.push_back(std::string(pair.key.Scalar()) + "=" +
                  (pair.value.IsScalar() ? std::string(pair.value.Scalar())
                                         : std::string(pair.value.IsMap() ? "{map}" : "{other}")));
  return out;
}

YamlRef value_of(YamlRef map, std::string_view key) {
  auto found = map.find(key);
  REQUIRE(found);
  return *found;
}

}  // namespace

TEST_CASE("apply_merge_keys expands << as YAML 1.1 defines it", "[yaml_keys]") {
  YamlTree tree = parse_yaml_tree(
      "base: &base {a: 1, b: 2}\n"
      "more: &more {b: 20, c: 30}\n"
      "one: {<<: *base, b: own}\n"                // own keys win over merged ones
      "list: &list {<<: [*base, *more], d: 4}\n"  // the earlier map of a list wins
      "chain: {<<: *list, e: 5}\n"                // merged maps are resolved first
      "inline: {<<: {x: 1}}\n"
      "quoted: {'<<': not a merge}\n");
  REQUIRE_FALSE(apply_merge_keys(tree, 1000));
  const YamlRef root = tree.root();
  CHECK(pairs_of(value_of(root, "one")) == Strings{"b=own", "a=1"});
  CHECK(pairs_of(value_of(root, "list")) == Strings{"d=4", "a=1", "b=2", "c=30"});
  CHECK(pairs_of(value_of(root, "chain")) == Strings{"e=5", "d=4", "a=1", "b=2", "c=30"});
  CHECK(pairs_of(value_of(root, "inline")) == Strings{"x=1"});
  CHECK(pairs_of(value_of(root, "quoted")) == Strings{"<<=not a merge"});
  CHECK(pairs_of(value_of(root, "base")) == Strings{"a=1", "b=2"});  // sources stay as written
}

TEST_CASE("apply_merge_keys refuses what it cannot merge", "[yaml_keys]") {
  auto issue_of = [](const std::string& yaml, std::size_t budget = 1000) {
    YamlTree tree = parse_yaml_tree(yaml);
    auto issue = apply_merge_keys(tree, budget);
    REQUIRE(issue);
    return std::make_pair(
        issue->kind, std::to_string(issue->at.line()) + ":" + std::to_string(issue->at.column()));
  };
  using Kind = YamlMergeIssue::Kind;
  CHECK(issue_of("a: {<<: text}\n") == std::make_pair(Kind::not_a_map, std::string("0:8")));
  CHECK(issue_of("x: &x 1\na: {<<: [*x]}\n") ==
        std::make_pair(Kind::not_a_map, std::string("0:3")));  // the alias's anchored node
  CHECK(issue_of("a: {<<: ~}\n").first == Kind::not_a_map);
  CHECK(issue_of("a: &a {<<: *a}\n").first == Kind::cycle);
  CHECK(issue_of("a: &a {k: 1}\nb: &b {<<: *a}\n", 1).first == Kind::too_large);
  // Without "<<" in the text nothing is even looked at.
  YamlTree plain = parse_yaml_tree("a: {b: 1}\n");
  CHECK_FALSE(apply_merge_keys(plain, 0));
}

TEST_CASE("apply_merge_keys follows long chains without recursion", "[yaml_keys]") {
  std::string yaml = "m0: &m0 {k0: 0}\n";
  for (int i = 1; i < 20000; ++i)
    yaml += "m" + std::to_string(i) + ": &m" + std::to_string(i) + " {<<: *m" +
            std::to_string(i - 1) + "}\n";
  YamlTree tree = parse_yaml_tree(yaml);
  REQUIRE_FALSE(apply_merge_keys(tree, 100000));
  CHECK(pairs_of(value_of(tree.root(), "m19999")) == Strings{"k0=0"});
}

TEST_CASE("drop_duplicate_keys keeps the first of every repeated key in every map", "[yaml_keys]") {
  std::string big = "big:\n";
  for (int i = 0; i < 40; ++i)
    big += "  k" + std::to_string(i % 30) + ": " + std::to_string(i) + "\n";
  YamlTree tree = parse_yaml_tree("a: 1\nb: 2\n'a': 3\nnested: {x: 1, x: 2, y: 3}\n" + big);
  Strings reported;
  drop_duplicate_keys(tree, [&](YamlRef key) {
    reported.push_back(std::string(key.Scalar()) + "@" + std::to_string(key.line()));
  });
  CHECK(pairs_of(tree.root()) == Strings{"a=1", "b=2", "nested={map}", "big={map}"});
  CHECK(pairs_of(value_of(tree.root(), "nested")) == Strings{"x=1", "y=3"});
  const YamlRef big_map = value_of(tree.root(), "big");
  CHECK(big_map.size() == 30);
  CHECK(value_of(big_map, "k5").Scalar() == "5");
  REQUIRE(reported.size() == 12);
  CHECK(reported[0] == "a@2");
  CHECK(reported[1] == "x@3");
}

TEST_CASE("duplicate-key: reported in every map of every kind of file", "[loader]") {
  DiagnosticSink sink;
  auto episode = parse_episode(
      "---\n"
      "id: a\n"
      "unknown: 1\n"
      "unknown: 2\n"  // unknown keys too
      "id: b\n"
      "chapters:\n"
      "  - startTime: 0\n"
      "    title: First\n"
      "    title: Second\n"
      "    startTime: 99\n"
      "extra: {k: 1, k: 2}\n"
      "---\n",
      "videos/e.md", LoaderLimits{}, sink);
  REQUIRE(episode);
  CHECK(summary(sink) == Strings{"4:1 warning duplicate-key", "5:1 warning duplicate-key",
                                 "9:5 warning duplicate-key", "10:5 warning duplicate-key",
                                 "11:15 warning duplicate-key"});
  CHECK(episode->id == "a");
  REQUIRE(episode->chapters.size() == 1);
  CHECK(episode->chapters[0].title == "First");
  CHECK(episode->chapters[0].start_seconds == 0);
  CHECK(sink.sorted()[0].message ==
        "key 'unknown' appears again in the same map; the first "
        "value is used");

  DiagnosticSink show_sink;
  auto show = parse_show("---\nname: One\nname: Two\nhosts: [a]\nhosts: [b]\n---\n", "shows/s.md",
                         "s", LoaderLimits{}, show_sink);
  REQUIRE(show);
  CHECK(show->name == "One");
  CHECK(show->hosts == Strings{"a"});
  CHECK(summary(show_sink) == Strings{"3:1 warning duplicate-key", "5:1 warning duplicate-key"});

  DiagnosticSink person_sink;
  auto person = parse_person_front_matter("---\nname: Ada\nname: Bob\n---\n", "people/p.md", "p",
                                          LoaderLimits{}, person_sink);
  REQUIRE(person);
  CHECK(person->name == "Ada");
  CHECK(summary(person_sink) == Strings{"3:1 warning duplicate-key"});

  DiagnosticSink technology_sink;
  auto technology = parse_technology("---\nname: Rust\nname: Go\n---\n", "technologies/t.md", "t",
                                     LoaderLimits{}, technology_sink);
  REQUIRE(technology);
  CHECK(technology->name == "Rust");
  CHECK(summary(technology_sink) == Strings{"3:1 warning duplicate-key"});
}

TEST_CASE("merge keys work in front matter; bad ones are yaml-merge-invalid", "[loader]") {
  DiagnosticSink sink;
  auto episode = parse_episode(
      "---\n"
      "defaults: &defaults\n"
      "  show: klustered\n"
      "  duration: 3600\n"
      "  title: Default title\n"
      "<<: *defaults\n"
      "id: a\n"
      "title: Own title\n"
      "chapter: &chapter {startTime: 0, title: Intro}\n"
      "chapters:\n"
      "  - <<: *chapter\n"
      "  - {<<: *chapter, startTime: 60, title: Next}\n"
      "---\n",
      "videos/e.md", LoaderLimits{}, sink);
  REQUIRE(episode);
  CHECK(summary(sink) == Strings{});
  CHECK(episode->show_id == "klustered");
  CHECK(episode->duration_seconds == 3600);
  CHECK(episode->title == "Own title");
  CHECK(episode->positions.at("show").line == 3);  // where the merged value is written
  REQUIRE(episode->chapters.size() == 2);
  CHECK(episode->chapters[0].title == "Intro");
  CHECK(episode->chapters[1].start_seconds == 60);

  auto rejected = [](const std::string& text, LoaderLimits limits = LoaderLimits{}) {
    DiagnosticSink bad;
    auto e = parse_episode(text, "videos/e.md", limits, bad);
    CHECK_FALSE(e);
    return summary(bad);
  };
  CHECK(rejected("---\nid: a\n<<: [1, 2]\n---\n") == Strings{"3:6 error yaml-merge-invalid"});
  CHECK(rejected("---\nid: a\nx: &x {<<: *x}\n---\n") == Strings{"3:4 error yaml-merge-invalid"});
  LoaderLimits few;
  few.max_yaml_nodes = 40;
  CHECK(rejected("---\na: &a {k1: 1, k2: 2, k3: 3, k4: 4}\nb: &b {<<: *a, l: 1}\n"
                 "c: &c {<<: *b, m: 1}\nd: &d {<<: *c, n: 1}\ne: {<<: *d, o: 1}\n---\n",
                 few) == Strings{"6:4 error yaml-too-large"});
}
