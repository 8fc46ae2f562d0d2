// JSON chapters. The reader is a SAX handler over nlohmann-json's parser, fed through an
// iterator that tells it how far the parser has read, so every chapter is located at its `{`
// (nlohmann's DOM records no positions). It builds the chapter list directly and keeps no DOM.
#include "src/chapters/json_chapters.hpp"

#include <cmath>
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "src/chapters/text_lines.hpp"

namespace castmap {

namespace {

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;  // keys in the order written, as in the spec

/// A pointer into the bytes that records, in a place the handler reads, how far the parser's
/// lexer has read: at each SAX event that is just past the token the event is about.
class TrackingIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  TrackingIterator(const char* at, const char** reached) : at_(at), reached_(reached) {}
  reference operator*() const { return *at_; }
  TrackingIterator& operator++() {
    *reached_ = ++at_;
    return *this;
  }
  TrackingIterator operator++(int) {
    TrackingIterator before = *this;
    ++*this;
    return before;
  }
  bool operator==(const TrackingIterator& other) const { return at_ == other.at_; }
  bool operator!=(const TrackingIterator& other) const { return at_ != other.at_; }

 private:
  const char* at_;
  const char** reached_;
};

/// Deeper nesting is refused: a chapter file needs four levels.
constexpr std::size_t kMaxDepth = 64;

class ChaptersHandler final : public nlohmann::json_sax<Json> {
 public:
  ChaptersHandler(std::string_view bytes, std::string_view path, DiagnosticSink& diagnostics)
      : bytes_(bytes), reached_(bytes.data()), lines_(bytes), diagnostics_(diagnostics) {
    list_.source_path = std::string(path);
  }

  const char** reached() { return &reached_; }

  /// The list, or nullopt after reporting why the file is unusable.
  std::optional<ChapterList> finish(bool parsed) {
    if (!parsed && !failed_) fail({1, 1}, "chapter-file-invalid", "the file could not be read");
    if (failed_) return std::nullopt;
    if (!saw_chapters_) {
      fail({1, 1}, "chapter-file-invalid", "JSON chapters need a \"chapters\" list; none found");
      return std::nullopt;
    }
    rounded_.report(list_.source_path, diagnostics_);
    return std::move(list_);
  }

  bool null() override { return scalar("null"); }
  bool boolean(bool value) override {
    if (auto* chapter = chapter_field("toc")) {
      chapter->toc = value;
      return true;
    }
    return scalar("a boolean");
  }
  bool number_integer(number_integer_t value) override {
    return number(static_cast<double>(value), value, "");
  }
  bool number_unsigned(number_unsigned_t value) override {
    return number(static_cast<double>(value), std::nullopt, "");
  }
  bool number_float(number_float_t value, const string_t& text) override {
    return number(value, std::nullopt, text);
  }
  bool string(string_t& value) override {
    if (frames_.empty()) return not_an_object();
    if (std::optional<std::string>* field = string_field()) {
      *field = std::move(value);
      return true;
    }
    if (frames_.back().role == Role::root && frames_.back().key == "version") return true;
    return scalar("a string");
  }
  bool binary(binary_t&) override { return scalar("binary data"); }

