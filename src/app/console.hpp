// Standard output and standard error as castmap writes them: every line escaped so that it stays
// one line (nothing read from input can forge a diagnostic or drive the terminal), and every
// write checked, so a run whose output was lost (a full disk, a closed pipe) ends with exit
// status 3 and says so, instead of a silent 0 or death by SIGPIPE.
#pragma once

#include <cstdio>
#include <string_view>

namespace castmap {

/// Writes `line` (escaped with escape_line(), src/base/message_text.hpp) and a newline to
/// `stream` (stdout or stderr), remembering the first failure.
void print_line(std::FILE* stream, std::string_view line);

/// Makes writes to a closed pipe fail with EPIPE (reported by finish_console()) instead of
/// killing the process silently. Called once, first thing in main.
void ignore_broken_pipes();

/// Flushes stdout and stderr. When a write to either failed, reports it on stderr (when stderr
/// still works), naming the stream and the file behind it, and returns kExitIo in place of a
/// status that claims success or a complete result (0, 1 and 4); other statuses are kept.
int finish_console(int exit_status);

}  // namespace castmap
