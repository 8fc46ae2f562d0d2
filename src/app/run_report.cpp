// Builds the run report with nlohmann-json, writes it, and builds the summary line.
#include "src/app/run_report.hpp"

#include <date/date.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>

#include "src/base/message_text.hpp"
#include "src/base/unique_fd.hpp"

namespace castmap {

namespace {
std::string iso(std::chrono::system_clock::time_point t) {
  return date::format("%FT%TZ", std::chrono::floor<std::chrono::milliseconds>(t));
}

std::string format_rfc3339(TimePoint t) { return date::format("%FT%TZ", t); }

ChangeCounts totals(const WriteSummary& writes) {
  ChangeCounts all;
  for (const auto& [name, c] : writes.per_exporter) {
    all.created += c.created;
    all.changed += c.changed;
    all.unchanged += c.unchanged;
    all.removed += c.removed;
  }
  return all;
}
}  // namespace

std::string render_run_report(const ExportResult& result,
                              const std::vector<Diagnostic>& diagnostics, const RunTimes& times) {
  using nlohmann::ordered_json;
  ordered_json report;
  report["castmap_version"] = CASTMAP_VERSION;
  report["started_at"] = iso(times.started);
  report["ended_at"] = iso(times.ended);
  report["duration_seconds"] = std::chrono::duration<double>(times.ended - times.started).count();
  report["exit_status"] = result.exit_status;
  if (result.shard.active())
    report["shard"] = {{"index", result.shard.index}, {"count", result.shard.count}};
  if (!result.fatal_message.empty()) report["fatal"] = result.fatal_message;
  report["episodes"] = {
      {"files", result.load.episode_files},
      {"loaded", result.load.episodes_loaded},
      {"failed_to_load", result.load.episodes_failed},
      {"rejected", result.load.episodes_failed + result.normalize.episodes_rejected},
      {"exported", result.episodes_exported},
      {"held_back", result.held_back},
      {"from_parse_cache", result.episodes_from_cache}};
  // When the next held-back episode goes live: a scheduler can run castmap exactly then.
  report["next_change_at"] = result.next_change_at
                                 ? nlohmann::ordered_json(format_rfc3339(*result.next_change_at))
                                 : nlohmann::ordered_json(nullptr);
  report["unchanged_run_replayed"] = result.replayed;
  report["notifications"] = {{"sent", result.notifications_sent},
                             {"failed", result.notifications_failed}};
  report["fragments_recalled"] = result.fragments_recalled;
  ordered_json files = ordered_json::object();
  for (const auto& [name, c] : result.writes.per_exporter)
    files[name] = {{"created", c.created},
                   {"changed", c.changed},
                   {"unchanged", c.unchanged},
                   {"removed", c.removed}};
  report["files"] = files;
  ordered_json phases = ordered_json::object();
  for (const auto& [name, seconds] : result.phases) phases[name] = seconds;
  report["phases_seconds"] = phases;
  std::size_t errors = 0, warnings = 0;
  ordered_json list = ordered_json::array();
  for (const auto& d : diagnostics) {
    errors += d.severity == Severity::error;
    warnings += d.severity == Severity::warning;
    list.push_back({{"path", d.where.path},
                    {"line", d.where.line},
                    {"column", d.where.column},
                    {"severity", std::string(to_string(d.severity))},
                    {"message", cut_message(d.message)},
                    {"code", d.code}});
  }
  report["errors"] = errors;
  report["warnings"] = warnings;
  report["diagnostics"] = list;
  // Often read with `cat` or `less`: terminal controls in quoted input stay escaped.
  return escape_json_for_terminal(
      report.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

namespace {

/// Writes all of `bytes` to `fd`; errno is set on failure.
bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) errno = EIO;
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

/// Writes into what already exists at `path` (a device, a pipe, /dev/stdout). Opened without
/// blocking, so a FIFO nobody reads is an error (ENXIO) rather than a hang.
bool write_in_place(const std::string& path, std::string_view bytes) {
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
  if (!fd.valid()) return false;
  const int flags = ::fcntl(fd.get(), F_GETFL);
  if (flags >= 0)
    ::fcntl(fd.get(), F_SETFL, flags & ~O_NONBLOCK);  // a reader is there: wait for it
  if (!write_all(fd.get(), bytes)) return false;
  return ::close(fd.release()) == 0;
}

/// Replaces a regular file (or creates one) atomically: temporary file, then rename.
bool replace_file(const std::string& path, std::string_view bytes) {
  const std::string temp = path + ".castmap-tmp";
  UniqueFd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644));
  if (!fd.valid()) return false;
  const bool written = write_all(fd.get(), bytes) && ::close(fd.release()) == 0 &&
                       ::rename(temp.c_str(), path.c_str()) == 0;
  if (!written) {
    const int error = errno;
    ::unlink(temp.c_str());
    errno = error;
  }
  return written;
}

}  // namespace

std::string write_run_report(const std::string& path, std::string_view bytes) {
  struct stat info {};
  const bool special = ::stat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode);
  errno = 0;
  if (special ? write_in_place(path, bytes) : replace_file(path, bytes)) return {};
  return "cannot write report '" + path + "': " + std::strerror(errno != 0 ? errno : EIO);
}

std::string summary_line(const ExportResult& result, std::size_t errors, std::size_t warnings,
                         double seconds, bool check_mode) {
  ChangeCounts all = totals(result.writes);
  std::size_t rejected = result.load.episodes_failed + result.normalize.episodes_rejected;
  // A sharded run's log line says which shard it was (N pods log side by side).
  const std::string who = result.shard.active()
                              ? "castmap (shard " + std::to_string(result.shard.index) + " of " +
                                    std::to_string(result.shard.count) + ")"
                              : "castmap";
  char buffer[512];
  std::snprintf(buffer, sizeof buffer,
                "%s: %zu episodes (%zu rejected) -> %zu files: %zu %s, %zu %s, %zu unchanged, "
                "%zu %s; %zu errors, %zu warnings; %.2f s",
                who.c_str(), result.episodes_exported, rejected,
                all.created + all.changed + all.unchanged, all.created,
                check_mode ? "to create" : "created", all.changed,
                check_mode ? "to change" : "changed", all.unchanged, all.removed,
                check_mode ? "to remove" : "removed", errors, warnings, seconds);
  return buffer;
}

}  // namespace castmap
