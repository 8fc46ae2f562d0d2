// FFMETADATA1, read as libavformat/ffmetadec.c does and written as libavformat/ffmetaenc.c
// does (same section layout, same escapes).
#include "src/chapters/ffmetadata.hpp"

#include <charconv>
#include <string>

#include "src/chapters/text_lines.hpp"

namespace castmap {

namespace {

// ---- Reading ---------------------------------------------------------------------------------

/// One line as ffmpeg reads it: up to an unescaped CR, LF or NUL; escapes are kept (a tag's
/// key and value are unescaped after splitting at the first unescaped `=`).
struct MetaLine {
  std::string_view text;
  std::size_t offset = 0;
};

class MetaLines {
 public:
  explicit MetaLines(std::string_view bytes) : bytes_(bytes), at_(bom_length(bytes)) {}

  /// The next line that is not empty or a comment (`;` or `#`), as ffmpeg skips them.
  bool next(MetaLine& line) {
    while (at_ < bytes_.size()) {
      const std::size_t from = at_;
      std::size_t i = from;
      while (i < bytes_.size()) {
        const char c = bytes_[i];
        if (c == '\\') {
          i += 2;
          continue;
        }
        if (c == '\r' || c == '\n' || c == '\0') break;
        ++i;
      }
      const std::size_t stop = std::min(i, bytes_.size());
      at_ = stop;
      if (at_ < bytes_.size()) at_ += bytes_.compare(at_, 2, "\r\n") == 0 ? 2 : 1;
      const std::string_view text = bytes_.substr(from, stop - from);
      if (text.empty() || text.front() == ';' || text.front() == '#') continue;
      line = MetaLine{text, from};
      return true;
    }
    return false;
  }

 private:
  std::string_view bytes_;
  std::size_t at_;
};

std::string unescape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) ++i;
    out += text[i];
  }
  return out;
}

/// Splits `key=value` at the first unescaped `=`; false when there is none.
bool split_tag(std::string_view line, std::string& key, std::string& value) {
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\\') {
      ++i;
      continue;
    }
    if (line[i] == '=') {
      key = unescape(line.substr(0, i));
      value = unescape(line.substr(i + 1));
      return true;
    }
  }
  return false;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

/// sscanf("%" SCNd64)-like: optional spaces and sign, then digits; the rest is ignored.
std::optional<std::int64_t> leading_integer(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end == text.data()) return std::nullopt;
  return value;
}

/// 128-bit arithmetic (GCC and clang): value * num * 1000 needs up to 104 bits.
__extension__ using Int128 = __int128;

/// `value` units of num/den seconds in milliseconds, to the nearest; nullopt when out of range.
std::optional<std::int64_t> to_millis(std::int64_t value, std::int64_t num, std::int64_t den,
                                      bool& rounded) {
  const Int128 scaled = static_cast<Int128>(value) * num * 1000;
  Int128 millis = scaled / den;
  const Int128 remainder = scaled % den;
  rounded = remainder != 0;
  if (remainder * 2 >= den) ++millis;
  if (remainder * 2 <= -den) --millis;
  if (millis > kMaxChapterMilliseconds || millis < -kMaxChapterMilliseconds) return std::nullopt;
  return static_cast<std::int64_t>(millis);
}

class MetaReader {
 public:
  MetaReader(std::string_view bytes, std::string_view path, DiagnosticSink& diagnostics)
      : bytes_(bytes), lines_(bytes), index_(bytes), diagnostics_(diagnostics) {
    list_.source_path = std::string(path);
  }

  std::optional<ChapterList> read() {
    const std::size_t bom = bom_length(bytes_);
    if (bytes_.compare(bom, 11, ";FFMETADATA") != 0) {
      diagnostics_.error(where(0), "chapter-file-invalid",
                         "not FFMETADATA: the file must start with \";FFMETADATA1\"");
      return std::nullopt;
    }
    if (bom > 0)
      diagnostics_.warning(where(0), "chapter-file-malformed",
                           "the file starts with a byte order mark, which ffmpeg does not accept");
    enum class Section { global, chapter, other } section = Section::global;
    ChapterEntry* chapter = nullptr;
    MetaLine line;
    std::string key, value;
    while (lines_.next(line)) {
      if (line.text.starts_with("[CHAPTER]")) {
        chapter = read_chapter_header(line);
        section = Section::chapter;
        continue;
      }
      if (line.text.starts_with("[STREAM]")) {
        section = Section::other;
        continue;
      }
      if (!split_tag(line.text, key, value) || !equals_ignoring_case(key, "title")) continue;
      if (section == Section::global) list_.title = std::move(value);
      if (section == Section::chapter && chapter) chapter->title = std::move(value);
    }
    rounded_.report(list_.source_path, diagnostics_);
    return std::move(list_);
  }

 private:
  SourceLocation where(std::size_t offset) const {
    const FieldPosition at = index_.at(offset);
    return {list_.source_path, at.line, at.column};
  }

