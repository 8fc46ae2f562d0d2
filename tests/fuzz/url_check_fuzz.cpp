// libFuzzer entry point for the URL check (and the escaping of the messages that quote URLs):
// no crash or undefined behaviour on any bytes; an accepted URL is absolute http(s), free of
// whitespace and controls, and checking it again changes nothing; the quoted value is one line.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "src/base/message_text.hpp"
#include "src/base/url_check.hpp"

namespace {

void require(bool condition) {
  if (!condition) std::abort();
}

/// One printable line: no byte below 0x20 and no DEL (what escaping guarantees).
bool one_line(std::string_view text) {
  for (char c : text)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (castmap::UrlKind kind : {castmap::UrlKind::link, castmap::UrlKind::base}) {
    const castmap::CheckedUrl checked = castmap::check_url(text, kind);
    if (!checked.ok()) {
      require(checked.url.empty());
      require(one_line(castmap::quote_value(text) + " " + checked.problem));
      continue;
    }
    const std::string& url = checked.url;
    require(url.starts_with("http://") || url.starts_with("https://"));
    require(castmap::url_character_problem(url).empty());
    require(castmap::check_url(url, kind).url == url);
    if (kind == castmap::UrlKind::base)
      require(url.find_first_of("?#") == std::string::npos && !url.ends_with('/'));
  }
  require(castmap::is_absolute_http_url(text) == castmap::check_url(text).ok());
  require(one_line(castmap::escape_line(text)));
  return 0;
}
