// Helpers for the chapter format tests: building lists, reading files, running the real
// consumers (ffmpeg, mkvmerge, ...) and random chapter lists for the property tests.
#pragma once

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "src/chapters/chapter_list.hpp"
#include "src/chapters/chapter_notes.hpp"
#include "src/model/diagnostics.hpp"
#include "tests/support/golden_support.hpp"

extern char** environ;

namespace castmap::testing {

inline ChapterEntry entry(std::int64_t start_ms, std::string title, bool toc = true) {
  ChapterEntry e;
  e.start_ms = start_ms;
  e.title = std::move(title);
  e.toc = toc;
  return e;
}

inline ChapterList list_of(std::vector<ChapterEntry> chapters,
                           std::optional<std::int64_t> duration_ms = std::nullopt) {
  ChapterList list;
  list.chapters = std::move(chapters);
  list.duration_ms = duration_ms;
  list.source_path = "test";
  return list;
}

/// Writes `list` with `write` (a writer taking a view).
template <typename Writer>
RenderedChapters write_list(const ChapterList& list, Writer write) {
  std::vector<ChapterView> storage;
  return write(view_of(list, storage));
}

inline std::string read_bytes(const std::filesystem::path& path) {
  return testing::read_file(path);
}

/// The codes of `diagnostics`, in their sorted order.
inline std::vector<std::string> codes_of(const DiagnosticSink& diagnostics) {
  std::vector<std::string> codes;
  for (const Diagnostic& d : diagnostics.sorted()) codes.push_back(d.code);
  return codes;
}

inline std::vector<std::string> codes_of(const std::vector<ChapterNote>& notes) {
  std::vector<std::string> codes;
  for (const ChapterNote& note : notes) codes.push_back(note.code);
  return codes;
}

/// Runs `argv` (looked up in PATH) with stdin from /dev/null, capturing stdout into `out` when
/// given and stderr into `err` when given (else /dev/null). Returns the exit status, or -1 when
/// the program could not be started.
inline int run_program(const std::vector<std::string>& argv, std::string* out = nullptr,
                       std::string* err = nullptr) {
  std::filesystem::path capture_dir = std::filesystem::temp_directory_path();
  const std::string stamp = std::to_string(::getpid()) + "-" + std::to_string(std::rand());
  const std::filesystem::path out_file = capture_dir / ("castmap-run-" + stamp + ".out");
  const std::filesystem::path err_file = capture_dir / ("castmap-run-" + stamp + ".err");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out ? out_file.c_str() : "/dev/null",
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err ? err_file.c_str() : "/dev/null",
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  int status = -1;
  if (spawned == 0) {
    while (::waitpid(pid, &status, 0) < 0) {
    }
    status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  if (out) *out = read_bytes(out_file);
  if (err) *err = read_bytes(err_file);
  std::error_code ignored;
  std::filesystem::remove(out_file, ignored);
  std::filesystem::remove(err_file, ignored);
  return spawned == 0 ? status : -1;
}

/// Whether `program` can be found in PATH.
inline bool have_program(const std::string& program) {
  const char* path = std::getenv("PATH");
  if (!path) return false;
  std::stringstream folders(path);
  std::string folder;
  while (std::getline(folders, folder, ':'))
    if (!folder.empty() && ::access((std::filesystem::path(folder) / program).c_str(), X_OK) == 0)
      return true;
  return false;
}

/// The shared material (../shared beside the repository, or two levels up for a worktree in
/// a folder of worktrees); empty when absent, and tests needing it skip.
inline std::filesystem::path shared_dir() {
  for (const char* relative : {"../shared", "../../shared"}) {
    const std::filesystem::path candidate = std::filesystem::path(CASTMAP_SOURCE_DIR) / relative;
    if (std::filesystem::is_directory(candidate / "corpus")) return candidate;
  }
  return {};
}

/// Random chapter titles made of the pieces every format must get right.
inline std::string random_title(std::mt19937& random, bool edge_spaces, bool youtube_safe) {
  static const std::vector<std::string> kPieces = {
      "a",    "Title",     "é",      "🦀", "中文", "=",    ";",           "#",
      "\\",   "\"",        "'",      "<",    ">",    "&",    "-->",         "&amp;",
      " ",    "&lt;",      "<b>",    "x=y",  "\\n",  "Q&A",  "--",          "ß",
      "NOTE", "[CHAPTER]", "title=", ":",    "|",    "0:00", "00:00:01.000"};
  std::uniform_int_distribution<std::size_t> piece(0, kPieces.size() - 1);
  std::uniform_int_distribution<int> count(1, 6);
  std::string title;
  for (int i = count(random); i > 0; --i) {
    const std::string& p = kPieces[piece(random)];
    if (youtube_safe && (p == "<" || p == ">" || p == "<b>" || p == "-->")) continue;
    title += p;
  }
  // Never blank: formats name blank titles "Chapter N".
  if (title.find_first_not_of(' ') == std::string::npos) title += "x";
  if (edge_spaces && random() % 3 == 0) title = "  " + title;
  if (edge_spaces && random() % 3 == 0) title += " ";
  // YouTube reads a leading separator (`- `, `: `, `| `) as part of the line, not the title.
  if (youtube_safe) {
    while (!title.empty() && std::string("-:| ").find(title.front()) != std::string::npos)
      title.erase(0, 1);
    while (!title.empty() && title.back() == ' ') title.pop_back();
    if (title.empty()) title = "x";
  }
  return title;
}

/// A random normalized chapter list: sorted, distinct starts to the millisecond, some hidden
/// chapters, URLs and images, titles with every escaping pitfall. `youtube_safe` lists are
/// what YouTube accepts unchanged: whole seconds, the first at 0, chapters at least 10 s apart
/// and before the end, at least three, no `<` or `>`.
inline ChapterList random_list(std::mt19937& random, bool youtube_safe) {
  ChapterList list;
  list.source_path = "random";
  std::uniform_int_distribution<int> count(youtube_safe ? 3 : 1, 12);
  const int n = count(random);
  std::int64_t at = youtube_safe ? 0 : static_cast<std::int64_t>(random() % 5000);
  for (int i = 0; i < n; ++i) {
    ChapterEntry e;
    e.start_ms = at;
    e.title = random_title(random, !youtube_safe, youtube_safe);
    e.toc = youtube_safe || random() % 5 != 0;
    if (random() % 4 == 0) e.url = "https://example.com/?a=1&b=" + std::to_string(i);
    if (random() % 5 == 0) e.image = "https://example.com/i<" + std::to_string(i) + ">.png";
    list.chapters.push_back(std::move(e));
    if (youtube_safe) {
      at += 1000 * (10 + static_cast<std::int64_t>(random() % 4000));
    } else {
      // Sometimes 1 ms apart, sometimes hours.
      const std::int64_t step = random() % 4 == 0 ? 1 + random() % 3 : 1 + random() % 5'000'000;
      at += step;
    }
  }
  list.duration_ms = at + (youtube_safe ? 10'000 : 1 + static_cast<std::int64_t>(random() % 9999));
  return list;
}

}  // namespace castmap::testing
