// SubRip reading and WebVTT writing (see srt.hpp).
#include "src/transcripts/srt.hpp"

#include <algorithm>
#include <array>
#include <optional>

#include "src/base/time_format.hpp"
#include "src/chapters/text_lines.hpp"

namespace castmap {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string_view trim(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const std::size_t last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

/// Reads `digits` digits (at least one, at most `max_digits`) at `at`; advances `at`.
std::optional<std::int64_t> number(std::string_view text, std::size_t& at, std::size_t min_digits,
                                   std::size_t max_digits) {
  std::size_t start = at;
  std::int64_t value = 0;
  while (at < text.size() && is_digit(text[at]) && at - start < max_digits)
    value = value * 10 + (text[at++] - '0');
  if (at - start < min_digits) return std::nullopt;
  return value;
}

/// `H:MM:SS,mmm` (hours 1 to 3 digits; `.` accepted for `,`) at `at`; advances `at`.
std::optional<std::int64_t> timestamp(std::string_view text, std::size_t& at) {
  const auto hours = number(text, at, 1, 3);
  if (!hours || at >= text.size() || text[at++] != ':') return std::nullopt;
  const auto minutes = number(text, at, 2, 2);
  if (!minutes || *minutes > 59 || at >= text.size() || text[at++] != ':') return std::nullopt;
  const auto seconds = number(text, at, 2, 2);
  if (!seconds || *seconds > 59 || at >= text.size() || (text[at] != ',' && text[at] != '.'))
    return std::nullopt;
  ++at;
  const auto millis = number(text, at, 3, 3);
  if (!millis) return std::nullopt;
  return ((*hours * 60 + *minutes) * 60 + *seconds) * 1000 + *millis;
}

/// A timing line: start, `-->`, end, and optionally SubRip's `X1:... Y2:...` after it.
struct Timing {
  std::int64_t start_ms = 0, end_ms = 0;
};
std::optional<Timing> timing_line(std::string_view line) {
  line = trim(line);
  std::size_t at = 0;
  const auto start = timestamp(line, at);
  if (!start) return std::nullopt;
  while (at < line.size() && (line[at] == ' ' || line[at] == '\t')) ++at;
  if (line.substr(at, 3) != "-->") return std::nullopt;
  at += 3;
  while (at < line.size() && (line[at] == ' ' || line[at] == '\t')) ++at;
  const auto end = timestamp(line, at);
  if (!end || (at < line.size() && line[at] != ' ' && line[at] != '\t')) return std::nullopt;
  return Timing{*start, *end};
}

bool blank(std::string_view line) { return trim(line).empty(); }

bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text)
    if (!is_digit(c)) return false;
  return true;
}

std::string clock(std::int64_t ms) {
  std::string out;
  append_vtt_timestamp(out, ms);
  return out;
}

}  // namespace

std::vector<SubtitleCue> read_srt(std::string_view bytes, std::string_view path,
                                  DiagnosticSink& diagnostics) {
  std::vector<SubtitleCue> cues;
  const std::string file(path);
  LineReader lines(bytes);
  TextLine line;
  bool have = lines.next(line);
  while (have) {
    if (blank(line.text)) {
      have = lines.next(line);
      continue;
    }
    // A block: an optional number line, a timing line, text lines until a blank line.
    const TextLine first = line;
    std::optional<Timing> timing = timing_line(line.text);
    TextLine timing_at = line;
    if (!timing && all_digits(trim(line.text))) {
      have = lines.next(line);
      if (have) {
        timing = timing_line(line.text);
        timing_at = line;
      }
    }
    if (!timing) {
      diagnostics.warning({file, first.number, 1}, "srt-cue-invalid",
                          "this block has no timing line (00:00:01,000 --> 00:00:02,500); "
                          "it is left out");
      while (have && !blank(line.text)) have = lines.next(line);
      continue;
    }
    SubtitleCue cue;
    cue.start_ms = timing->start_ms;
    cue.end_ms = timing->end_ms;
    cue.position = timing_at.position();
    have = lines.next(line);
    std::size_t last_line_start = 0;
    while (have && !blank(line.text)) {
      // A timing line without a blank line before it starts the next cue (as players read
      // it); a number just before it is that cue's number, not this cue's text.
      if (timing_line(line.text)) {
        if (all_digits(trim(std::string_view(cue.text).substr(last_line_start))))
          cue.text.erase(last_line_start > 0 ? last_line_start - 1 : 0);
        break;
      }
      if (!cue.text.empty()) cue.text += '\n';
      last_line_start = cue.text.size();
      cue.text += line.text;
      have = lines.next(line);
    }
    if (cue.end_ms <= cue.start_ms) {
      diagnostics.warning({file, timing_at.number, 1}, "srt-cue-end-before-start",
                          "the cue ends at " + clock(cue.end_ms) + ", not after its start " +
                              clock(cue.start_ms) + "; it is left out");
      continue;
    }
    cues.push_back(std::move(cue));
  }
  if (cues.empty())
    diagnostics.warning({file, 0, 0}, "srt-empty", "the SubRip file has no usable cue");
  return cues;
}

