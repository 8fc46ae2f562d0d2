// The parse floor for the benchmark: read every episode file under a folder and parse only its
// front matter with yaml-cpp (YAML::Load), on 1 thread or on all cores. castmap's cold export is
// measured against this: everything besides parsing must hide behind it.
// Usage: castmap_yaml_floor DIR [THREADS]
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DIR [THREADS]\n", argv[0]);
    return 2;
  }
  unsigned threads = argc > 2 ? static_cast<unsigned>(std::atoi(argv[2]))
                              : std::max(1u, std::thread::hardware_concurrency());
  auto start = std::chrono::steady_clock::now();
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(argv[1]) / "videos"))
    if (entry.is_regular_file() && entry.path().extension() == ".md") files.push_back(entry.path());
  std::atomic<std::size_t> next{0}, bytes{0}, nodes{0};
  auto work = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < files.size();) {
      std::ifstream in(files[i], std::ios::binary);
      std::stringstream buffer;
      buffer << in.rdbuf();
      const std::string text = buffer.str();
      bytes += text.size();
      std::size_t begin = text.find('\n') + 1;
      std::size_t end = text.find("\n---", begin);
      if (end == std::string::npos) continue;
      YAML::Node node = YAML::Load(text.substr(begin, end - begin));
      nodes += node.size();
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("{\"files\":%zu,\"bytes\":%zu,\"threads\":%u,\"seconds\":%.3f}\n", files.size(),
              bytes.load(), threads, seconds);
  return 0;
}
