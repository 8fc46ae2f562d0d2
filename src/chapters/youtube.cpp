// YouTube description chapter lists.
#include "src/chapters/youtube.hpp"

#include <string>
#include <vector>

#include "src/chapters/clock_time.hpp"
#include "src/chapters/line_titles.hpp"
#include "src/chapters/text_lines.hpp"

namespace castmap {

namespace {

// ---- Reading ---------------------------------------------------------------------------------

bool is_digit(char c) { return c >= '0' && c <= '9'; }

/// The run of digits, `:` and `.` at the start of `text`, without a `:` that ends it (a
/// separator: `7:55: Title`).
std::string_view clock_token(std::string_view text) {
  std::size_t end = 0;
  while (end < text.size() && (is_digit(text[end]) || text[end] == ':' || text[end] == '.')) ++end;
  if (end > 0 && text[end - 1] == ':') --end;
  return text.substr(0, end);
}

/// Whether a token reads as an attempt at a timestamp: digits, `:`, digits.
bool looks_like_timestamp(std::string_view token) {
  const std::size_t colon = token.find(':');
  return colon != std::string_view::npos && colon > 0 && colon + 1 < token.size() &&
         is_digit(token[0]) && is_digit(token[colon + 1]);
}

/// The title after a timestamp: white space, an optional separator, white space, the rest.
std::string_view title_after(std::string_view rest) {
  rest = trim_spaces(rest);
  for (const std::string_view separator : {"-", "\u2013", "\u2014", ":", "|"}) {
    if (rest.starts_with(separator) &&
        (rest.size() == separator.size() || rest[separator.size()] == ' ' ||
         rest[separator.size()] == '\t'))
      return trim_spaces(rest.substr(separator.size()));
  }
  return rest;
}

/// A timestamp that is not where YouTube looks for one: after a bullet or bracket at the start
/// of the line, or at its end. Returns its offset in `text` (npos: none).
std::size_t misplaced_timestamp(std::string_view text) {
  std::size_t at = 0;
  while (at < text.size() && !is_digit(text[at]) && at < 8 &&
         std::string_view("([-*#>\xE2\x80\xA2\xC2\xB7 \t").find(text[at]) != std::string_view::npos)
    ++at;
  if (at > 0 && at < text.size() && looks_like_timestamp(clock_token(text.substr(at)))) return at;
  // At the end: the last word.
  std::size_t last = text.find_last_of(" \t([");
  last = last == std::string_view::npos ? 0 : last + 1;
  std::string_view word = text.substr(last);
  while (!word.empty() && (word.back() == ')' || word.back() == ']')) word.remove_suffix(1);
  if (last > 0 && clock_token(word) == word && looks_like_timestamp(word)) return last;
  return std::string_view::npos;
}

class DescriptionReader {
 public:
  DescriptionReader(std::string_view path, DiagnosticSink& diagnostics)
      : diagnostics_(diagnostics) {
    list_.source_path = std::string(path);
  }

  ChapterList read(std::string_view bytes) {
    LineReader lines(bytes);
    TextLine line;
    while (lines.next(line)) read_line(line);
    return std::move(list_);
  }

 private:
  void unusable(const TextLine& line, std::size_t column, const std::string& why) {
    diagnostics_.warning({list_.source_path, line.number, static_cast<int>(column) + 1},
                         "youtube-timestamp-unusable",
                         "this line looks like a chapter but YouTube would not use it: " + why);
  }

  void read_line(const TextLine& line) {
    const std::size_t lead = line.text.find_first_not_of(" \t");
    if (lead == std::string_view::npos) return;
    const std::string_view text = line.text.substr(lead);
    const std::string_view token = clock_token(text);
    if (!looks_like_timestamp(token)) {
      const std::size_t misplaced = misplaced_timestamp(text);
      if (misplaced != std::string_view::npos)
        unusable(line, lead + misplaced,
                 "YouTube takes a chapter only from a line that starts with its timestamp");
      return;
    }
    const auto time = parse_clock(token, kYouTubeClock);
    if (!time) {
      unusable(line, lead,
               "the timestamp " + quoted_title(token) +
                   " is not M:SS or H:MM:SS (whole seconds, minutes and seconds below 60)");
      return;
    }
    const std::string_view title = title_after(text.substr(token.size()));
    if (title.empty()) {
      unusable(line, lead, "there is no title after the timestamp");
      return;
    }
    if (!list_.chapters.empty() && time->milliseconds <= list_.chapters.back().start_ms) {
      std::string previous;
      append_youtube_clock(previous, list_.chapters.back().start_ms);
      unusable(line, lead,
               "its timestamp is not after the previous chapter's (" + previous +
                   "); YouTube needs them in ascending order");
      return;
    }
    ChapterEntry entry;
    entry.start_ms = time->milliseconds;
    entry.title = std::string(title);
    entry.position = line.position(lead);
    list_.chapters.push_back(std::move(entry));
  }

