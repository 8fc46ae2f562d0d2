// Reads a small JSON file that must hold one object (a person file) through nlohmann-json's SAX
// interface, never its DOM: every problem (syntax, numbers out of range, a key repeated in any
// object, a root that is no object) becomes a located diagnostic and no exception escapes.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/model/diagnostics.hpp"
#include "src/model/source_location.hpp"

namespace castmap {

/// One member of the top-level object, in file order (repeated keys already dropped).
struct JsonMember {
  enum class Kind { null, scalar, array, object };
  std::string key;
  Kind kind = Kind::null;
  std::string text;        ///< scalars: strings as they are, numbers as written, true/false
  FieldPosition position;  ///< the key's opening quote
};

/// Parses `input` (valid UTF-8) as one JSON object and returns its top-level members, or
/// nullopt after reporting an error: `json-syntax` (where nlohmann-json stopped),
/// `json-number-out-of-range` (a number no double can hold, e.g. 1e400: the parser cannot go
/// on), `json-not-object`. A key repeated in any object of the file is a `duplicate-key`
/// warning at the repeat; the first value is kept.
std::optional<std::vector<JsonMember>> read_json_object(std::string_view input,
                                                        std::string_view path,
                                                        DiagnosticSink& diagnostics);

}  // namespace castmap
