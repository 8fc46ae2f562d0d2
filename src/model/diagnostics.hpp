// Diagnostics: every problem found in the input, with a stable code, collected from many threads
// and printed as `path:line:col: severity: message [code]` (or JSON lines).
#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "src/model/source_location.hpp"

namespace castmap {

enum class Severity { note, warning, error };

std::string_view to_string(Severity severity);

/// One user-facing report. `code` is stable across versions (documented in docs/diagnostics.md).
struct Diagnostic {
  Severity severity = Severity::error;
  SourceLocation where;
  std::string message;
  std::string code;

  bool operator==(const Diagnostic&) const = default;
};

/// Formats `path:line:col: severity: message [code]`, always one line: path, message and code
/// are escaped (escape_line() in src/base/message_text.hpp).
std::string format_text(const Diagnostic& diagnostic);
/// Formats one JSON object (no trailing newline) with fields path, line, column, severity,
/// message, code. Valid JSON whose strings keep every character; the ones a terminal would act
/// on are written as `\u` escapes (escape_json_for_terminal()).
std::string format_json(const Diagnostic& diagnostic);

/// Thread-safe collector. Diagnostics are sorted (path, line, column, code, message) when read,
/// so the output never depends on thread scheduling.
class DiagnosticSink {
 public:
  void report(Diagnostic diagnostic);
  void error(SourceLocation where, std::string code, std::string message);
  void warning(SourceLocation where, std::string code, std::string message);
  void note(SourceLocation where, std::string code, std::string message);

  /// Upgrades all warnings to errors (the --strict flag). Applies to past and future reports.
  void set_strict(bool strict);
  bool strict() const { return strict_; }

  std::size_t error_count() const;
  std::size_t warning_count() const;
  /// Errors reported against one file (used to decide whether an episode is rejected).
  std::size_t error_count_for(std::string_view path) const;

  /// True when an error was already reported on this line (so a follow-up check does not pile a
  /// second error onto the same problem). Linear: meant for rare cases.
  bool has_error_at(std::string_view path, int line) const;

  /// All diagnostics, sorted deterministically.
  std::vector<Diagnostic> sorted() const;

 private:
  mutable std::mutex mutex_;
  std::vector<Diagnostic> items_;
  bool strict_ = false;
};

}  // namespace castmap
