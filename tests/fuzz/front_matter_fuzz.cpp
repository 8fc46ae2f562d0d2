// libFuzzer entry point: feeds arbitrary bytes to parse_episode (front matter splitting, input
// cleaning, the YAML shape pre-scan, yaml-cpp and every typed field read) to find crashes,
// hangs, leaks and undefined behaviour.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "src/load/loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  castmap::DiagnosticSink diagnostics;
  castmap::LoaderLimits limits;
  limits.max_file_bytes = 1u << 20;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto episode = castmap::parse_episode(bytes, "videos/fuzz.md", limits, diagnostics);
  // Touch the results so the work cannot be optimized away and diagnostics get formatted.
  for (const auto& diagnostic : diagnostics.sorted()) (void)castmap::format_text(diagnostic);
  if (episode) (void)episode->location_of("title");
  return 0;
}
