// `castmap chapters convert IN [-o OUT] [--to FORMAT] [--from FORMAT] [--duration SECONDS]
// [--check PLATFORM,...] [--strict] [--format text|json]`: one chapter file into another format.
// `-` is stdin (IN) or stdout (OUT, also the default). The output file is replaced atomically
// (temporary file + rename in its folder), and only when there are no errors.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "src/app/chapter_conversion.hpp"
#include "src/app/cli_options.hpp"
#include "src/app/commands.hpp"
#include "src/base/exit_status.hpp"
#include "src/base/time_format.hpp"
#include "src/base/unique_fd.hpp"
#include "src/load/file_reading.hpp"
#include "src/output/atomic_file.hpp"

namespace castmap {

namespace {

/// Larger inputs are refused: a chapter file of this size is no chapter file.
constexpr std::uintmax_t kMaxInputBytes = 16u << 20;

struct ConvertOptions {
  std::string input;
  std::string output = "-";
  std::string to;
  std::string from;
  std::string duration;
  std::vector<std::string> checks;
  bool strict = false;
  std::string format = "text";
};

std::string format_names() {
  std::string names;
  for (ChapterFormat format : kChapterFormats) {
    if (!names.empty()) names += ", ";
    names += format_name(format);
  }
  return names;
}

int usage_error(const std::string& message) {
  std::fprintf(stderr, "castmap: error: %s\n", message.c_str());
  return kExitUsage;
}

int io_error(const std::string& message) {
  std::fprintf(stderr, "castmap: error: %s\n", message.c_str());
  return kExitIo;
}

/// Reads stdin whole, up to the limit; false when it is larger.
bool read_stdin(std::string& out, std::string& error) {
  char buffer[1 << 16];
  while (true) {
    const ssize_t got = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      error = std::strerror(errno);
      return false;
    }
    if (got == 0) return true;
    out.append(buffer, static_cast<std::size_t>(got));
    if (out.size() > kMaxInputBytes) {
      error = "larger than " + std::to_string(kMaxInputBytes) + " bytes";
      return false;
    }
  }
}

/// Writes `bytes` to stdout whole.
bool write_stdout(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t written = ::write(STDOUT_FILENO, bytes.data(), bytes.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
  return true;
}

/// Replaces `path` with `bytes` atomically: a temporary file in its folder, renamed over it.
/// An existing file keeps its permissions.
void write_file_atomically(const std::filesystem::path& path, std::string_view bytes) {
  const std::filesystem::path folder = path.has_parent_path() ? path.parent_path() : ".";
  UniqueFd folder_fd(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!folder_fd.valid()) throw std::runtime_error(std::strerror(errno));
  const std::string name = path.filename().string();
  const ExistingFile existing = inspect_file(folder_fd.get(), name);
  if (existing.kind == ExistingFile::Kind::other) throw std::runtime_error("not a regular file");
  const std::string temp = "." + name + ".castmap-tmp-" + std::to_string(::getpid());
  replace_file_atomically(folder_fd.get(), name, bytes, temp,
                          existing.kind == ExistingFile::Kind::regular ? existing.permissions : 0,
                          false);
}

int run_convert(const ConvertOptions& options) {
  ChapterConversion conversion;
  // The output format: --to, else the output file's name.
  if (!options.to.empty()) {
    const auto to = parse_format_name(options.to);
    if (!to) return usage_error("unknown format '" + options.to + "' (" + format_names() + ")");
    conversion.to = *to;
  } else if (const auto named = format_from_file_name(options.output);
             options.output != "-" && named) {
    conversion.to = *named;
  } else {
    return usage_error("give --to FORMAT (" + format_names() +
                       "), or an output file whose name ends like one (.json, .vtt, .psc.xml, "
                       ".ffmeta, .mkv.xml, .chapters.txt, .youtube.txt)");
  }
  if (!options.from.empty()) {
    conversion.from = parse_format_name(options.from);
    if (!conversion.from)
      return usage_error("unknown format '" + options.from + "' (" + format_names() + ")");
  }
  if (!options.duration.empty()) {
    const auto seconds = parse_clock_seconds(options.duration);
    if (!seconds || *seconds <= 0)
      return usage_error("--duration must be a length in seconds or HH:MM:SS, not '" +
                         options.duration + "'");
    conversion.duration_ms = to_milliseconds(*seconds);
  }
  conversion.checks = options.checks;

  const bool from_stdin = options.input == "-";
  const std::string shown = from_stdin ? "<stdin>" : options.input;
  DiagnosticSink diagnostics;
  diagnostics.set_strict(options.strict);
  std::string bytes, error;
  if (from_stdin) {
    if (!read_stdin(bytes, error)) return io_error("cannot read standard input: " + error);
  } else {
    const ReadResult read = read_file_limited(options.input, kMaxInputBytes, bytes);
    if (read.status == ReadStatus::too_large) {
      diagnostics.error(
          {shown, 0, 0}, "file-too-large",
          "the file is larger than " + std::to_string(kMaxInputBytes) + " bytes; not read");
      print_diagnostics(diagnostics.sorted(), options.format, stderr);
      return kExitContentErrors;
    }
    if (read.status != ReadStatus::ok)
      return io_error("cannot read '" + options.input + "': " +
                      (read.status == ReadStatus::not_regular ? "not a regular file" : read.error));
  }

  ConvertedChapters converted = convert_chapters(bytes, shown, conversion, diagnostics);
  const auto sorted = diagnostics.sorted();
  print_diagnostics(sorted, options.format, stderr);
  int status = diagnostics.error_count() > 0 ? kExitContentErrors : kExitOk;
  if (converted.bytes) {
    const bool to_stdout = options.output == "-";
    try {
      if (to_stdout) {
        if (!write_stdout(*converted.bytes)) status = io_error("cannot write standard output");
      } else {
        write_file_atomically(options.output, *converted.bytes);
      }
    } catch (const std::exception& e) {
      status = io_error("cannot write '" + options.output + "': " + e.what());
    }
  }
  const std::string from = converted.from ? std::string(format_name(*converted.from)) : "?";
  const std::string to(format_name(conversion.to));
  const std::size_t errors = diagnostics.error_count(), warnings = diagnostics.warning_count();
  if (options.format == "json") {
    const nlohmann::ordered_json summary = {{"summary", true},
                                            {"input", shown},
                                            {"from", from},
                                            {"output", options.output},
                                            {"to", to},
                                            {"chapters", converted.chapters},
                                            {"written", status == kExitOk},
                                            {"errors", errors},
                                            {"warnings", warnings}};
    std::fprintf(stderr, "%s\n",
                 summary.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  } else {
    std::fprintf(stderr, "castmap: %s (%s, %zu chapters) -> %s (%s)%s; %zu errors, %zu warnings\n",
                 shown.c_str(), from.c_str(), converted.chapters, options.output.c_str(),
                 to.c_str(), status == kExitOk ? "" : ", not written", errors, warnings);
  }
  return status;
}

}  // namespace

void setup_chapters_command(CLI::App& app, int& exit_status) {
  CLI::App* chapters =
      app.add_subcommand("chapters", "Chapter files: convert between formats, check rules");
  chapters->require_subcommand(1);
  auto options = std::make_shared<ConvertOptions>();
  CLI::App* convert = chapters->add_subcommand(
      "convert",
      "Convert a chapter file (JSON chapters, WebVTT, PSC, FFMETADATA, Matroska XML, "
      "mp4chaps, YouTube list) to another format");
  convert->add_option("IN", options->input, "chapter file to read ('-': standard input)")
      ->required();
  convert->add_option("-o,--output", options->output,
                      "file to write ('-', the default: standard output)");
  convert->add_option("--to", options->to,
                      "output format (default: from the output file's name): " + format_names());
  convert->add_option("--from", options->from, "input format (default: detected)");
  convert->add_option("--duration", options->duration,
                      "the media's length, seconds or HH:MM:SS (ends the last chapter)");
  std::vector<std::string> check_names(std::begin(kChapterCheckNames),
                                       std::end(kChapterCheckNames));
  convert
      ->add_option("--check", options->checks,
                   "also check these platforms' rules: youtube, apple, webvtt, json")
      ->delimiter(',')
      ->check(CLI::IsMember(check_names));
  convert->add_flag("--strict", options->strict, "treat warnings as errors (then write nothing)");
  convert->add_option("--format", options->format, "diagnostic output format")
      ->check(CLI::IsMember({"text", "json"}));
  convert->callback([options, &exit_status] { exit_status = run_convert(*options); });
}

}  // namespace castmap
