// Lines and positions in a chapter file's text, for the line-based readers and for pointing
// diagnostics at line:column (1-based, in bytes). LF, CRLF and a lone CR all end a line, as
// WebVTT, ffmpeg and text editors count them.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "src/model/source_location.hpp"

namespace castmap {

/// The length of a UTF-8 byte order mark at the start of `text` (0 or 3).
std::size_t bom_length(std::string_view text);

/// Line and column of byte offsets in a text (for parsers that report offsets).
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  /// The position of byte `offset` (clamped to the end of the text).
  FieldPosition at(std::size_t offset) const;

 private:
  std::vector<std::size_t> line_starts_;
  std::size_t size_ = 0;
};

struct TextLine {
  std::string_view text;  ///< without its line ending
  int number = 0;         ///< 1-based
  std::size_t offset = 0;
  FieldPosition position(std::size_t column_offset = 0) const {
    return {number, static_cast<int>(column_offset) + 1};
  }
};

/// Reads a text line by line, after a byte order mark if there is one.
class LineReader {
 public:
  explicit LineReader(std::string_view text) : text_(text), at_(bom_length(text)) {}
  /// The next line; false at the end of the text (a final line ending adds no empty line).
  bool next(TextLine& line);

 private:
  std::string_view text_;
  std::size_t at_;
  int number_ = 0;
};

}  // namespace castmap
