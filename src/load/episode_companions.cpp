// Reading and checking an episode's companions (see episode_companions.hpp).
#include "src/load/episode_companions.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <system_error>

#include "src/base/content_hash.hpp"
#include "src/base/path_safety.hpp"
#include "src/chapters/chapter_files.hpp"
#include "src/chapters/chapter_list.hpp"
#include "src/chapters/text_lines.hpp"
#include "src/load/file_reading.hpp"
#include "src/load/input_text.hpp"
#include "src/transcripts/srt.hpp"

namespace castmap {

namespace fs = std::filesystem;

namespace {

std::string_view extension_of(std::string_view name) {
  const std::size_t slash = name.rfind('/');
  const std::size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash + 2) ||
      dot == 0)
    return {};
  return name.substr(dot);
}

std::string_view without_extension(std::string_view path) {
  return path.substr(0, path.size() - extension_of(path).size());
}

bool within(const fs::path& path, const fs::path& root) {
  auto [root_end, path_end] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
  return root_end == root.end();
}

/// Reads a companion; its bytes in `bytes` (cleaned to valid UTF-8), or false after reporting
/// why not at `where`.
bool read_companion(const CompanionFiles& companions, const std::string& relative,
                    const SourceLocation& where, const char* what, std::string& bytes,
                    InputFile& input, DiagnosticSink& diagnostics) {
  input.path = relative;
  std::string raw;
  const fs::path absolute = companions.root / fs::path(relative);
  const ReadResult read =
      read_file_limited(absolute.string(), companions.limits.max_file_bytes, raw);
  std::error_code ec;
  if (read.status == ReadStatus::failed && !fs::exists(absolute, ec)) {
    diagnostics.error(where, "companion-missing",
                      std::string(what) + " '" + relative + "' does not exist");
    return false;
  }
  if (read.status != ReadStatus::ok) {
    diagnostics.error(where, "companion-unreadable",
                      std::string(what) + " '" + relative + "' cannot be read: " +
                          (read.status == ReadStatus::too_large
                               ? "it is over the file size limit (limits.max_file_bytes)"
                           : read.status == ReadStatus::not_regular ? "not a regular file"
                                                                    : read.error));
    return false;
  }
  input.stamp = {read.size, read.mtime_ns};
  input.hash = content_hash(raw);
  std::string storage;
  const std::string_view clean = clean_input(raw, relative, diagnostics, storage);
  bytes = clean.data() == raw.data() ? std::move(raw) : std::string(clean);
  return true;
}

void read_chapter_file(Episode& episode, const CompanionFiles& companions,
                       std::vector<InputFile>& inputs, DiagnosticSink& diagnostics) {
  const std::string path = episode.companions.get()->chapters_file;
  const SourceLocation at_key = episode.location_of("chapters");
  InputFile input;
  input.path = path;
  // A symbolic link may not lead out of the content folder (docs/loader.md's policy).
  std::error_code ec;
  const fs::path resolved = fs::canonical(companions.root / fs::path(path), ec);
  if (!ec && !within(resolved, companions.canonical_root)) {
    input.stamp = stamp_now(companions.root, path);
    inputs.push_back(std::move(input));
    diagnostics.error(at_key, "chapters-file-invalid",
                      "chapter file '" + path +
                          "' is a symbolic link that leads outside the content folder; the "
                          "episode is not exported");
    return;
  }
  std::string bytes;
  const bool read =
      read_companion(companions, path, at_key, "chapter file", bytes, input, diagnostics);
  inputs.push_back(input);
  if (!read) return;
  DiagnosticSink own;
  own.set_strict(diagnostics.strict());
  std::optional<ChapterList> list = read_chapter_file(bytes, path, own);
  const bool failed = own.error_count() > 0;
  for (const Diagnostic& d : own.sorted()) diagnostics.report(d);
  if (failed || !list) {
    diagnostics.error(at_key, "chapters-file-unusable",
                      "chapter file '" + path +
                          "' has errors (reported at it); the episode is not "
                          "exported");
    return;
  }
  episode.chapters = to_model_chapters(*list);
}

bool starts_webvtt(std::string_view bytes) {
  bytes.remove_prefix(bom_length(bytes));
  return bytes.starts_with("WEBVTT") && (bytes.size() == 6 || bytes[6] == ' ' || bytes[6] == '\t' ||
                                         bytes[6] == '\n' || bytes[6] == '\r');
}

