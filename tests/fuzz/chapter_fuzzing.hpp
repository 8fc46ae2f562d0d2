// The body of every chapter reader's fuzz target: reads arbitrary bytes in one format (after
// detection ran on them too), and when they give a list, converts it as `castmap chapters
// convert` does (repair, notes, checks) into one of the formats, which castmap must read back
// without an error: the writers never produce a file the readers reject.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "src/app/chapter_conversion.hpp"
#include "src/chapters/chapter_files.hpp"

namespace castmap {

inline int fuzz_chapter_reader(const std::uint8_t* data, std::size_t size, ChapterFormat format) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)detect_chapter_format(bytes, "fuzz" + std::string(file_extension(format)));
  DiagnosticSink diagnostics;
  ChapterConversion conversion;
  conversion.from = format;
  // The target format and the options follow from the input, so the fuzzer explores them.
  conversion.to = kChapterFormats[size % kChapterFormats.size()];
  if (size % 2 == 0) conversion.duration_ms = static_cast<std::int64_t>(size) * 997;
  conversion.checks = {"youtube", "apple", "webvtt"};
  const ConvertedChapters converted = convert_chapters(bytes, "fuzz", conversion, diagnostics);
  for (const Diagnostic& d : diagnostics.sorted()) (void)format_text(d);
  if (!converted.bytes) return 0;
  DiagnosticSink reread;
  const auto back = read_chapter_file(*converted.bytes, "out", reread, conversion.to);
  if (!back || reread.error_count() > 0) __builtin_trap();
  return 0;
}

}  // namespace castmap
