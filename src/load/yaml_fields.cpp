// Typed front-matter reads. Booleans and floating-point numbers go through yaml-cpp's own
// YAML::convert (YAML 1.1/1.2 spellings), integers through std::from_chars (YAML 1.2's: yaml-cpp
// reads `010` as octal), dates and clock times through time_format.hpp.
#include "src/load/yaml_fields.hpp"

#include <charconv>
#include <cmath>
#include <limits>

#include <yaml-cpp/yaml.h>

#include "src/base/text.hpp"
#include "src/base/time_format.hpp"

namespace castmap {

namespace {

/// yaml-cpp's typed conversions work on nodes: a temporary one for the rare typed fields.
template <typename T>
bool decode_scalar(YamlRef value, T& out) {
  return YAML::convert<T>::decode(YAML::Node(std::string(value.Scalar())), out);
}

/// An integer as YAML 1.2's core schema writes it: decimal with an optional sign (leading zeros
/// are still decimal: `010` is 10, as js-yaml reads it, not yaml-cpp's octal 8), `0x` hex or
/// `0o` octal. Out of range for long long: nullopt.
std::optional<long long> parse_integer(std::string_view text) {
  const bool negative = !text.empty() && text.front() == '-';
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) text.remove_prefix(1);
  int base = 10;
  if (text.starts_with("0x") || text.starts_with("0o")) {
    base = text[1] == 'x' ? 16 : 8;
    text.remove_prefix(2);
    if (negative) return std::nullopt;  // YAML has no signed hex or octal
  }
  if (text.empty()) return std::nullopt;
  unsigned long long magnitude = 0;
  const auto [end, error] =
      std::from_chars(text.data(), text.data() + text.size(), magnitude, base);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  constexpr auto kMax = static_cast<unsigned long long>(std::numeric_limits<long long>::max());
  if (negative) {
    if (magnitude > kMax + 1) return std::nullopt;
    return magnitude == kMax + 1 ? std::numeric_limits<long long>::min()
                                 : -static_cast<long long>(magnitude);
  }
  if (magnitude > kMax) return std::nullopt;
  return static_cast<long long>(magnitude);
}

std::string scalar_text(YamlRef value) {
  return fix_yaml_latin1_escapes(std::string(value.Scalar()));
}

}  // namespace

YamlFields::YamlFields(std::string_view path, int yaml_first_line, DiagnosticSink& diagnostics)
    : path_(path), yaml_first_line_(yaml_first_line), diagnostics_(diagnostics) {}

FieldPosition file_position(int yaml_line, int yaml_column, int yaml_first_line) {
  if (yaml_line < 0) return {yaml_first_line - 1, 1};
  return {yaml_line + yaml_first_line, yaml_column + 1};
}

FieldPosition YamlFields::position(YamlRef node) const {
  return file_position(node.line(), node.column(), yaml_first_line_);
}

SourceLocation YamlFields::location(YamlRef node) const {
  FieldPosition p = position(node);
  return {path_, p.line, p.column};
}

FieldPosition YamlFields::value_position(YamlRef key, YamlRef value) const {
  return position(value.IsScalar() ? value : key);
}

void YamlFields::note(YamlRef at, std::string code, std::string message) const {
  diagnostics_.note(location(at), std::move(code), std::move(message));
}

void YamlFields::warning(YamlRef at, std::string code, std::string message) const {
  diagnostics_.warning(location(at), std::move(code), std::move(message));
}

void YamlFields::error(YamlRef at, std::string code, std::string message) const {
  diagnostics_.error(location(at), std::move(code), std::move(message));
}

std::string_view YamlFields::kind_name(YamlRef node) {
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a map";
  if (node.IsNull()) return "nothing";
  return "a value";
}

std::string YamlFields::quoted(std::string_view value) {
  return "'" + truncate_chars(collapse_whitespace(value), 60) + "'";
}

std::optional<std::string> YamlFields::text(YamlRef value, std::string_view field,
                                            Requirement requirement) const {
  if (value.IsScalar()) return scalar_text(value);
  if (value.IsNull()) return std::nullopt;
  std::string message =
      std::string(field) + " must be a single value, not " + std::string(kind_name(value));
  if (requirement == Requirement::required) {
    error(value, "invalid-type", std::move(message));
  } else {
    warning(value, "invalid-type", std::move(message) + "; ignored");
  }
  return std::nullopt;
}

std::vector<std::string> YamlFields::text_list(YamlRef value, std::string_view field,
                                               FieldPositions* positions) const {
  std::vector<std::string> items;
  auto add = [&](YamlRef item) {
    if (positions)
      positions->insert_or_assign(std::string(field) + '[' + std::to_string(items.size()) + ']',
                                  position(item));
    items.push_back(scalar_text(item));
  };
  if (value.IsScalar()) {
    add(value);
  } else if (value.IsSequence()) {
    items.reserve(value.size());
    for (YamlRef item : value.items()) {
      if (item.IsScalar()) {
        add(item);
      } else if (!item.IsNull()) {
        warning(item, "invalid-type",
                "items of " + std::string(field) + " must be single values, not " +
                    std::string(kind_name(item)) + "; item ignored");
      }
    }
  } else if (value.IsMap()) {
    warning(value, "invalid-type", std::string(field) + " must be a list, not a map; ignored");
  }
  return items;
}

std::optional<long long> YamlFields::integer(YamlRef value, std::string_view field, long long min,
                                             long long max) const {
  if (value.IsNull()) return std::nullopt;
  if (value.IsScalar()) {
    const auto number = parse_integer(value.Scalar());
    if (number && *number >= min && *number <= max) return number;
  }
  std::string got = value.IsScalar() ? quoted(value.Scalar()) : std::string(kind_name(value));
  warning(value, "invalid-type",
          std::string(field) + " must be an integer from " + std::to_string(min) + " to " +
              std::to_string(max) + ", got " + got + "; ignored");
  return std::nullopt;
}

std::optional<bool> YamlFields::boolean(YamlRef value, std::string_view field) const {
  if (value.IsNull()) return std::nullopt;
  bool flag = false;
  if (value.IsScalar() && decode_scalar(value, flag)) {
    const std::string_view text = value.Scalar();
    const bool yaml_1_2 = text == "true" || text == "True" || text == "TRUE" || text == "false" ||
                          text == "False" || text == "FALSE";
    if (!yaml_1_2)
      warning(value, "boolean-spelling",
              std::string(field) + " " + quoted(text) + " is read as " + (flag ? "true" : "false") +
                  "; write " + (flag ? "true" : "false") + " (YAML 1.2 tools read " + quoted(text) +
                  " as text)");
    return flag;
  }
  std::string got = value.IsScalar() ? quoted(value.Scalar()) : std::string(kind_name(value));
  warning(value, "invalid-type",
          std::string(field) + " must be true or false, got " + got + "; ignored");
  return std::nullopt;
}

std::optional<double> YamlFields::seconds(YamlRef value) {
  if (!value.IsScalar()) return std::nullopt;
  if (auto clock = parse_clock_seconds(value.Scalar())) return clock;
  // A plain (unquoted) YAML number such as -5 or 1e3: keep it as written.
  double number = 0;
  if (value.IsPlain() && decode_scalar(value, number) && std::isfinite(number)) return number;
  return std::nullopt;
}

}  // namespace castmap
