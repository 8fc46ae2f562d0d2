// The public DiagnosticMessage (include/castmap/diagnostic.hpp) to and from the internal
// Diagnostic (src/model/diagnostics.hpp): the one place the two meet.
#pragma once

#include <castmap/diagnostic.hpp>

#include <cstddef>
#include <vector>

#include "src/model/diagnostics.hpp"

namespace castmap {

DiagnosticMessage to_message(const Diagnostic& diagnostic);
Diagnostic to_diagnostic(const DiagnosticMessage& message);
/// Every diagnostic of `diagnostics`, in its order.
std::vector<DiagnosticMessage> to_messages(const std::vector<Diagnostic>& diagnostics);

/// How many of `messages` are errors (or warnings).
std::size_t count_severity(const std::vector<DiagnosticMessage>& messages,
                           DiagnosticSeverity severity);

}  // namespace castmap
