// Checked, escaped console output. C++ streams (CLI11's --help) share stdio's buffers
// (sync_with_stdio), so checking the FILE streams at the end covers them too.
#include "src/app/console.hpp"

#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <iostream>
#include <string>

#include "src/base/exit_status.hpp"
#include "src/base/message_text.hpp"

namespace castmap {

namespace {

/// The first errno a write to each stream failed with (0: none yet).
struct StreamFailures {
  int out = 0;
  int err = 0;
};

StreamFailures& failures() {
  static StreamFailures state;
  return state;
}

void remember_failure(std::FILE* stream, int error) {
  int& slot = stream == stderr ? failures().err : failures().out;
  if (slot == 0) slot = error != 0 ? error : EIO;
}

/// Flushes `stream`; remembers a failure, also one an earlier buffered write left behind.
void flush_checked(std::FILE* stream) {
  errno = 0;
  if (std::fflush(stream) != 0 || std::ferror(stream)) remember_failure(stream, errno);
}

/// "standard output (/dev/full)": the stream and, when it is a named file, the file.
std::string describe(int fd, const char* name) {
  std::string text = name;
  char target[4096];
  const std::string link = "/proc/self/fd/" + std::to_string(fd);
  const ssize_t n = ::readlink(link.c_str(), target, sizeof target - 1);
  if (n > 0 && target[0] == '/')
    text += " (" + std::string(target, static_cast<std::size_t>(n)) + ")";
  return text;
}

}  // namespace

void print_line(std::FILE* stream, std::string_view line) {
  std::string text;
  text.reserve(line.size() + 1);
  append_escaped(text, line);
  text += '\n';
  errno = 0;
  if (std::fwrite(text.data(), 1, text.size(), stream) != text.size())
    remember_failure(stream, errno);
}

void ignore_broken_pipes() { std::signal(SIGPIPE, SIG_IGN); }

int finish_console(int exit_status) {
  flush_checked(stdout);
  flush_checked(stderr);
  std::cout.flush();  // after stdout's own flush, which keeps errno; this catches the rest
  if (std::cout.fail()) remember_failure(stdout, 0);
  const StreamFailures state = failures();
  if (state.out == 0 && state.err == 0) return exit_status;
  if (state.out != 0 && state.err == 0) {
    // stderr works: say what was lost. (A failed stderr has nobody left to tell.)
    const std::string message = "castmap: error: cannot write " +
                                describe(STDOUT_FILENO, "standard output") + ": " +
                                std::strerror(state.out);
    print_line(stderr, message);
    std::fflush(stderr);
  }
  const bool claims_result =
      exit_status == kExitOk || exit_status == kExitContentErrors || exit_status == kExitStale;
  return claims_result ? kExitIo : exit_status;
}

}  // namespace castmap
