// libFuzzer entry point: feeds arbitrary bytes to parse_person_json (input cleaning and the SAX
// reading of src/load/json_object.cpp: numbers, escapes, repeated keys, nesting) to find
// crashes, escaping exceptions, hangs, leaks and undefined behaviour.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "src/load/catalog_records.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  castmap::DiagnosticSink diagnostics;
  castmap::LoaderLimits limits;
  limits.max_file_bytes = 1u << 20;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto person = castmap::parse_person_json(bytes, "people/fuzz.json", "fuzz", limits, diagnostics);
  for (const auto& diagnostic : diagnostics.sorted()) (void)castmap::format_text(diagnostic);
  if (person) (void)person->name.size();
  return 0;
}
