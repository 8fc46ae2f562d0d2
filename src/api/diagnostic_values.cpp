// DiagnosticMessage's formatting, by the internal formatters, so that a library user's lines are
// the CLI's lines.
#include "src/api/diagnostic_values.hpp"

#include <algorithm>

namespace castmap {

namespace {

Severity internal_severity(DiagnosticSeverity severity) {
  switch (severity) {
    case DiagnosticSeverity::note:
      return Severity::note;
    case DiagnosticSeverity::warning:
      return Severity::warning;
    case DiagnosticSeverity::error:
      break;
  }
  return Severity::error;
}

DiagnosticSeverity public_severity(Severity severity) {
  switch (severity) {
    case Severity::note:
      return DiagnosticSeverity::note;
    case Severity::warning:
      return DiagnosticSeverity::warning;
    case Severity::error:
      break;
  }
  return DiagnosticSeverity::error;
}

}  // namespace

DiagnosticMessage to_message(const Diagnostic& d) {
  return {d.where.path, d.where.line, d.where.column, public_severity(d.severity),
          d.code,       d.message};
}

Diagnostic to_diagnostic(const DiagnosticMessage& m) {
  return {internal_severity(m.severity), {m.path, m.line, m.column}, m.message, m.code};
}

std::vector<DiagnosticMessage> to_messages(const std::vector<Diagnostic>& diagnostics) {
  std::vector<DiagnosticMessage> messages;
  messages.reserve(diagnostics.size());
  for (const Diagnostic& d : diagnostics) messages.push_back(to_message(d));
  return messages;
}

std::size_t count_severity(const std::vector<DiagnosticMessage>& messages,
                           DiagnosticSeverity severity) {
  return static_cast<std::size_t>(
      std::count_if(messages.begin(), messages.end(),
                    [severity](const DiagnosticMessage& m) { return m.severity == severity; }));
}

}  // namespace castmap

CASTMAP_BEGIN_NAMESPACE

std::string_view to_string(DiagnosticSeverity severity) {
  return castmap::to_string(internal_severity(severity));
}

std::string DiagnosticMessage::formatted() const { return format_text(to_diagnostic(*this)); }

std::string DiagnosticMessage::formatted_json() const { return format_json(to_diagnostic(*this)); }

CASTMAP_END_NAMESPACE
