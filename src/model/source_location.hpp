// A place in an input file (path relative to the content root, 1-based line and column),
// used by every diagnostic so users can jump straight to the offending text.
#pragma once

#include <string>

namespace castmap {

/// Where something came from. line/column 0 means "the whole file".
struct SourceLocation {
  std::string path;  ///< relative to the content root, '/' separators
  int line = 0;      ///< 1-based; 0 = unknown
  int column = 0;    ///< 1-based, in bytes; 0 = unknown

  bool operator==(const SourceLocation&) const = default;
};

/// Line and column only, for recording where a front-matter field sits inside its file.
struct FieldPosition {
  int line = 0;
  int column = 0;

  bool operator==(const FieldPosition&) const = default;
};

}  // namespace castmap
