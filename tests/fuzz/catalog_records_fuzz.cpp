// libFuzzer entry point: feeds the same arbitrary bytes to the show, person (front matter) and
// technology parsers, and the records through the normalizer's cleaning of shows, people and
// technologies, to find crashes, hangs, leaks and undefined behaviour.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "src/load/catalog_records.hpp"
#include "src/normalize/normalizer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  castmap::DiagnosticSink diagnostics;
  castmap::LoaderLimits limits;
  limits.max_file_bytes = 1u << 20;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  castmap::Catalog catalog;
  if (auto show = castmap::parse_show(bytes, "shows/fuzz.md", "fuzz", limits, diagnostics))
    catalog.shows.push_back(std::move(*show));
  if (auto person =
          castmap::parse_person_front_matter(bytes, "people/fuzz.md", "fuzz", limits, diagnostics))
    catalog.people.push_back(std::move(*person));
  if (auto technology =
          castmap::parse_technology(bytes, "technologies/fuzz.md", "fuzz", limits, diagnostics))
    catalog.technologies.push_back(std::move(*technology));
  castmap::normalize(catalog, castmap::Config{}, diagnostics);
  for (const auto& diagnostic : diagnostics.sorted()) (void)castmap::format_text(diagnostic);
  return 0;
}
