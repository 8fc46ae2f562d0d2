// CompactText: an immutable string in one pointer (its length and bytes on the heap, null when
// empty), for text that a catalog holds millions of: chapter titles. A std::string is 32 bytes
// before its text; a 100,000-episode catalog has about 3 million chapters.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>
#include <string_view>
#include <utility>

namespace castmap {

class CompactText {
 public:
  CompactText() = default;
  CompactText(std::string_view text);  // NOLINT: converts like a string does
  CompactText(const std::string& text) : CompactText(std::string_view(text)) {}  // NOLINT
  CompactText(const char* text) : CompactText(std::string_view(text)) {}         // NOLINT
  CompactText(const CompactText& other) : CompactText(other.view()) {}
  CompactText(CompactText&& other) noexcept : data_(std::exchange(other.data_, nullptr)) {}
  CompactText& operator=(CompactText other) noexcept {
    std::swap(data_, other.data_);
    return *this;
  }
  ~CompactText() { delete[] data_; }

  std::string_view view() const;
  operator std::string_view() const { return view(); }  // NOLINT: reads like a string
  std::string str() const { return std::string(view()); }
  bool empty() const { return data_ == nullptr; }
  std::size_t size() const { return view().size(); }

  // One exact overload per kind of string, so that no comparison needs a conversion that could
  // make it ambiguous.
  friend bool operator==(const CompactText& a, const CompactText& b) {
    return a.view() == b.view();
  }
  friend bool operator==(const CompactText& a, std::string_view b) { return a.view() == b; }
  friend bool operator==(const CompactText& a, const std::string& b) { return a.view() == b; }
  friend bool operator==(const CompactText& a, const char* b) {
    return a.view() == std::string_view(b);
  }
  friend std::ostream& operator<<(std::ostream& out, const CompactText& text);

 private:
  char* data_ = nullptr;  ///< a 4-byte length, then the bytes; null for ""
};

}  // namespace castmap
