// libFuzzer entry point for URL templates: the input is a template and the values of its
// placeholders (base_url, slug, id, media_id, show), separated by NUL bytes. Any template may
// be expanded without a crash; one that check_url_template accepts must give URLs that pass
// check_url for any non-empty values (the example expansion it checks stands for them all).
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "src/config/url_template.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::array<std::string_view, 6> parts{};  // template, base_url, slug, id, media_id, show
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::size_t end = i + 1 < parts.size() ? input.find('\0') : std::string_view::npos;
    parts[i] = input.substr(0, end);
    if (end == std::string_view::npos) break;
    input.remove_prefix(end + 1);
  }
  const castmap::CheckedUrl base = castmap::check_url(parts[1], castmap::UrlKind::base);
  const castmap::UrlFields fields{base.ok() ? std::string_view(base.url) : "https://fuzz.example",
                                  parts[2], parts[3], parts[4], parts[5]};
  const castmap::CheckedUrl checked = castmap::check_url_template(parts[0]);
  const std::string expanded = castmap::expand_url(checked.ok() ? checked.url : parts[0], fields);
  const bool values =
      !parts[2].empty() && !parts[3].empty() && !parts[4].empty() && !parts[5].empty();
  if (checked.ok() && !checked.url.empty() && values && !castmap::check_url(expanded).ok())
    std::abort();
  // Checking is idempotent: the normalized template passes as it is.
  if (checked.ok() && castmap::check_url_template(checked.url).url != checked.url) std::abort();
  return 0;
}