  bool start_object(std::size_t) override {
    const std::size_t at = token_offset();
    if (frames_.empty()) return push(Role::root);
    Frame& top = frames_.back();
    if (top.role == Role::chapters) {
      current_ = ChapterEntry{};
      title_.reset();
      current_.position = lines_.at(at);
      start_ok_ = false;
      start_problem_.clear();
      return push(Role::chapter);
    }
    if (top.role == Role::chapter && top.key != "location") wrong_type("an object");
    if (top.role == Role::root) root_container("an object");
    return push(Role::ignored);
  }
  bool key(string_t& value) override {
    Frame& top = frames_.back();
    top.key = std::move(value);
    top.key_offset = consumed() >= top.key.size() + 2 ? consumed() - top.key.size() - 2 : 0;
    if (top.role == Role::root || top.role == Role::chapter) note_ignored(top);
    return true;
  }
  bool end_object() override {
    if (frames_.back().role == Role::chapter) finish_chapter();
    frames_.pop_back();
    return true;
  }
  bool start_array(std::size_t) override {
    if (frames_.empty()) return not_an_object();
    Frame& top = frames_.back();
    if (top.role == Role::root && top.key == "chapters") {
      list_.chapters.clear();  // a repeated key: the last one counts, as for any JSON reader
      saw_chapters_ = true;
      return push(Role::chapters);
    }
    if (top.role == Role::chapter) wrong_type("a list");
    if (top.role == Role::root) root_container("a list");
    if (top.role == Role::chapters) item_not_object("a list");
    return push(Role::ignored);
  }
  bool end_array() override {
    frames_.pop_back();
    return true;
  }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& error) override {
    // nlohmann's message is "[json.exception.parse_error.101] parse error at line 1, column 2:
    // syntax error while parsing value - ..."; keep what follows the location.
    std::string message = error.what();
    if (const std::size_t colon = message.find(": "); colon != std::string::npos)
      message = message.substr(colon + 2);
    // `position` counts the bytes read after a byte order mark; the last one is the culprit.
    const std::size_t offset = bom_length(bytes_) + (position > 0 ? position - 1 : 0);
    fail(lines_.at(offset), "json-syntax", "invalid JSON: " + message);
    return false;
  }

 private:
  enum class Role { root, chapters, chapter, ignored };
  struct Frame {
    Role role;
    std::string key;
    std::size_t key_offset = 0;
  };

  std::size_t consumed() const { return static_cast<std::size_t>(reached_ - bytes_.data()); }
  /// The offset of the token the current event is about (its last byte read).
  std::size_t token_offset() const { return consumed() > 0 ? consumed() - 1 : 0; }
  SourceLocation where(FieldPosition at) const { return {list_.source_path, at.line, at.column}; }
  FieldPosition key_position() const { return lines_.at(frames_.back().key_offset); }

  void fail(FieldPosition at, const char* code, std::string message) {
    if (failed_) return;
    failed_ = true;
    diagnostics_.error(where(at), code, std::move(message));
  }

  bool push(Role role) {
    if (frames_.size() >= kMaxDepth) {
      fail(lines_.at(token_offset()), "chapter-file-invalid",
           "JSON nested deeper than " + std::to_string(kMaxDepth) + " levels");
      return false;
    }
    frames_.push_back(Frame{role, {}, 0});
    return true;
  }

  bool not_an_object() {
    fail({1, 1}, "chapter-file-invalid", "JSON chapters must be an object");
    return false;
  }

  /// Where the current string value goes, when it is a text field castmap keeps.
  std::optional<std::string>* string_field() {
    Frame& top = frames_.back();
    if (top.role == Role::chapter) {
      if (top.key == "title") return &title_;
      if (top.key == "url") return &current_.url;
      if (top.key == "img") return &current_.image;
    } else if (top.role == Role::root) {
      if (top.key == "title") return &list_.title;
      if (top.key == "podcastName") return &list_.podcast_name;
    }
    return nullptr;
  }

  /// The chapter being read when the current value belongs to its `name` field.
  ChapterEntry* chapter_field(std::string_view name) {
    if (frames_.empty() || frames_.back().role != Role::chapter) return nullptr;
    return frames_.back().key == name ? &current_ : nullptr;
  }

