// CompactText's heap block: the length as 4 bytes (titles are far below 4 GiB; longer text is
// cut by the loader's file-size limit long before), then the bytes.
#include "src/base/compact_text.hpp"

#include <cstdint>
#include <cstring>
#include <limits>
#include <ostream>
#include <stdexcept>

namespace castmap {

CompactText::CompactText(std::string_view text) {
  if (text.empty()) return;
  if (text.size() > std::numeric_limits<std::uint32_t>::max())
    throw std::length_error("CompactText: text over 4 GiB");
  const auto size = static_cast<std::uint32_t>(text.size());
  data_ = new char[sizeof size + text.size()];
  std::memcpy(data_, &size, sizeof size);
  std::memcpy(data_ + sizeof size, text.data(), text.size());
}

std::string_view CompactText::view() const {
  if (!data_) return {};
  std::uint32_t size;
  std::memcpy(&size, data_, sizeof size);
  return {data_ + sizeof size, size};
}

std::ostream& operator<<(std::ostream& out, const CompactText& text) { return out << text.view(); }

}  // namespace castmap
