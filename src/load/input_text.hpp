// Makes raw file bytes safe to hand to a parser: ill-formed UTF-8 becomes U+FFFD and control
// characters YAML/JSON/XML cannot carry are dropped, with one warning per kind of problem
// pointing at its first occurrence.
#pragma once

#include <string>
#include <string_view>

#include "src/model/diagnostics.hpp"

namespace castmap {

/// Returns `bytes` unchanged when it is clean (the common case, no copy); otherwise cleans it
/// into `storage`, returns a view of it and reports `invalid-utf8` and/or `control-character`
/// warnings at the first offending byte's file line and column.
std::string_view clean_input(std::string_view bytes, std::string_view path,
                             DiagnosticSink& diagnostics, std::string& storage);

/// 1-based line and byte column of `offset` in `text`.
SourceLocation location_of_offset(std::string_view text, std::size_t offset, std::string_view path);

}  // namespace castmap