/// Looks at a JSON document's shape only: whether it is an object with a `segments` list (a
/// Podcasting 2.0 JSON transcript). Events, no tree: nothing is kept, and nesting deeper than
/// kMaxDepth stops the parse (a hostile file cannot exhaust memory or the stack).
class TranscriptShape final : public nlohmann::json_sax<nlohmann::json> {
 public:
  static constexpr std::size_t kMaxDepth = 64;
  bool matches() const { return object_ && segments_; }

  bool null() override { return value(); }
  bool boolean(bool) override { return value(); }
  bool number_integer(number_integer_t) override { return value(); }
  bool number_unsigned(number_unsigned_t) override { return value(); }
  bool number_float(number_float_t, const string_t&) override { return value(); }
  bool string(string_t&) override { return value(); }
  bool binary(binary_t&) override { return value(); }
  bool start_object(std::size_t) override {
    if (depth_ == 0) object_ = true;
    return open();
  }
  bool key(string_t& name) override {
    segments_key_ = depth_ == 1 && name == "segments";
    return true;
  }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override {
    if (segments_key_) segments_ = true;
    segments_key_ = false;
    return open();
  }
  bool end_array() override { return close(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    object_ = false;
    return false;
  }

 private:
  bool value() {
    segments_key_ = false;
    return true;
  }
  bool open() {
    segments_key_ = false;
    return ++depth_ <= kMaxDepth;
  }
  bool close() {
    --depth_;
    return true;
  }

  std::size_t depth_ = 0;
  bool object_ = false, segments_ = false, segments_key_ = false;
};

bool json_transcript(std::string_view bytes) {
  TranscriptShape shape;
  return nlohmann::json::sax_parse(bytes, &shape) && shape.matches();
}

/// One transcript beside the episode: its type, or nullopt (reported) when unusable.
std::optional<std::string> transcript_type(std::string_view extension, std::string_view bytes,
                                           const std::string& path, DiagnosticSink& diagnostics) {
  if (extension == ".vtt") {
    if (starts_webvtt(bytes)) return "text/vtt";
    diagnostics.warning({path, 1, 1}, "transcript-invalid",
                        "a WebVTT transcript starts with the line WEBVTT; not published");
    return std::nullopt;
  }
  if (extension == ".srt") {
    if (!read_srt(bytes, path, diagnostics).empty()) return "application/x-subrip";
    return std::nullopt;  // srt-empty was reported
  }
  if (json_transcript(bytes)) return "application/json";
  diagnostics.warning({path, 1, 1}, "transcript-invalid",
                      "not a JSON transcript (an object with a segments list, Podcasting 2.0); "
                      "not published (a JSON chapter file is named with chapters:)");
  return std::nullopt;
}

}  // namespace

std::optional<std::string> resolve_reference(std::string_view episode_path,
                                             std::string_view reference, std::string& problem) {
  if (reference.empty()) {
    problem = "is empty";
    return std::nullopt;
  }
  if (reference.front() == '/' || reference.find('\\') != std::string_view::npos) {
    problem = "is not a relative path with / separators";
    return std::nullopt;
  }
  const std::size_t slash = episode_path.rfind('/');
  std::vector<std::string_view> parts;
  std::string_view folder =
      slash == std::string_view::npos ? std::string_view{} : episode_path.substr(0, slash);
  while (!folder.empty()) {
    const std::size_t next = folder.find('/');
    parts.push_back(folder.substr(0, next));
    folder = next == std::string_view::npos ? std::string_view{} : folder.substr(next + 1);
  }
  std::string_view rest = reference;
  while (!rest.empty()) {
    const std::size_t next = rest.find('/');
    const std::string_view part = rest.substr(0, next);
    rest = next == std::string_view::npos ? std::string_view{} : rest.substr(next + 1);
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (parts.empty()) {
        problem = "leads outside the content folder";
        return std::nullopt;
      }
      parts.pop_back();
      continue;
    }
    if (const std::string why = path_component_problem(part); !why.empty()) {
      problem = "has a part that is not a safe file name ('" + std::string(part) + "' " + why + ")";
      return std::nullopt;
    }
    parts.push_back(part);
  }
  if (parts.empty()) {
    problem = "names no file";
    return std::nullopt;
  }
  std::string path;
  for (std::string_view part : parts) {
    if (!path.empty()) path += '/';
    path += part;
  }
  return path;
}

