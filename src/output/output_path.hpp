// Validation of the relative paths exporters hand to the output writer, and splitting them into
// folder and file name. A bad path is an exporter bug, so it is reported as an exception.
#pragma once

#include <string_view>

namespace castmap {

/// Throws std::invalid_argument naming `path` and the rule it breaks: it must be non-empty and
/// relative, '/'-separated, without empty, `.` or `..` components, backslashes, control
/// characters (NUL, TAB, newline, ...), or components starting with `.castmap` (reserved for
/// the writer's own files).
void validate_output_path(std::string_view path);

struct OutputPathParts {
  std::string_view folder;  ///< "" for files directly in the output folder
  std::string_view name;
};

/// "a/b/c.xml" -> {"a/b", "c.xml"}; "c.xml" -> {"", "c.xml"}. Expects a validated path.
OutputPathParts split_output_path(std::string_view path);

/// "a/b" -> "a"; "a" -> "" (the output root). Expects a validated, non-empty folder.
std::string_view parent_folder(std::string_view folder);

}  // namespace castmap
