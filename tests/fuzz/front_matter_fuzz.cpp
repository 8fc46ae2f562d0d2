// libFuzzer entry point: feeds arbitrary bytes to parse_episode (front matter splitting, input
// cleaning, the YAML shape pre-scan, yaml-cpp, merge and duplicate keys, every typed field read)
// and then, as the loader does, to clean_episode (text cleaning, identifiers, value sets, media
// facts, chapter repair) to find crashes, hangs, leaks and undefined behaviour.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "src/load/loader.hpp"
#include "src/normalize/episode_normalizer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  castmap::DiagnosticSink diagnostics;
  castmap::LoaderLimits limits;
  limits.max_file_bytes = 1u << 20;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto episode = castmap::parse_episode(bytes, "videos/fuzz.md", limits, diagnostics);
  if (episode) castmap::clean_episode(*episode, diagnostics);
  // Touch the results so the work cannot be optimized away and diagnostics get formatted.
  for (const auto& diagnostic : diagnostics.sorted()) (void)castmap::format_text(diagnostic);
  if (episode) (void)episode->location_of("title");
  return 0;
}