  bool number(double seconds, std::optional<std::int64_t> integer, const std::string& text) {
    if (frames_.empty()) return not_an_object();
    const Frame& top = frames_.back();
    if (top.role != Role::chapter || (top.key != "startTime" && top.key != "endTime"))
      return scalar("a number");
    std::optional<std::int64_t> millis;
    constexpr double kLimit = static_cast<double>(kMaxChapterMilliseconds);
    if (integer && *integer >= -kMaxChapterMilliseconds / 1000 &&
        *integer <= kMaxChapterMilliseconds / 1000) {
      millis = *integer * 1000;
    } else if (std::isfinite(seconds) && std::abs(seconds * 1000.0) <= kLimit) {
      millis = to_milliseconds(seconds);
      if (below_millisecond(text, seconds)) rounded_.add(current_.position);
    }
    const bool start = top.key == "startTime";
    if (!millis) {
      if (start)
        start_problem_ = "a startTime of " + text_or(text, seconds) + " s is out of range";
      else
        warn_at_chapter("invalid-type",
                        "endTime " + text_or(text, seconds) + " is out of range; ignored");
      return true;
    }
    if (start) {
      current_.start_ms = *millis;
      start_ok_ = true;
      start_problem_.clear();
    } else {
      current_.end_ms = *millis;
    }
    return true;
  }

  static std::string text_or(const std::string& text, double seconds) {
    return text.empty() ? std::to_string(seconds) : text;
  }

  /// Whether a JSON number has digits below the millisecond.
  static bool below_millisecond(const std::string& text, double seconds) {
    if (text.find_first_of("eE") != std::string::npos || text.empty()) {
      const double millis = seconds * 1000.0;
      return std::abs(millis - std::round(millis)) > 1e-6 * std::max(1.0, std::abs(millis));
    }
    const std::size_t dot = text.find('.');
    return dot != std::string::npos && text.find_first_not_of('0', dot + 4) != std::string::npos &&
           text.size() > dot + 4;
  }

  /// A scalar nobody asked for: a wrong type where a known field is, otherwise ignored.
  bool scalar(const char* kind) {
    if (frames_.empty()) return not_an_object();
    const Frame& top = frames_.back();
    if (top.role == Role::chapter) wrong_type(kind);
    if (top.role == Role::chapters) item_not_object(kind);
    if (top.role == Role::root) root_scalar(kind);
    return true;
  }

  void wrong_type(const char* kind) {
    const std::string& field = frames_.back().key;
    if (field == "startTime") {
      start_problem_ = std::string("startTime must be a number of seconds, not ") + kind;
      start_ok_ = false;
      return;
    }
    static const std::set<std::string, std::less<>> kExpected = {"endTime", "title", "url", "img",
                                                                 "toc"};
    if (!kExpected.contains(field)) return;
    const char* expected = field == "endTime" ? "a number"
                           : field == "toc"   ? "true or false"
                                              : "a string";
    warn_at_chapter("invalid-type",
                    "chapter " + field + " must be " + expected + ", not " + kind + "; ignored");
  }

  void root_scalar(const char* kind) {
    const std::string& field = frames_.back().key;
    if (field == "chapters") {
      fail(key_position(), "chapter-file-invalid",
           std::string("\"chapters\" must be a list, not ") + kind);
    } else if (field == "title" || field == "podcastName" || field == "version") {
      diagnostics_.warning(where(key_position()), "invalid-type",
                           field + " must be a string, not " + kind + "; ignored");
    }
  }
  void root_container(const char* kind) { root_scalar(kind); }

  void item_not_object(const char* kind) {
    diagnostics_.warning(where(lines_.at(token_offset())), "invalid-type",
                         std::string("a chapter must be an object, not ") + kind + "; ignored");
  }

  void warn_at_chapter(const char* code, std::string message) {
    diagnostics_.warning(where(current_.position), code, std::move(message));
  }

  /// Names each known field castmap does not carry once per file.
  void note_ignored(const Frame& top) {
    static const std::set<std::string, std::less<>> kRootIgnored = {"author", "description",
                                                                    "fileName", "waypoints"};
    const bool ignored =
        top.role == Role::root ? kRootIgnored.contains(top.key) : top.key == "location";
    if (!ignored || !ignored_.insert(top.key).second) return;
    diagnostics_.note(where(key_position()), "chapter-file-field-ignored",
                      "\"" + top.key + "\" is not carried by castmap and was ignored");
  }

