// libFuzzer target: the mp4chaps chapter reader on arbitrary bytes, then a conversion of what it
// read and a re-read of the result (tests/fuzz/chapter_fuzzing.hpp).
#include "tests/fuzz/chapter_fuzzing.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return castmap::fuzz_chapter_reader(data, size, castmap::ChapterFormat::mp4chaps);
}
