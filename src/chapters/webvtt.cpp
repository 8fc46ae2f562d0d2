// WebVTT chapter tracks. The writer is the webvtt exporter's track rendering (the same cue
// plan, escaping and "Chapter N" rule), on a chapter list view; the reader follows the W3C
// parser's block and timestamp rules.
#include "src/chapters/webvtt.hpp"

#include <algorithm>
#include <string>

#include "src/chapters/clock_time.hpp"
#include "src/chapters/text_lines.hpp"

namespace castmap {

namespace {

// ---- Writing ---------------------------------------------------------------------------------

/// How long the last cue lasts when the duration is unknown: claim as little as possible; the
/// cue still tells a player where the chapter starts (what seeking uses).
constexpr std::int64_t kUnknownDurationLastCueMs = 1000;

/// Appends a title as WebVTT chapter title text: plain text plus character references. `&`
/// would start a reference, `<` a tag, and escaping `>` makes `-->` impossible; a line break
/// would split or (as a blank line) end the cue, so the title becomes one line.
void append_cue_text(std::string& out, std::string_view title) {
  for (char c : title) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '\r':
      case '\n':
      case '\t':
        out += ' ';
        break;
      case '\0':  // the parser would turn it into U+FFFD
        break;
      default:
        out += c;
    }
  }
}

/// Whether a title escapes to nothing but spaces (see append_cue_text).
bool blank_cue_text(std::string_view title) {
  constexpr std::string_view kBlank(" \r\n\t\0", 5);
  return title.find_first_not_of(kBlank) == std::string_view::npos;
}

struct Cue {
  std::int64_t start_ms = 0;
  std::int64_t end_ms = 0;
  std::size_t chapter = 0;
};

/// What planning a track had to decide.
struct TrackReport {
  bool last_cue_estimated = false;
  bool only_hidden_chapters = false;
  std::size_t dropped_cues = 0;
  std::size_t first_dropped = 0;
  std::size_t untitled_cues = 0;
  std::size_t first_untitled = 0;
};

/// Decides the cues of a track, handing each to `take` in order; allocates nothing.
template <typename TakeCue>
std::size_t plan_cues(const ChapterListView& view, TrackReport& report, TakeCue&& take) {
  const auto chapters = view.chapters;
  const auto next_visible = [&chapters](std::size_t from) {
    while (from < chapters.size() && !chapters[from].toc) ++from;
    return from;
  };
  std::size_t at = next_visible(0);
  if (at == chapters.size()) {
    report.only_hidden_chapters = !chapters.empty();
    return 0;
  }
  std::size_t count = 0;
  while (at < chapters.size()) {
    const std::size_t index = at;
    const ChapterView& chapter = chapters[index];
    const std::size_t next = next_visible(at + 1);
    at = next;
    const std::int64_t start = chapter.start_ms;
    std::int64_t end = 0;
    if (has_own_end(view, index)) {
      // Its own end, but never past the next cue's start: chapter cues may not overlap.
      end = next < chapters.size() ? std::min(*chapter.end_ms, chapters[next].start_ms)
                                   : *chapter.end_ms;
    } else if (next < chapters.size()) {
      // Ends exactly where the next visible chapter starts: no gap, no overlap. Hidden
      // (toc: false) chapters in between belong to this cue.
      end = chapters[next].start_ms;
    } else if (view.duration_ms) {
      // Starts are below the duration after normalizing; keep the cue at least 1 ms long.
      end = std::max(*view.duration_ms, start + 1);
    } else {
      end = start + kUnknownDurationLastCueMs;
      report.last_cue_estimated = true;
    }
    if (end <= start) {
      // Two chapters at the same millisecond: the earlier cue would be empty, which parsers
      // reject. The later chapter takes over at the same instant.
      if (report.dropped_cues++ == 0) report.first_dropped = index;
      continue;
    }
    if (blank_cue_text(chapter.title) && report.untitled_cues++ == 0) report.first_untitled = index;
    take(Cue{start, end, index});
    ++count;
  }
  return count;
}

std::vector<ChapterNote> notes_of(const ChapterListView& view, const TrackReport& report) {
  std::vector<ChapterNote> notes;
  if (report.last_cue_estimated)
    notes.push_back({Severity::warning, "vtt-last-cue-estimated",
                     "the duration is unknown, so the last WebVTT cue ends 1 s after it starts", 1,
                     std::nullopt});
  if (report.dropped_cues > 0)
    notes.push_back({Severity::warning, "vtt-cue-dropped",
                     std::to_string(report.dropped_cues) +
                         " chapter(s) start at the same millisecond as the next one and are left "
                         "out of the WebVTT track (first " +
                         quoted_title(view.chapters[report.first_dropped].title) + ")",
                     report.dropped_cues, report.first_dropped});
  if (report.untitled_cues > 0)
    notes.push_back({Severity::warning, "vtt-chapter-title-empty",
                     std::to_string(report.untitled_cues) +
                         " chapter(s) without a title are named \"Chapter N\" in the WebVTT "
                         "track",
                     report.untitled_cues, report.first_untitled});
  if (report.only_hidden_chapters)
    notes.push_back({Severity::note, "vtt-no-visible-chapters",
                     "all chapters are toc: false, so the WebVTT track has no cues", 1,
                     std::nullopt});
  return notes;
}

