// The typed reads of ConfigReader; the messages name the full key (`site.podcast.explicit`).
#include "src/config/config_reader.hpp"

namespace castmap {

SourceLocation ConfigReader::at(const YAML::Node& node) const {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) return {path_, 1, 1};
  return {path_, mark.line + 1, mark.column + 1};
}

void ConfigReader::invalid(const YAML::Node& node, const std::string& key,
                           const std::string& expected) {
  diagnostics_.error(at(node), "config-invalid", "'" + key + "' must be " + expected);
  ok_ = false;
}

void ConfigReader::reject(const SourceLocation& where, const std::string& key,
                          const std::string& problem) {
  diagnostics_.error(where, "config-invalid", key + ": " + problem);
  ok_ = false;
}

std::optional<std::string> ConfigReader::text(const YAML::Node& node, const std::string& key) {
  if (node.IsNull()) return std::nullopt;
  if (!node.IsScalar()) {
    invalid(node, key, "a string");
    return std::nullopt;
  }
  return node.Scalar();
}

std::optional<bool> ConfigReader::boolean(const YAML::Node& node, const std::string& key) {
  bool value = false;
  if (node.IsScalar() && YAML::convert<bool>::decode(node, value)) return value;
  // Apple's pre-2023 vocabulary for itunes:explicit; the new one is true/false.
  const bool apple_clean = node.IsScalar() && node.Scalar() == "clean";
  invalid(node, key,
          apple_clean ? "true or false (Apple's old \"clean\" is false)" : "true or false");
  return std::nullopt;
}

std::optional<std::uint64_t> ConfigReader::count(const YAML::Node& node, const std::string& key) {
  std::uint64_t value = 0;
  const std::string& s = node.IsScalar() ? node.Scalar() : std::string();
  if (!s.empty() && s.find_first_not_of("0123456789") == std::string::npos &&
      YAML::convert<std::uint64_t>::decode(node, value) && value > 0)
    return value;
  invalid(node, key, "a positive integer");
  return std::nullopt;
}

SourceLocation ConfigReader::location_of(const std::string& full_key) const {
  auto it = locations_.find(full_key);
  return it == locations_.end() ? SourceLocation{path_, 1, 1} : it->second;
}

void ConfigReader::remember(const std::string& full_key, const YAML::Node& value) {
  locations_.insert_or_assign(full_key, at(value));
}

}  // namespace castmap
