// A problem castmap found in its input, as a plain value: where (path, line, column), how bad
// (severity), what (a stable code and a message), and the one-line form the CLI prints.
#pragma once

#include <castmap/version.hpp>

#include <string>
#include <string_view>

CASTMAP_BEGIN_NAMESPACE

/// How bad a diagnostic is. Errors reject an episode (or stop a conversion); warnings say what
/// castmap repaired or left out; notes inform.
enum class DiagnosticSeverity { note, warning, error };

/// "note", "warning" or "error".
std::string_view to_string(DiagnosticSeverity severity);

/// One diagnostic. `code` is stable across versions; docs/diagnostics.md and docs/loader.md
/// list every code with its policy. Paths are relative to the content folder ('/'-separated),
/// or name the configuration file or a chapter file; empty for a problem with no file.
struct DiagnosticMessage {
  std::string path;
  int line = 0;    ///< 1-based; 0: the whole file
  int column = 0;  ///< 1-based, in bytes; 0: the whole line or file
  DiagnosticSeverity severity = DiagnosticSeverity::error;
  std::string code;     ///< e.g. "chapter-past-duration"
  std::string message;  ///< raw: may hold any text the input held, line breaks included

  /// `path:line:col: severity: message [code]`, exactly as `castmap validate` prints it: one
  /// line, whatever the input held (controls and line breaks escaped, very long messages cut).
  std::string formatted() const;
  /// The same as one JSON object (`--format json`): path, line, column, severity, message, code.
  std::string formatted_json() const;

  bool is_error() const { return severity == DiagnosticSeverity::error; }
  bool operator==(const DiagnosticMessage&) const = default;
};

CASTMAP_END_NAMESPACE