// ---- Reading ---------------------------------------------------------------------------------

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\f'; }

/// The W3C "collect a WebVTT timestamp" algorithm at `at` in `line` ([HH+:]MM:SS.mmm, which
/// kWebVttClock spells out); advances `at` past it.
std::optional<std::int64_t> collect_timestamp(std::string_view line, std::size_t& at) {
  const std::size_t from = at;
  while (at < line.size() && (is_digit(line[at]) || line[at] == ':' || line[at] == '.')) ++at;
  const auto time = parse_clock(line.substr(from, at - from), kWebVttClock);
  if (!time) return std::nullopt;
  return time->milliseconds;
}

/// Reads a timing line `start --> end [settings]`; nullopt when the parser would reject it.
std::optional<std::pair<std::int64_t, std::int64_t>> parse_timing(std::string_view line) {
  std::size_t at = 0;
  while (at < line.size() && is_space(line[at])) ++at;
  const auto start = collect_timestamp(line, at);
  if (!start) return std::nullopt;
  while (at < line.size() && is_space(line[at])) ++at;
  if (line.compare(at, 3, "-->") != 0) return std::nullopt;
  at += 3;
  while (at < line.size() && is_space(line[at])) ++at;
  const auto end = collect_timestamp(line, at);
  if (!end) return std::nullopt;
  // Cue settings may follow after white space; nothing else may.
  if (at < line.size() && !is_space(line[at])) return std::nullopt;
  return std::pair{*start, *end};
}

