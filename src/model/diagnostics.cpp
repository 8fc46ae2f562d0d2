// Diagnostic formatting and the thread-safe sink.
#include "src/model/diagnostics.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <tuple>

#include "src/base/message_text.hpp"

namespace castmap {

std::string_view to_string(Severity severity) {
  switch (severity) {
    case Severity::note:
      return "note";
    case Severity::warning:
      return "warning";
    case Severity::error:
      return "error";
  }
  return "error";
}

std::string format_text(const Diagnostic& d) {
  // Path, message and code may all carry input (file names, quoted values): escaped, so that
  // nothing in them can start a second line or drive the terminal.
  std::string out;
  out.reserve(d.where.path.size() + d.message.size() + d.code.size() + 40);
  append_escaped(out, d.where.path.empty() ? std::string_view("castmap") : d.where.path);
  // Always print line and column so tools can parse the line with one pattern.
  out += ':' + std::to_string(d.where.line) + ':' + std::to_string(d.where.column) + ": ";
  out += to_string(d.severity);
  out += ": ";
  append_escaped(out, cut_message(d.message));
  if (!d.code.empty()) {
    out += " [";
    append_escaped(out, d.code);
    out += ']';
  }
  return out;
}

std::string format_json(const Diagnostic& d) {
  nlohmann::ordered_json j;
  j["path"] = d.where.path;
  j["line"] = d.where.line;
  j["column"] = d.where.column;
  j["severity"] = std::string(to_string(d.severity));
  j["message"] = cut_message(d.message);
  j["code"] = d.code;
  // Input text may contain invalid UTF-8; replace it rather than throw. nlohmann escapes the
  // controls JSON forbids raw; the ones a terminal would still act on are escaped on top.
  return escape_json_for_terminal(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void DiagnosticSink::report(Diagnostic diagnostic) {
  std::lock_guard lock(mutex_);
  if (strict_ && diagnostic.severity == Severity::warning) diagnostic.severity = Severity::error;
  items_.push_back(std::move(diagnostic));
}

void DiagnosticSink::error(SourceLocation where, std::string code, std::string message) {
  report({Severity::error, std::move(where), std::move(message), std::move(code)});
}
void DiagnosticSink::warning(SourceLocation where, std::string code, std::string message) {
  report({Severity::warning, std::move(where), std::move(message), std::move(code)});
}
void DiagnosticSink::note(SourceLocation where, std::string code, std::string message) {
  report({Severity::note, std::move(where), std::move(message), std::move(code)});
}

void DiagnosticSink::set_strict(bool strict) {
  std::lock_guard lock(mutex_);
  strict_ = strict;
  if (!strict_) return;
  for (auto& d : items_)
    if (d.severity == Severity::warning) d.severity = Severity::error;
}

std::size_t DiagnosticSink::error_count() const {
  std::lock_guard lock(mutex_);
  return static_cast<std::size_t>(std::count_if(
      items_.begin(), items_.end(), [](const auto& d) { return d.severity == Severity::error; }));
}

std::size_t DiagnosticSink::warning_count() const {
  std::lock_guard lock(mutex_);
  return static_cast<std::size_t>(std::count_if(
      items_.begin(), items_.end(), [](const auto& d) { return d.severity == Severity::warning; }));
}

std::size_t DiagnosticSink::error_count_for(std::string_view path) const {
  std::lock_guard lock(mutex_);
  return static_cast<std::size_t>(std::count_if(items_.begin(), items_.end(), [&](const auto& d) {
    return d.severity == Severity::error && d.where.path == path;
  }));
}

bool DiagnosticSink::has_error_at(std::string_view path, int line) const {
  std::lock_guard lock(mutex_);
  return std::any_of(items_.begin(), items_.end(), [&](const auto& d) {
    return d.severity == Severity::error && d.where.path == path && d.where.line == line;
  });
}

std::vector<Diagnostic> DiagnosticSink::sorted() const {
  std::vector<Diagnostic> copy;
  {
    std::lock_guard lock(mutex_);
    copy = items_;
  }
  std::stable_sort(copy.begin(), copy.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.where.path, a.where.line, a.where.column, a.code, a.message) <
           std::tie(b.where.path, b.where.line, b.where.column, b.code, b.message);
  });
  return copy;
}

}  // namespace castmap