  DiagnosticSink& diagnostics_;
  ChapterList list_;
};

// ---- Writing ---------------------------------------------------------------------------------

std::int64_t whole_seconds(std::int64_t milliseconds) {
  return milliseconds < 0 ? 0 : milliseconds / 1000;
}

/// Appends a title with `<` and `>`, which a YouTube description may not contain, written as
/// the single angle quotation marks; returns how many it replaced.
std::size_t append_without_angle_brackets(std::string& out, std::string_view title) {
  std::size_t replaced = 0;
  for (const char c : title) {
    if (c == '<' || c == '>') {
      out += c == '<' ? "\u2039" : "\u203A";
      ++replaced;
    } else {
      out += c;
    }
  }
  return replaced;
}

}  // namespace

std::optional<ChapterList> read_youtube_chapters(std::string_view bytes, std::string_view path,
                                                 DiagnosticSink& diagnostics) {
  return DescriptionReader(path, diagnostics).read(bytes);
}

namespace {

/// What YouTube would get from a list: the visible chapters it keeps, each at least 10 s (of
/// whole seconds) after the one before it, the first counted from 0:00; and what breaks its
/// rules.
struct YouTubePlan {
  std::vector<std::size_t> kept;
  std::size_t too_short = 0, first_short = 0;
  bool first_not_zero = false;
};

YouTubePlan plan_youtube(const ChapterListView& view) {
  YouTubePlan plan;
  const auto chapters = view.chapters;
  auto& kept = plan.kept;
  const auto effective_start = [&](std::size_t position) {
    return position == 0 ? std::int64_t{0} : whole_seconds(chapters[kept[position]].start_ms);
  };
  const auto add_short = [&plan](std::size_t index) {
    if (plan.too_short++ == 0 || index < plan.first_short) plan.first_short = index;
  };
  constexpr std::int64_t kMinSeconds = kYouTubeMinChapterMs / 1000;
  for (std::size_t i = 0; i < chapters.size(); ++i) {
    if (!chapters[i].toc) continue;
    if (!kept.empty() &&
        whole_seconds(chapters[i].start_ms) - effective_start(kept.size() - 1) < kMinSeconds) {
      add_short(i);
      continue;
    }
    kept.push_back(i);
  }
  if (view.duration_ms && kept.size() > 1 &&
      whole_seconds(*view.duration_ms) - effective_start(kept.size() - 1) < kMinSeconds) {
    add_short(kept.back());
    kept.pop_back();
  }
  plan.first_not_zero = !kept.empty() && whole_seconds(chapters[kept[0]].start_ms) != 0;
  return plan;
}

std::string clock_text(std::int64_t milliseconds) {
  std::string text;
  append_youtube_clock(text, milliseconds);
  return text;
}

bool has_angle_bracket(std::string_view title) {
  return title.find_first_of("<>") != std::string_view::npos;
}

}  // namespace

RenderedChapters write_youtube_chapters(const ChapterListView& view) {
  RenderedChapters rendered;
  const YouTubePlan plan = plan_youtube(view);
  const auto chapters = view.chapters;
  std::string& out = rendered.bytes;
  std::size_t angle_titles = 0, first_angle = 0, untitled = 0, first_untitled = 0;
  std::string title;
  for (std::size_t n = 0; n < plan.kept.size(); ++n) {
    const std::size_t index = plan.kept[n];
    append_youtube_clock(out, n == 0 ? 0 : chapters[index].start_ms);
    out += ' ';
    title.clear();
    if (!append_line_title(title, chapters[index].title)) {
      title = "Chapter " + std::to_string(n + 1);
      if (untitled++ == 0) first_untitled = index;
    }
    if (append_without_angle_brackets(out, title) > 0 && angle_titles++ == 0) first_angle = index;
    out += '\n';
  }

  auto& notes = rendered.notes;
  if (plan.first_not_zero)
    notes.push_back({Severity::warning, "youtube-first-not-zero",
                     "the first chapter starts at " + clock_text(chapters[plan.kept[0]].start_ms) +
                         "; YouTube needs the first at 0:00, so it is written at 0:00",
                     1, plan.kept[0]});
  if (plan.too_short > 0)
    notes.push_back({Severity::warning, "youtube-chapter-too-short",
                     std::to_string(plan.too_short) +
                         " chapter(s) would last less than 10 s, which YouTube does not accept, "
                         "and are left out of the YouTube list",
                     plan.too_short, plan.first_short});
  if (plan.kept.size() < kYouTubeMinChapters)
    notes.push_back({Severity::warning, "youtube-too-few-chapters",
                     "only " + std::to_string(plan.kept.size()) +
                         " chapter(s): YouTube shows chapters only for at least 3",
                     1, std::nullopt});
  if (angle_titles > 0)
    notes.push_back({Severity::warning, "youtube-angle-brackets",
                     std::to_string(angle_titles) +
                         " title(s) contain < or >, which a YouTube description may not; they "
                         "are written as \u2039 and \u203A",
                     angle_titles, first_angle});
  if (untitled > 0)
    notes.push_back({Severity::warning, "chapter-title-empty-named",
                     std::to_string(untitled) +
                         " chapter(s) without a title are named \"Chapter N\" in the YouTube list",
                     untitled, first_untitled});
  if (out.size() > kYouTubeMaxDescriptionBytes)
    notes.push_back({Severity::warning, "youtube-description-too-long",
                     "the list is " + std::to_string(out.size()) +
                         " bytes; a YouTube description holds at most 5000",
                     1, std::nullopt});
  return rendered;
}

std::vector<ChapterNote> check_youtube_rules(const ChapterListView& view) {
  const YouTubePlan plan = plan_youtube(view);
  const auto chapters = view.chapters;
  std::vector<ChapterNote> notes;
  if (plan.first_not_zero)
    notes.push_back({Severity::warning, "youtube-first-not-zero",
                     "the first chapter starts at " + clock_text(chapters[plan.kept[0]].start_ms) +
                         "; YouTube shows chapters only when the first starts at 0:00",
                     1, plan.kept[0]});
  if (plan.too_short > 0)
    notes.push_back({Severity::warning, "youtube-chapter-too-short",
                     std::to_string(plan.too_short) +
                         " chapter(s) last less than 10 s after the chapter before them (or "
                         "before the end); YouTube shows no chapters then",
                     plan.too_short, plan.first_short});
  if (plan.kept.size() + plan.too_short < kYouTubeMinChapters)
    notes.push_back({Severity::warning, "youtube-too-few-chapters",
                     "only " + std::to_string(plan.kept.size() + plan.too_short) +
                         " visible chapter(s): YouTube shows chapters only for at least 3",
                     1, std::nullopt});
  std::size_t angle_titles = 0, first_angle = 0;
  for (std::size_t i = 0; i < chapters.size(); ++i)
    if (chapters[i].toc && has_angle_bracket(chapters[i].title) && angle_titles++ == 0)
      first_angle = i;
  if (angle_titles > 0)
    notes.push_back({Severity::warning, "youtube-angle-brackets",
                     std::to_string(angle_titles) +
                         " title(s) contain < or >, which a YouTube description may not",
                     angle_titles, first_angle});
  const std::size_t bytes = write_youtube_chapters(view).bytes.size();
  if (bytes > kYouTubeMaxDescriptionBytes)
    notes.push_back({Severity::warning, "youtube-description-too-long",
                     "the chapter list alone is " + std::to_string(bytes) +
                         " bytes; a YouTube description holds at most 5000",
                     1, std::nullopt});
  return notes;
}

}  // namespace castmap