void append_utf8(std::string& out, unsigned long code) {
  if (code == 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) code = 0xFFFD;
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

/// Decodes the character reference at `text[at]` (an `&`) into `out`; returns the bytes used,
/// 0 when it is not one castmap knows (the `&` is then text).
std::size_t decode_reference(std::string_view text, std::size_t at, std::string& out) {
  struct Named {
    std::string_view name;
    std::string_view text;
  };
  static constexpr Named kNamed[] = {{"&amp;", "&"},      {"&lt;", "<"},      {"&gt;", ">"},
                                     {"&quot;", "\""},    {"&apos;", "'"},    {"&nbsp;", "\u00A0"},
                                     {"&lrm;", "\u200E"}, {"&rlm;", "\u200F"}};
  for (const Named& named : kNamed)
    if (text.compare(at, named.name.size(), named.name) == 0) {
      out += named.text;
      return named.name.size();
    }
  if (text.compare(at, 2, "&#") != 0) return 0;
  std::size_t i = at + 2;
  const bool hex = i < text.size() && (text[i] == 'x' || text[i] == 'X');
  if (hex) ++i;
  const std::size_t digits_from = i;
  unsigned long code = 0;
  while (i < text.size() && i - digits_from < 8) {
    const char c = text[i];
    int value = -1;
    if (is_digit(c)) value = c - '0';
    if (hex && c >= 'a' && c <= 'f') value = c - 'a' + 10;
    if (hex && c >= 'A' && c <= 'F') value = c - 'A' + 10;
    if (value < 0) break;
    code = code * (hex ? 16 : 10) + static_cast<unsigned long>(value);
    ++i;
  }
  if (i == digits_from || i >= text.size() || text[i] != ';') return 0;
  append_utf8(out, code);
  return i + 1 - at;
}

/// The chapter title of a cue's text: text and references, without tags and ruby text.
std::string cue_title(std::string_view text) {
  std::string title;
  int in_ruby_text = 0;
  for (std::size_t at = 0; at < text.size();) {
    const char c = text[at];
    if (c == '<') {
      const std::size_t close = text.find('>', at);
      const std::string_view tag =
          text.substr(at + 1, (close == std::string_view::npos ? text.size() : close) - at - 1);
      if (tag == "rt" || tag.starts_with("rt.") || tag.starts_with("rt ")) ++in_ruby_text;
      if (tag == "/rt" && in_ruby_text > 0) --in_ruby_text;
      at = close == std::string_view::npos ? text.size() : close + 1;
      continue;
    }
    if (in_ruby_text > 0) {
      ++at;
      continue;
    }
    if (c == '&') {
      if (const std::size_t used = decode_reference(text, at, title)) {
        at += used;
        continue;
      }
    }
    title += c;
    ++at;
  }
  return title;
}

bool starts_block_keyword(std::string_view line, std::string_view keyword) {
  return line.starts_with(keyword) &&
         (line.size() == keyword.size() || is_space(line[keyword.size()]));
}

bool has_arrow(const TextLine& line) { return line.text.find("-->") != std::string_view::npos; }

class VttReader {
 public:
  VttReader(std::string_view bytes, std::string_view path, DiagnosticSink& diagnostics)
      : lines_(bytes), diagnostics_(diagnostics) {
    list_.source_path = std::string(path);
  }

  std::optional<ChapterList> read() {
    TextLine line;
    if (!lines_.next(line) || !line.text.starts_with("WEBVTT") ||
        (line.text.size() > 6 && line.text[6] != ' ' && line.text[6] != '\t')) {
      diagnostics_.error({list_.source_path, 1, 1}, "chapter-file-invalid",
                         "not a WebVTT file: the first line must be \"WEBVTT\", optionally "
                         "followed by a space and text");
      return std::nullopt;
    }
    // The header: lines up to the first blank line (a timing line there starts a cue).
    bool have = lines_.next(line);
    while (have && !line.text.empty() && !has_arrow(line)) have = lines_.next(line);
    while (have) {
      if (line.text.empty()) {
        have = lines_.next(line);
        continue;
      }
      have = read_block(line);
    }
    if (malformed_ > 0)
      diagnostics_.warning(where(malformed_at_), "chapter-file-malformed",
                           std::to_string(malformed_) +
                               " block(s) are neither cues nor NOTE, STYLE or REGION blocks and "
                               "were skipped");
    return std::move(list_);
  }

 private:
  SourceLocation where(FieldPosition at) const { return {list_.source_path, at.line, at.column}; }

  /// Reads the block whose first line is `line`. Returns whether `line` then holds the line
  /// after the block (a blank line, or one holding "-->" that starts the next cue).
  bool read_block(TextLine& line) {
    const TextLine first = line;
    TextLine timing = first;
    if (!has_arrow(first)) {
      if (starts_block_keyword(first.text, "NOTE") || starts_block_keyword(first.text, "STYLE") ||
          starts_block_keyword(first.text, "REGION"))
        return skip_block(line);
      // An identifier, when the next line is the timing line.
      const bool more = lines_.next(line);
      if (!more || !has_arrow(line)) {
        malformed(first);
        // At a blank line (or the end) the block is over; otherwise skip the rest of it.
        return more && (line.text.empty() || skip_block(line));
      }
      timing = line;
    }
    ChapterEntry entry;
    entry.position = first.position();
    const auto times = parse_timing(timing.text);
    // The payload: up to a blank line, or a line holding "-->", which starts the next cue.
    std::string text;
    bool have = lines_.next(line);
    for (bool first_line = true; have && !line.text.empty() && !has_arrow(line);
         first_line = false) {
      if (!first_line) text += '\n';
      text += line.text;
      have = lines_.next(line);
    }
    entry.title = cue_title(text);
    if (!times) {
      diagnostics_.warning(where(timing.position()), "chapter-start-invalid",
                           "cue " + quoted_title(entry.title) +
                               " was dropped: its timing line is not `HH:MM:SS.mmm --> "
                               "HH:MM:SS.mmm`, which players reject");
    } else {
      entry.start_ms = times->first;
      entry.end_ms = times->second;
      list_.chapters.push_back(std::move(entry));
    }
    return have;
  }

  /// Skips the rest of a block: up to a blank line or a line holding "-->".
  bool skip_block(TextLine& line) {
    while (lines_.next(line))
      if (line.text.empty() || has_arrow(line)) return true;
    return false;
  }

  void malformed(const TextLine& first) {
    if (malformed_++ == 0) malformed_at_ = first.position();
  }

  LineReader lines_;
  DiagnosticSink& diagnostics_;
  ChapterList list_;
  std::size_t malformed_ = 0;
  FieldPosition malformed_at_;
};

}  // namespace

std::optional<ChapterList> read_webvtt_chapters(std::string_view bytes, std::string_view path,
                                                DiagnosticSink& diagnostics) {
  return VttReader(bytes, path, diagnostics).read();
}

WebVttTrackPlan plan_webvtt_track(const ChapterListView& view) {
  TrackReport report;
  WebVttTrackPlan plan;
  plan.cues = plan_cues(view, report, [](const Cue&) {});
  plan.notes = notes_of(view, report);
  return plan;
}

RenderedChapters write_webvtt_chapters(const ChapterListView& view) {
  RenderedChapters rendered;
  // No header text after WEBVTT: character references are not decoded there.
  std::string& out = rendered.bytes;
  out = "WEBVTT\n";
  TrackReport report;
  std::size_t number = 0;
  plan_cues(view, report, [&](const Cue& cue) {
    const std::string cue_number = std::to_string(++number);
    out += "\nchapter-";
    out += cue_number;
    out += '\n';
    append_clock(out, cue.start_ms);
    out += " --> ";
    append_clock(out, cue.end_ms);
    out += '\n';
    // A cue with no text is dropped by browsers; keep the chapter navigable.
    const std::string_view title = view.chapters[cue.chapter].title;
    if (blank_cue_text(title)) {
      out += "Chapter ";
      out += cue_number;
    } else {
      append_cue_text(out, title);
    }
    out += '\n';
  });
  rendered.notes = notes_of(view, report);
  return rendered;
}

}  // namespace castmap
