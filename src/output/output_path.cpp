// Output path rules: keep every file the exporters emit strictly inside the output folder and
// out of the writer's reserved `.castmap*` names.
#include "src/output/output_path.hpp"

#include <stdexcept>
#include <string>

namespace castmap {

namespace {

[[noreturn]] void reject(std::string_view path, std::string_view why) {
  std::string shown;
  for (char c : path) {  // keep control characters readable in the message
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      shown += c == '\0' ? "\\0" : "?";
    } else {
      shown += c;
    }
  }
  throw std::invalid_argument("invalid output path '" + shown + "': " + std::string(why));
}

}  // namespace

void validate_output_path(std::string_view path) {
  if (path.empty()) reject(path, "empty");
  if (path.front() == '/') reject(path, "absolute");
  for (char c : path) {
    if (c == '\\') reject(path, "backslash (use '/')");
    // Control characters would also break the manifest's line format.
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) reject(path, "control character");
  }
  std::size_t start = 0;
  while (true) {
    std::size_t end = path.find('/', start);
    std::string_view component =
        path.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (component.empty()) reject(path, "empty component");
    if (component == "." || component == "..") reject(path, "'.' or '..' component");
    if (component.starts_with(".castmap")) reject(path, "'.castmap' names are reserved");
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
}

OutputPathParts split_output_path(std::string_view path) {
  std::size_t slash = path.rfind('/');
  if (slash == std::string_view::npos) return {"", path};
  return {path.substr(0, slash), path.substr(slash + 1)};
}

std::string_view parent_folder(std::string_view folder) {
  std::size_t slash = folder.rfind('/');
  return slash == std::string_view::npos ? std::string_view{} : folder.substr(0, slash);
}

}  // namespace castmap
