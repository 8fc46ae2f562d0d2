// Tree reading, comparison with readable diffs, and golden rewriting.
#include "tests/support/golden_support.hpp"

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

namespace castmap::testing {

namespace fs = std::filesystem;

std::map<std::string, std::string> read_tree(const fs::path& root) {
  std::map<std::string, std::string> files;
  if (!fs::exists(root)) return files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    std::string relative = fs::relative(entry.path(), root).generic_string();
    if (entry.path().filename().string().starts_with(".castmap")) continue;
    files[relative] = read_file(entry.path());
  }
  return files;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

TempDir::TempDir(const std::string& prefix) {
  std::random_device random;
  path_ = fs::temp_directory_path() / (prefix + "-" + std::to_string(random()));
  fs::remove_all(path_);
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

namespace {
std::string first_difference(const std::string& expected, const std::string& actual) {
  std::istringstream a(expected), b(actual);
  std::string la, lb;
  for (int line = 1;; ++line) {
    bool ga = static_cast<bool>(std::getline(a, la));
    bool gb = static_cast<bool>(std::getline(b, lb));
    if (!ga && !gb) return "files differ only in the final newline";
    if (!ga || !gb || la != lb) {
      return "first difference at line " + std::to_string(line) +
             "\n    expected: " + (ga ? la : std::string("<end of file>")) +
             "\n    actual:   " + (gb ? lb : std::string("<end of file>"));
    }
  }
}
}  // namespace

std::string compare_trees(const std::map<std::string, std::string>& expected,
                          const std::map<std::string, std::string>& actual) {
  std::string report;
  for (const auto& [path, bytes] : expected) {
    auto it = actual.find(path);
    if (it == actual.end())
      report += "missing: " + path + "\n";
    else if (it->second != bytes)
      report += "differs: " + path + "\n  " + first_difference(bytes, it->second) + "\n";
  }
  for (const auto& [path, bytes] : actual)
    if (!expected.contains(path)) report += "unexpected: " + path + "\n";
  if (!report.empty())
    report +=
        "(run the tests with CASTMAP_UPDATE_GOLDEN=1 to accept, then review git diff golden/)\n";
  return report;
}

bool updating_golden() {
  const char* value = std::getenv("CASTMAP_UPDATE_GOLDEN");
  return value && std::string(value) == "1";
}

void write_file(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

void write_tree(const fs::path& root, const std::map<std::string, std::string>& files) {
  fs::remove_all(root);
  for (const auto& [path, bytes] : files) write_file(root / path, bytes);
}

}  // namespace castmap::testing