namespace {

/// The tags both SubRip and WebVTT have, kept as they are.
constexpr std::array<std::string_view, 6> kKeptTags = {"<b>", "</b>", "<i>", "</i>", "<u>", "</u>"};

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

/// Whether `text` starts with `prefix` (lower case), ignoring ASCII case: SubRip files write
/// <I> as often as <i>.
bool starts_with_folded(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (lower(text[i]) != prefix[i]) return false;
  return true;
}

/// The length of a <font ...> or </font> tag at the start of `text` (0: none).
std::size_t font_tag_length(std::string_view text) {
  if (!starts_with_folded(text, "<font") && !starts_with_folded(text, "</font")) return 0;
  const std::size_t close = text.find_first_of(">\n");
  return close != std::string_view::npos && text[close] == '>' ? close + 1 : 0;
}

void append_cue_text(std::string& out, std::string_view text) {
  for (std::size_t at = 0; at < text.size();) {
    const std::string_view rest = text.substr(at);
    if (rest[0] == '<') {
      bool kept = false;
      for (std::string_view tag : kKeptTags) {
        if (starts_with_folded(rest, tag)) {
          out += tag;
          at += tag.size();
          kept = true;
          break;
        }
      }
      if (kept) continue;
      if (const std::size_t font = font_tag_length(rest); font > 0) {
        at += font;  // WebVTT has no <font>: its text stays, the colour goes
        continue;
      }
      out += "&lt;";
    } else if (rest[0] == '>') {
      out += "&gt;";
    } else if (rest[0] == '&') {
      out += "&amp;";
    } else if (rest[0] != '\0') {  // WebVTT parsers would turn NUL into U+FFFD
      out += rest[0];
    }
    ++at;
  }
}

/// Whether some line of `text` has more than spaces and tabs.
bool has_visible_line(std::string_view text) {
  for (std::size_t start = 0; start <= text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    if (!trim(text.substr(start, end - start)).empty()) return true;
    start = end + 1;
  }
  return false;
}

}  // namespace

std::string write_webvtt_cues(const std::vector<SubtitleCue>& cues) {
  // WebVTT wants cues ordered by start time; SubRip files are not always (a stable order keeps
  // cues of the same start as the file has them).
  std::vector<const SubtitleCue*> ordered;
  ordered.reserve(cues.size());
  for (const SubtitleCue& cue : cues) ordered.push_back(&cue);
  std::stable_sort(ordered.begin(), ordered.end(), [](const SubtitleCue* a, const SubtitleCue* b) {
    return a->start_ms < b->start_ms;
  });
  std::string out = "WEBVTT\n";
  std::size_t number = 0;
  std::string text;
  for (const SubtitleCue* at : ordered) {
    const SubtitleCue& cue = *at;
    text.clear();
    append_cue_text(text, cue.text);
    if (!has_visible_line(text)) continue;
    out += '\n';
    out += std::to_string(++number);
    out += '\n';
    append_vtt_timestamp(out, cue.start_ms);
    out += " --> ";
    append_vtt_timestamp(out, cue.end_ms);
    out += '\n';
    // A cue's text may not hold an empty line (it would end the cue); read_srt never gives one,
    // but a line of only NULs could become one.
    std::size_t line_start = 0;
    while (line_start <= text.size()) {
      std::size_t end = text.find('\n', line_start);
      if (end == std::string::npos) end = text.size();
      std::string_view one(text.data() + line_start, end - line_start);
      if (!trim(one).empty()) {
        // Trailing white space shows nothing, and SubRip readers drop it too.
        out += one.substr(0, one.find_last_not_of(" \t") + 1);
        out += '\n';
      }
      line_start = end + 1;
    }
  }
  return out;
}

}  // namespace castmap