bool is_transcript_type(std::string_view type) {
  return type == "text/vtt" || type == "application/x-subrip" || type == "application/srt" ||
         type == "application/json" || type == "text/html" || type == "text/plain";
}

bool is_companion_name(std::string_view name) {
  const std::string_view extension = extension_of(name);
  return extension == ".vtt" || extension == ".srt" || extension == ".json";
}

CompanionIndex::CompanionIndex(const std::vector<ContentFile>& files) {
  for (std::size_t i = 0; i < files.size(); ++i)
    if (files[i].kind == ContentKind::companion)
      by_stem_[without_extension(files[i].relative)].push_back(i);
}

std::span<const std::size_t> CompanionIndex::beside(const ContentFile& episode) const {
  if (by_stem_.empty()) return {};
  const auto found = by_stem_.find(without_extension(episode.relative));
  if (found == by_stem_.end()) return {};
  return found->second;
}

FileStamp stamp_now(const fs::path& root, const std::string& relative) {
  struct stat status {};
  const fs::path path = root / fs::path(relative);
  if (::stat(path.c_str(), &status) != 0) return {};
  return {static_cast<std::uint64_t>(status.st_size), mtime_ns_of(status)};
}

void read_companions(Episode& episode, const ContentFile& file, const CompanionFiles& companions,
                     DiagnosticSink& diagnostics) {
  const std::span<const std::size_t> beside = companions.index.beside(file);
  const EpisodeCompanions* existing = episode.companions.get();
  const bool chapter_file = existing && !existing->chapters_file.empty();
  if (!chapter_file && beside.empty()) return;
  std::vector<InputFile> inputs;
  if (chapter_file) read_chapter_file(episode, companions, inputs, diagnostics);
  const std::string chapters_path = chapter_file ? existing->chapters_file : std::string();
  std::vector<Transcript> found;
  for (const std::size_t index : beside) {
    const ContentFile& companion = (*companions.files)[index];
    if (companion.relative == chapters_path) continue;  // the chapter file, read above
    std::string bytes;
    InputFile input;
    const bool read = read_companion(companions, companion.relative, {companion.relative, 0, 0},
                                     "transcript", bytes, input, diagnostics);
    // The listing's stamp: a change after listing leaves an older stamp, and the next run
    // reads the file again.
    input.stamp = companion.stamp;
    inputs.push_back(std::move(input));
    if (!read) continue;
    std::optional<std::string> type =
        transcript_type(extension_of(companion.relative), bytes, companion.relative, diagnostics);
    if (!type) continue;
    Transcript transcript;
    transcript.type = std::move(*type);
    transcript.file = companion.relative;
    transcript.text = std::move(bytes);
    found.push_back(std::move(transcript));
  }
  EpisodeCompanions& own = episode.companions.edit();
  for (Transcript& transcript : found) own.transcripts.push_back(std::move(transcript));
  std::sort(inputs.begin(), inputs.end(),
            [](const InputFile& a, const InputFile& b) { return a.path < b.path; });
  own.inputs = std::move(inputs);
}

bool companions_current(const Episode& episode, const ContentFile& file,
                        const CompanionFiles& companions,
                        const std::function<bool(const FileStamp&)>& trusted) {
  const std::span<const std::size_t> beside = companions.index.beside(file);
  const EpisodeCompanions* recorded = episode.companions.get();
  if (!recorded || recorded->inputs.empty()) return beside.empty();
  std::size_t listed_seen = 0;
  for (const InputFile& input : recorded->inputs) {
    const auto listed = std::find_if(beside.begin(), beside.end(), [&](std::size_t index) {
      return (*companions.files)[index].relative == input.path;
    });
    FileStamp now;
    if (listed != beside.end()) {
      now = (*companions.files)[*listed].stamp;
      ++listed_seen;
    } else if (input.path == recorded->chapters_file) {
      now = stamp_now(companions.root, input.path);
    } else {
      return false;  // a transcript beside it that is gone
    }
    if (now != input.stamp || (now != FileStamp{} && !trusted(now))) return false;
  }
  return listed_seen == beside.size();  // else one appeared
}

}  // namespace castmap
