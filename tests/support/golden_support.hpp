// Golden-file support: run an export of a golden case into a temporary folder and compare the
// whole tree (and the diagnostics) byte for byte with golden/<case>/. CASTMAP_UPDATE_GOLDEN=1
// rewrites the expected files instead; review the result with `git diff golden/`.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace castmap::testing {

/// Reads every regular file under `root` (skipping castmap's own dot-files) as path -> bytes.
std::map<std::string, std::string> read_tree(const std::filesystem::path& root);

/// A fresh empty folder under the system temp directory, removed by the destructor.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

/// Result of comparing an actual tree with the expected one: empty when equal, otherwise a
/// readable description of every difference (missing, unexpected, first differing line).
std::string compare_trees(const std::map<std::string, std::string>& expected,
                          const std::map<std::string, std::string>& actual);

/// Sets an environment variable for the scope, restoring the previous value afterwards.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    ::setenv(name, value, 1);
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

/// True when CASTMAP_UPDATE_GOLDEN=1.
bool updating_golden();

/// The bytes of the file `path` (empty when it cannot be read).
std::string read_file(const std::filesystem::path& path);

/// Writes `bytes` as the file `path`, creating its folders.
void write_file(const std::filesystem::path& path, const std::string& bytes);

/// Replaces the contents of `root` with `files`.
void write_tree(const std::filesystem::path& root, const std::map<std::string, std::string>& files);

}  // namespace castmap::testing
