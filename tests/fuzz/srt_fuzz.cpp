// libFuzzer target: the SubRip transcript reader on arbitrary bytes, then the WebVTT it converts
// to, which castmap's own WebVTT reader must take without an error, with a cue for every cue
// with text (at most one per SubRip cue): the converter never writes a file a browser rejects.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "src/chapters/webvtt.hpp"
#include "src/transcripts/srt.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace castmap;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  DiagnosticSink diagnostics;
  const std::vector<SubtitleCue> cues = read_srt(bytes, "fuzz.srt", diagnostics);
  for (const SubtitleCue& cue : cues)
    if (cue.end_ms <= cue.start_ms || cue.start_ms < 0) __builtin_trap();
  const std::string vtt = write_webvtt_cues(cues);
  DiagnosticSink reread;
  const auto back = read_webvtt_chapters(vtt, "out.vtt", reread);
  if (!back || reread.error_count() > 0 || back->chapters.size() > cues.size()) __builtin_trap();
  return 0;
}