  /// Reads TIMEBASE, START and END after `[CHAPTER]` the way ffmpeg does: each line is taken
  /// when it matches, and an unmatched line is lost to the header (ffmpeg does not read it as
  /// a tag either). Returns the chapter its tags go to, null when it was dropped.
  ChapterEntry* read_chapter_header(const MetaLine& header) {
    ChapterEntry entry;
    entry.position = index_.at(header.offset);
    std::int64_t num = 1, den = 1'000'000'000;  // ffmpeg's default time base
    MetaLine line;
    bool have = lines_.next(line);
    std::string base_problem;
    if (have && line.text.starts_with("TIMEBASE=")) {
      const std::string_view spec = line.text.substr(9);
      const std::size_t slash = spec.find('/');
      const auto n = leading_integer(spec.substr(0, slash));
      const auto d =
          slash == std::string_view::npos ? std::nullopt : leading_integer(spec.substr(slash + 1));
      if (n) num = *n;
      if (d) den = *d;
      // ffmpeg reads both as int; so does this (which also keeps the arithmetic in 128 bits).
      constexpr std::int64_t kIntMax = 2147483647;
      if (!n || num <= 0 || den <= 0 || num > kIntMax || den > kIntMax)
        base_problem = "its TIMEBASE " + quoted_title(spec) + " is not a positive fraction";
      have = lines_.next(line);
    }
    std::optional<std::int64_t> start;
    if (have && line.text.starts_with("START=")) {
      start = leading_integer(line.text.substr(6));
      have = lines_.next(line);
    }
    std::optional<std::int64_t> end;
    if (have && line.text.starts_with("END=")) end = leading_integer(line.text.substr(4));
    std::string why = base_problem;
    bool rounded = false;
    std::optional<std::int64_t> start_ms;
    if (why.empty() && !start) why = "it has no START= line right after [CHAPTER] (and TIMEBASE=)";
    if (why.empty()) {
      start_ms = to_millis(*start, num, den, rounded);
      if (!start_ms) why = "its START is out of range";
    }
    if (!why.empty()) {
      diagnostics_.warning(where(header.offset), "chapter-start-invalid",
                           "a chapter was dropped: " + why);
      return nullptr;
    }
    entry.start_ms = *start_ms;
    if (rounded) rounded_.add(entry.position);
    if (end) {
      bool end_rounded = false;
      entry.end_ms = to_millis(*end, num, den, end_rounded);
      if (end_rounded) rounded_.add(entry.position);
    } else {
      diagnostics_.warning(where(header.offset), "chapter-file-malformed",
                           "the chapter has no END= line right after START=, which ffmpeg "
                           "requires (the line there is lost, as in ffmpeg); read without an end");
    }
    list_.chapters.push_back(std::move(entry));
    return &list_.chapters.back();
  }

  std::string_view bytes_;
  MetaLines lines_;
  LineIndex index_;
  DiagnosticSink& diagnostics_;
  ChapterList list_;
  RoundedTimes rounded_;
};

// ---- Writing ---------------------------------------------------------------------------------

/// ffmetaenc.c's escaping (`=`, `;`, `#`, `\`, line feed), plus carriage returns, which ffmpeg's
/// reader would otherwise take as the end of the line. NUL cannot be written; it is dropped.
void append_ffmetadata_escaped(std::string& out, std::string_view text) {
  for (const char c : text) {
    switch (c) {
      case '=':
      case ';':
      case '#':
      case '\\':
      case '\n':
      case '\r':
        out += '\\';
        out += c;
        break;
      case '\0':
        break;
      default:
        out += c;
    }
  }
}

void append_number(std::string& out, std::int64_t value) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  out.append(digits, end);
}

/// Without a known end, the last chapter claims as little as WebVTT's last cue does.
constexpr std::int64_t kUnknownEndMs = 1000;

}  // namespace

std::optional<ChapterList> read_ffmetadata(std::string_view bytes, std::string_view path,
                                           DiagnosticSink& diagnostics) {
  return MetaReader(bytes, path, diagnostics).read();
}

RenderedChapters write_ffmetadata(const ChapterListView& view) {
  RenderedChapters rendered;
  std::string& out = rendered.bytes;
  out = ";FFMETADATA1\n";
  if (view.title) {
    out += "title=";
    append_ffmetadata_escaped(out, *view.title);
    out += '\n';
  }
  const auto chapters = view.chapters;
  const auto next_visible = [&chapters](std::size_t from) {
    while (from < chapters.size() && !chapters[from].toc) ++from;
    return from;
  };
  for (std::size_t i = next_visible(0); i < chapters.size();) {
    const std::size_t next = next_visible(i + 1);
    const ChapterView& chapter = chapters[i];
    const std::int64_t start = std::max<std::int64_t>(chapter.start_ms, 0);
    auto end = written_end(view, i, next < chapters.size() ? std::optional(next) : std::nullopt);
    if (!end) {
      end = start + kUnknownEndMs;
      rendered.notes.push_back({Severity::warning, "ffmetadata-last-end-estimated",
                                "the duration is unknown, so the last chapter's END is 1 s after "
                                "its START",
                                1, i});
    }
    out += "[CHAPTER]\nTIMEBASE=1/1000\nSTART=";
    append_number(out, start);
    out += "\nEND=";
    append_number(out, std::max(*end, start));
    out += "\ntitle=";
    append_ffmetadata_escaped(out, chapter.title);
    out += '\n';
    i = next;
  }
  return rendered;
}

}  // namespace castmap
