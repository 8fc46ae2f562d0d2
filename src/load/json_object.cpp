// The SAX handler behind read_json_object. nlohmann's SAX events carry no positions, so the
// input is read through an iterator that remembers the last character the lexer took: when a
// key arrives that is its closing quote.
#include "src/load/json_object.hpp"

#include <cstddef>
#include <iterator>
#include <string>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "src/load/input_text.hpp"

namespace castmap {

namespace {

/// A pointer into the input that records every character it hands out.
class TrackingIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  TrackingIterator(const char* at, const char** last_read) : at_(at), last_read_(last_read) {}
  reference operator*() const {
    *last_read_ = at_;
    return *at_;
  }
  TrackingIterator& operator++() {
    ++at_;
    return *this;
  }
  TrackingIterator operator++(int) {
    TrackingIterator before = *this;
    ++at_;
    return before;
  }
  bool operator==(const TrackingIterator& other) const { return at_ == other.at_; }
  bool operator!=(const TrackingIterator& other) const { return at_ != other.at_; }

 private:
  const char* at_;
  const char** last_read_;
};

using Json = nlohmann::json;

class MemberReader final : public nlohmann::json_sax<Json> {
 public:
  MemberReader(std::string_view input, std::string_view path, DiagnosticSink& diagnostics,
               const char* const* last_read)
      : input_(input), path_(path), diagnostics_(diagnostics), last_read_(last_read) {}

  bool null() override { return value(JsonMember::Kind::null, {}, "null"); }
  bool boolean(bool value_read) override {
    return value(JsonMember::Kind::scalar, value_read ? "true" : "false", "boolean");
  }
  bool number_integer(number_integer_t value_read) override {
    return value(JsonMember::Kind::scalar, std::to_string(value_read), "number");
  }
  bool number_unsigned(number_unsigned_t value_read) override {
    return value(JsonMember::Kind::scalar, std::to_string(value_read), "number");
  }
  bool number_float(number_float_t, const string_t& written) override {
    return value(JsonMember::Kind::scalar, written, "number");  // as written: 1.50 stays 1.50
  }
  bool string(string_t& value_read) override {
    return value(JsonMember::Kind::scalar, std::move(value_read), "string");
  }
  bool binary(binary_t&) override { return value(JsonMember::Kind::scalar, {}, "binary"); }

  bool start_object(std::size_t) override {
    open(JsonMember::Kind::object);
    keys_.emplace_back();
    return true;
  }
  bool end_object() override {
    keys_.pop_back();
    --depth_;
    return true;
  }
  bool start_array(std::size_t) override {
    open(JsonMember::Kind::array);
    return true;
  }
  bool end_array() override {
    --depth_;
    return true;
  }

  bool key(string_t& name) override {
    const FieldPosition where = key_position();
    const bool repeated = !keys_.back().insert(name).second;
    if (repeated)
      diagnostics_.warning(
          {std::string(path_), where.line, where.column}, "duplicate-key",
          "key \"" + name + "\" appears again in the same object; the first value is used");
    // Only a member of the root object is recorded, and a repeated one is not.
    if (depth_ == 1 && !repeated) {
      pending_.key = name;
      pending_.position = where;
      have_pending_ = true;
    }
    return true;
  }

  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& error) override {
    // `position` counts the characters read, the offending one included.
    SourceLocation where =
        position > 0 ? location_of_offset(input_, std::min(position, input_.size()) - 1, path_)
                     : SourceLocation{std::string(path_), 1, 1};
    // nlohmann prefixes "[json.exception.parse_error.101] parse error at line 1, column 2: "
    // (or "[json.exception.out_of_range.406] "); the location is ours.
    std::string message = error.what();
    if (auto bracket = message.find("] "); bracket != std::string::npos)
      message.erase(0, bracket + 2);
    if (message.starts_with("parse error"))
      if (auto colon = message.find(": "); colon != std::string::npos) message.erase(0, colon + 2);
    if (error.id == 406) {  // out_of_range.406: number overflow
      diagnostics_.error(std::move(where), "json-number-out-of-range",
                         "invalid JSON: " + message + " (JSON numbers must fit a double)");
    } else {
      diagnostics_.error(std::move(where), "json-syntax", "invalid JSON: " + message);
    }
    failed_ = true;
    return false;
  }

  bool failed() const { return failed_; }
  bool root_is_object() const { return root_is_object_; }
  const char* root_kind() const { return root_kind_; }
  std::vector<JsonMember>& members() { return members_; }

 private:
  /// A value: a member of the root object when it sits directly in it.
  bool value(JsonMember::Kind kind, std::string text, const char* type) {
    if (depth_ == 0) root_kind_ = type;
    take(kind, std::move(text));
    return true;
  }

  void open(JsonMember::Kind kind) {
    if (depth_ == 0) {
      root_is_object_ = kind == JsonMember::Kind::object;
      root_kind_ = root_is_object_ ? "object" : "array";
    }
    take(kind, {});
    ++depth_;
  }

  /// Records the value that follows a key of the root object.
  void take(JsonMember::Kind kind, std::string text) {
    if (depth_ != 1 || !have_pending_) return;
    pending_.kind = kind;
    pending_.text = std::move(text);
    members_.push_back(std::move(pending_));
    pending_ = JsonMember{};
    have_pending_ = false;
  }

  /// The position of the key just read: its closing quote was the last character read, and
  /// the opening one is the nearest quote before it that no backslash escapes.
  FieldPosition key_position() const {
    std::size_t at = static_cast<std::size_t>(*last_read_ - input_.data());
    while (at > 0) {
      --at;
      if (input_[at] != '"') continue;
      std::size_t backslashes = 0;
      while (at > backslashes && input_[at - backslashes - 1] == '\\') ++backslashes;
      if (backslashes % 2 == 0) break;
    }
    const SourceLocation location = location_of_offset(input_, at, path_);
    return {location.line, location.column};
  }

  std::string_view input_;
  std::string_view path_;
  DiagnosticSink& diagnostics_;
  const char* const* last_read_;
  std::size_t depth_ = 0;
  std::vector<std::unordered_set<std::string>> keys_;  ///< keys seen, per open object
  JsonMember pending_;
  bool have_pending_ = false;
  std::vector<JsonMember> members_;
  bool failed_ = false;
  bool root_is_object_ = false;
  const char* root_kind_ = "nothing";
};

}  // namespace

std::optional<std::vector<JsonMember>> read_json_object(std::string_view input,
                                                        std::string_view path,
                                                        DiagnosticSink& diagnostics) {
  const char* last_read = input.data();
  MemberReader reader(input, path, diagnostics, &last_read);
  try {
    Json::sax_parse(TrackingIterator(input.data(), &last_read),
                    TrackingIterator(input.data() + input.size(), &last_read), &reader);
  } catch (const nlohmann::json::exception& e) {
    // The SAX parser reports its errors through parse_error; this is only a safety net.
    diagnostics.error({std::string(path), 1, 1}, "json-syntax",
                      std::string("invalid JSON: ") + e.what());
    return std::nullopt;
  }
  if (reader.failed()) return std::nullopt;
  if (!reader.root_is_object()) {
    diagnostics.error(
        {std::string(path), 1, 1}, "json-not-object",
        std::string("a person file must hold a JSON object, not ") + reader.root_kind());
    return std::nullopt;
  }
  return std::move(reader.members());
}

}  // namespace castmap