  void finish_chapter() {
    if (title_) current_.title = std::move(*title_);
    if (!start_ok_) {
      const std::string why =
          start_problem_.empty() ? std::string("it has no startTime") : start_problem_;
      warn_at_chapter("chapter-start-invalid",
                      "chapter " + quoted_title(current_.title) + " was dropped: " + why);
      return;
    }
    list_.chapters.push_back(std::move(current_));
  }

  std::string_view bytes_;
  const char* reached_;
  LineIndex lines_;
  DiagnosticSink& diagnostics_;
  ChapterList list_;
  std::vector<Frame> frames_;
  ChapterEntry current_;
  std::optional<std::string> title_;  ///< the current chapter's title, once read
  bool start_ok_ = false;
  std::string start_problem_;
  bool saw_chapters_ = false;
  bool failed_ = false;
  RoundedTimes rounded_;
  std::set<std::string, std::less<>> ignored_;
};

/// A time as a JSON number: whole seconds as integers (`0`, not `0.0`), others as doubles.
OrderedJson seconds_json(std::int64_t milliseconds) {
  if (milliseconds % 1000 == 0) return milliseconds / 1000;
  return to_seconds(milliseconds);
}

/// startTime, title, endTime, url, img, toc.
constexpr std::size_t kMostChapterKeys = 6;

}  // namespace

std::optional<ChapterList> read_json_chapters(std::string_view bytes, std::string_view path,
                                              DiagnosticSink& diagnostics) {
  ChaptersHandler handler(bytes, path, diagnostics);
  const std::size_t skip = bom_length(bytes);
  const char* begin = bytes.data() + skip;
  const char* end = bytes.data() + bytes.size();
  *handler.reached() = begin;
  bool parsed = false;
  try {
    parsed = Json::sax_parse(TrackingIterator(begin, handler.reached()),
                             TrackingIterator(end, handler.reached()), &handler);
  } catch (const std::exception& error) {  // allocation failure; the parser itself never throws
    diagnostics.error({std::string(path), 1, 1}, "chapter-file-invalid",
                      std::string("the file could not be read: ") + error.what());
    return std::nullopt;
  }
  return handler.finish(parsed);
}

RenderedChapters write_json_chapters(const ChapterListView& view) {
  OrderedJson document;
  document["version"] = "1.2.0";  // a string, per the spec
  if (view.title) document["title"] = *view.title;
  if (view.podcast_name) document["podcastName"] = *view.podcast_name;
  // Sized up front: 3 million chapter objects at 100,000 episodes, each grown one key at a
  // time otherwise.
  OrderedJson chapters = OrderedJson::array();
  chapters.get_ref<OrderedJson::array_t&>().reserve(view.chapters.size());
  const std::size_t count = view.chapters.size();
  for (std::size_t i = 0; i < count; ++i) {
    const ChapterView& chapter = view.chapters[i];
    OrderedJson object = OrderedJson::object();
    object.get_ref<OrderedJson::object_t&>().reserve(kMostChapterKeys);
    object["startTime"] = seconds_json(chapter.start_ms);
    object["title"] = chapter.title;
    // A chapter ends where the next begins, the last at the end of the media when known.
    // endTime is optional, and one not after startTime is invalid: then it is left out.
    const auto end = written_end(view, i, i + 1 < count ? std::optional(i + 1) : std::nullopt);
    if (end && *end > chapter.start_ms) object["endTime"] = seconds_json(*end);
    if (chapter.url) object["url"] = *chapter.url;
    if (chapter.image) object["img"] = *chapter.image;
    if (!chapter.toc) object["toc"] = false;
    chapters.push_back(std::move(object));
  }
  document["chapters"] = std::move(chapters);
  RenderedChapters rendered;
  // `replace` guarantees a dump never throws, whatever bytes a title holds.
  rendered.bytes = document.dump(2, ' ', false, OrderedJson::error_handler_t::replace);
  rendered.bytes += '\n';
  return rendered;
}

}  // namespace castmap
