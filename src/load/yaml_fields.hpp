// Typed reads of front-matter values from YamlTree nodes: each read either yields a value or
// reports (at the value's file line/column) why it could not, following the loader's policy
// in docs/loader.md. Also maps node marks to file positions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/load/yaml_tree.hpp"
#include "src/model/diagnostics.hpp"
#include "src/model/model.hpp"

namespace castmap {

/// How a value of the wrong kind (a list or map where a scalar belongs) is treated.
enum class Requirement {
  optional,  ///< warning `invalid-type`, the field is ignored
  required,  ///< error `invalid-type` (the record will be rejected)
};

/// Where a YAML position (0-based line and column, as yaml-cpp reports them; a negative line
/// when unknown) sits in the file whose YAML starts at file line `yaml_first_line`. Unknown
/// positions point at the opening `---` line.
FieldPosition file_position(int yaml_line, int yaml_column, int yaml_first_line);

class YamlFields {
 public:
  /// `yaml_first_line` is the file line of the YAML text's first line.
  YamlFields(std::string_view path, int yaml_first_line, DiagnosticSink& diagnostics);

  FieldPosition position(YamlRef node) const;
  SourceLocation location(YamlRef node) const;
  /// Where a key's value sits: the value for scalars, the key otherwise (null, list, map).
  FieldPosition value_position(YamlRef key, YamlRef value) const;

  void note(YamlRef at, std::string code, std::string message) const;
  void warning(YamlRef at, std::string code, std::string message) const;
  void error(YamlRef at, std::string code, std::string message) const;

  /// A scalar's text (`42` reads as "42"); nullopt without a report for null/empty values;
  /// nullopt with an `invalid-type` report for lists and maps.
  std::optional<std::string> text(YamlRef value, std::string_view field,
                                  Requirement requirement = Requirement::optional) const;

  /// A list of ids (`[a, b]` or a block list; a single scalar counts as a one-item list).
  /// Null items are skipped; list or map items are reported and skipped. Records
  /// `<field>[i]` positions (i = index in the returned list) when `positions` is given.
  std::vector<std::string> text_list(YamlRef value, std::string_view field,
                                     FieldPositions* positions) const;

  /// An integer within [min, max], in YAML 1.2's spellings (`42`, `+42`, `010` = 10, `0x2A`,
  /// `0o52`); anything else is reported (`invalid-type`) and ignored.
  std::optional<long long> integer(YamlRef value, std::string_view field, long long min,
                                   long long max) const;

  /// A boolean: `true`/`false` (also `True`, `FALSE`: YAML 1.2's spellings) silently; YAML
  /// 1.1's `yes`/`no`/`on`/`off`/`y`/`n` are read too, with a `boolean-spelling` warning (YAML
  /// 1.2 tools read them as text); anything else is reported (`invalid-type`) and ignored.
  std::optional<bool> boolean(YamlRef value, std::string_view field) const;

  /// Seconds from `3368`, `94.5`, `1:02:03`, `62:03` (parse_clock_seconds), or any finite plain
  /// YAML number (so `-5` stays -5 for the normalizer to judge). No report on failure.
  static std::optional<double> seconds(YamlRef value);

  /// `'value'` for messages: single-line, cut to a readable length.
  static std::string quoted(std::string_view value);

  /// "a list" / "a map" / "a value": what a node is, for messages.
  static std::string_view kind_name(YamlRef node);

 private:
  std::string path_;
  int yaml_first_line_;
  DiagnosticSink& diagnostics_;
};

}  // namespace castmap
