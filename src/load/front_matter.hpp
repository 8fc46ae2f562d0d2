// Splits a Markdown file into its YAML front matter and its body (pure text work, no YAML
// parsing), keeping track of the file line where the YAML starts so diagnostics can point at
// file lines.
#pragma once

#include <string_view>

namespace castmap {

enum class FrontMatterStatus {
  ok,            ///< `---` line, YAML, closing `---` or `...` line
  missing,       ///< the file does not start with a `---` line
  unterminated,  ///< no closing line after the opening `---`
};

struct FrontMatterSplit {
  FrontMatterStatus status = FrontMatterStatus::missing;
  std::string_view yaml;    ///< text between the delimiter lines (views into the input)
  std::string_view body;    ///< everything after the closing line
  int yaml_first_line = 2;  ///< 1-based file line of yaml's first line
  int bom_bytes = 0;        ///< 3 when the input starts with a UTF-8 byte order mark
};

/// Splits `text`. A leading UTF-8 BOM is skipped; CRLF line ends and trailing blanks after a
/// delimiter are tolerated. The returned views point into `text`.
FrontMatterSplit split_front_matter(std::string_view text);

}  // namespace castmap
