// The parse floor for the benchmark: read every episode file under a folder and parse only its
// front matter with yaml-cpp, on 1 thread or on all cores. castmap's cold export is measured
// against this: everything besides parsing must hide behind it.
// Two floors: `events` runs yaml-cpp's parser with an empty event handler (the cost of scanning
// and parsing alone). castmap parses through the same event API into its compact YamlTree
// (src/load/yaml_tree.hpp), so this is castmap's floor. `load` (the default, kept so older results
// stay comparable) also builds yaml-cpp's node tree (YAML::Load, what most programs do), which
// costs about as much again.
// Usage: castmap_yaml_floor DIR [THREADS] [load|events]
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>
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

namespace {
/// Counts events and ignores them.
struct CountingHandler : YAML::EventHandler {
  std::size_t events = 0;
  void OnDocumentStart(const YAML::Mark&) override { ++events; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override { ++events; }
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override { ++events; }
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {
    ++events;
  }
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    ++events;
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    ++events;
  }
  void OnMapEnd() override {}
};
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DIR [THREADS] [load|events]\n", argv[0]);
    return 2;
  }
  unsigned threads = argc > 2 && std::atoi(argv[2]) > 0
                         ? static_cast<unsigned>(std::atoi(argv[2]))
                         : std::max(1u, std::thread::hardware_concurrency());
  const bool events_only = argc > 3 && std::string(argv[3]) == "events";
  auto start = std::chrono::steady_clock::now();
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(argv[1]) / "videos"))
    if (entry.is_regular_file() && entry.path().extension() == ".md") files.push_back(entry.path());
  std::atomic<std::size_t> next{0}, bytes{0}, nodes{0}, rejected{0};
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
      // A file yaml-cpp rejects (a catalog edited by hand, or by the bench's one-change step)
      // costs what parsing it up to the error costs, as in castmap; it is counted, not fatal.
      try {
        if (events_only) {
          std::istringstream yaml(text.substr(begin, end - begin));
          YAML::Parser parser(yaml);
          CountingHandler handler;
          parser.HandleNextDocument(handler);
          nodes += handler.events;
        } else {
          YAML::Node node = YAML::Load(text.substr(begin, end - begin));
          nodes += node.size();
        }
      } catch (const YAML::Exception&) {
        ++rejected;
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf(
      "{\"files\":%zu,\"rejected\":%zu,\"bytes\":%zu,\"threads\":%u,\"mode\":\"%s\","
      "\"seconds\":%.3f}\n",
      files.size(), rejected.load(), bytes.load(), threads, events_only ? "events" : "load",
      seconds);
  return 0;
}
