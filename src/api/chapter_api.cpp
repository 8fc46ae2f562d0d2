// convert_chapter_file(): `castmap chapters convert` without its file I/O (src/app's
// convert_chapters), with the public format names and diagnostics as values.
#include <castmap/chapters.hpp>

#include <string>
#include <utility>

#include "src/api/diagnostic_values.hpp"
#include "src/app/chapter_conversion.hpp"
#include "src/chapters/chapter_format.hpp"

namespace castmap {

namespace {

// The public enumerators are the internal ones, in the same order; these keep them so.
constexpr bool same_value(ChapterFileFormat outside, ChapterFormat inside) {
  return static_cast<int>(outside) == static_cast<int>(inside);
}
static_assert(same_value(ChapterFileFormat::json, ChapterFormat::json) &&
              same_value(ChapterFileFormat::webvtt, ChapterFormat::webvtt) &&
              same_value(ChapterFileFormat::psc, ChapterFormat::psc) &&
              same_value(ChapterFileFormat::ffmetadata, ChapterFormat::ffmetadata) &&
              same_value(ChapterFileFormat::matroska, ChapterFormat::matroska) &&
              same_value(ChapterFileFormat::mp4chaps, ChapterFormat::mp4chaps) &&
              same_value(ChapterFileFormat::youtube, ChapterFormat::youtube) &&
              kChapterFormats.size() == 7);

ChapterFormat internal_format(ChapterFileFormat format) {
  return static_cast<ChapterFormat>(static_cast<int>(format));
}

ChapterFileFormat public_format(ChapterFormat format) {
  return static_cast<ChapterFileFormat>(static_cast<int>(format));
}

}  // namespace

}  // namespace castmap

CASTMAP_BEGIN_NAMESPACE

std::string_view chapter_format_name(ChapterFileFormat format) {
  return format_name(internal_format(format));
}

std::optional<ChapterFileFormat> chapter_format_named(std::string_view name) {
  const std::optional<ChapterFormat> format = parse_format_name(name);
  if (!format) return std::nullopt;
  return public_format(*format);
}

ChapterResult convert_chapter_file(std::string_view bytes, ChapterFileFormat to,
                                   const ChapterOptions& options) {
  ChapterConversion conversion;
  conversion.to = internal_format(to);
  if (options.from) conversion.from = internal_format(*options.from);
  conversion.duration_ms = options.duration_ms;
  if (options.check_youtube) conversion.checks.emplace_back("youtube");
  if (options.check_apple) conversion.checks.emplace_back("apple");
  if (options.check_webvtt) conversion.checks.emplace_back("webvtt");

  DiagnosticSink diagnostics;
  diagnostics.set_strict(options.strict);
  ConvertedChapters converted =
      convert_chapters(bytes, options.source_name, conversion, diagnostics);
  ChapterResult result;
  result.bytes = std::move(converted.bytes);  // nullopt after an error
  if (converted.from) result.from = public_format(*converted.from);
  result.chapters = converted.chapters;
  result.diagnostics = to_messages(diagnostics.sorted());
  return result;
}

CASTMAP_END_NAMESPACE
