// Tests that the config loader's key table (config_keys()) is the loader's own, and that
// schema/castmap.schema.json describes exactly those keys: a new castmap.yaml key without a
// schema entry (or a schema entry castmap would reject) fails here.
#include <yaml-cpp/yaml.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "src/config/config.hpp"
#include "tests/support/golden_support.hpp"

using namespace castmap;
namespace fs = std::filesystem;

namespace {

/// The property paths of a schema node, as config_keys() spells them: "shows.*" for the
/// entries of a mapping with arbitrary keys. Follows local "$ref"s into "$defs".
void collect_schema_keys(const nlohmann::json& root, const nlohmann::json& node,
                         const std::string& prefix, std::set<std::string>& keys) {
  if (node.contains("$ref")) {
    const std::string ref = node["$ref"];
    REQUIRE(ref.starts_with("#/$defs/"));
    collect_schema_keys(root, root["$defs"][ref.substr(8)], prefix, keys);
    return;
  }
  const auto child = [&](const std::string& name) {
    return prefix.empty() ? name : prefix + "." + name;
  };
  if (node.contains("properties")) {
    for (const auto& [name, value] : node["properties"].items()) {
      keys.insert(child(name));
      collect_schema_keys(root, value, child(name), keys);
    }
  }
  if (node.contains("additionalProperties") && node["additionalProperties"].is_object()) {
    keys.insert(child("*"));
    collect_schema_keys(root, node["additionalProperties"], child("*"), keys);
  }
}

/// The diagnostics load_config() reports for a castmap.yaml with the given text.
std::vector<Diagnostic> load_diagnostics(const std::string& yaml) {
  testing::TempDir tmp("castmap-config-keys");
  const fs::path file = tmp.path() / "castmap.yaml";
  testing::write_file(file, yaml);
  DiagnosticSink diagnostics;
  load_config(file, diagnostics);
  return diagnostics.sorted();
}

}  // namespace

TEST_CASE("the config loader knows every key of config_keys() and no other", "[config]") {
  const std::vector<std::string> keys = config_keys();
  REQUIRE(keys.size() > 40);
  // A castmap.yaml with every leaf key ("shows.*" becomes a show "any"): no key is unknown.
  YAML::Node document;
  for (const std::string& key : keys) {
    const bool is_leaf = std::none_of(keys.begin(), keys.end(), [&](const std::string& other) {
      return other.starts_with(key + ".");
    });
    if (!is_leaf) continue;
    std::vector<std::string> parts;
    for (std::size_t start = 0, dot; start <= key.size(); start = dot + 1) {
      dot = key.find('.', start);
      if (dot == std::string::npos) dot = key.size();
      parts.push_back(key.substr(start, dot - start) == "*" ? "any"
                                                            : key.substr(start, dot - start));
    }
    std::vector<YAML::Node> path{document};
    for (std::size_t i = 0; i + 1 < parts.size(); ++i) path.push_back(path.back()[parts[i]]);
    path.back()[parts.back()] = "1";
  }
  YAML::Emitter emitter;
  emitter << document;
  for (const Diagnostic& diagnostic : load_diagnostics(emitter.c_str()))
    CHECK(diagnostic.code != "config-unknown-key");

  // And a key that is not in the table is reported, at every level.
  for (const char* yaml : {"sites: {}\n", "site: {podcasts: {}}\n",
                           "shows: {any: {podcast: {owner: x}}}\n", "urls: {page: x}\n"}) {
    const std::vector<Diagnostic> diagnostics = load_diagnostics(yaml);
    REQUIRE(diagnostics.size() == 1);
    CHECK(diagnostics[0].code == "config-unknown-key");
  }
}

TEST_CASE("schema/castmap.schema.json describes exactly the keys castmap.yaml accepts",
          "[config]") {
  std::ifstream in(fs::path(CASTMAP_SOURCE_DIR) / "schema" / "castmap.schema.json");
  REQUIRE(in);
  const nlohmann::json schema = nlohmann::json::parse(in);
  std::set<std::string> in_schema;
  collect_schema_keys(schema, schema, "", in_schema);
  const std::vector<std::string> known = config_keys();
  const std::set<std::string> in_loader(known.begin(), known.end());
  for (const std::string& key : in_loader) {
    INFO("castmap.yaml key missing from schema/castmap.schema.json: " << key);
    CHECK(in_schema.contains(key));
  }
  for (const std::string& key : in_schema) {
    INFO("schema/castmap.schema.json has a key castmap.yaml does not accept: " << key);
    CHECK(in_loader.contains(key));
  }
}
