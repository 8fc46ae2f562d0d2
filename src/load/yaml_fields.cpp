// Typed front-matter reads. Conversions go through yaml-cpp's own YAML::convert (YAML 1.1/1.2
// number and boolean spellings) and time_format.hpp (dates, clock times).
#include "src/load/yaml_fields.hpp"

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
  long long number = 0;
  if (value.IsScalar() && decode_scalar(value, number) && number >= min && number <= max)
    return number;
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
