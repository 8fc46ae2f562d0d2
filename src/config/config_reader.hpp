// Checked reading of castmap.yaml's YAML: every mapping is walked key by key, unknown and
// repeated keys are reported, and each value is read as the type its key needs. Problems are
// `config-*` diagnostics located at the offending node; any error makes the file unusable.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "src/model/diagnostics.hpp"

namespace castmap {

class ConfigReader {
 public:
  ConfigReader(std::string path, DiagnosticSink& diagnostics)
      : path_(std::move(path)), diagnostics_(diagnostics) {}

  SourceLocation at(const YAML::Node& node) const;

  /// Error `'key' must be <expected>` (config-invalid).
  void invalid(const YAML::Node& node, const std::string& key, const std::string& expected);
  /// Error `key: <problem>` (config-invalid), for problems that say themselves what is wrong.
  void reject(const SourceLocation& where, const std::string& key, const std::string& problem);

  /// Calls handler(key, value) for each entry of `map`; reports keys not in `known` (an empty
  /// `known` accepts any key, as for show ids) and keys given twice (YAML forbids it, and which
  /// one wins would be yaml-cpp's choice).
  template <typename Handler>
  void each(const YAML::Node& map, const std::string& where, const std::set<std::string>& known,
            Handler handler) {
    if (!map || map.IsNull()) return;
    if (!map.IsMap()) {
      invalid(map, where.empty() ? "castmap.yaml" : where, "a mapping");
      return;
    }
    std::map<std::string, int> first_line;
    for (const auto& entry : map) {
      const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : std::string();
      const std::string full = where.empty() ? key : where + "." + key;
      if (!entry.first.IsScalar() || (!known.empty() && !known.contains(key))) {
        diagnostics_.warning(at(entry.first), "config-unknown-key", "unknown key '" + full + "'");
        continue;
      }
      if (auto [it, inserted] = first_line.emplace(key, at(entry.first).line); !inserted) {
        reject(at(entry.first), full,
               "given twice (first on line " + std::to_string(it->second) + ")");
        continue;
      }
      remember(full, entry.second);
      handler(key, entry.second);
    }
  }

  std::optional<std::string> text(const YAML::Node& node, const std::string& key);
  std::optional<bool> boolean(const YAML::Node& node, const std::string& key);
  std::optional<std::uint64_t> count(const YAML::Node& node, const std::string& key);

  /// Where the value of a key read by each() is, for checks made after the whole file is read
  /// (line 1 of the file when the key was not given).
  SourceLocation location_of(const std::string& full_key) const;
  bool has(const std::string& full_key) const { return locations_.contains(full_key); }

  bool ok() const { return ok_; }

 private:
  void remember(const std::string& full_key, const YAML::Node& value);

  std::string path_;
  DiagnosticSink& diagnostics_;
  std::map<std::string, SourceLocation> locations_;
  bool ok_ = true;
};

}  // namespace castmap
