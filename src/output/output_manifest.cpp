// Reading and writing the output manifest's line format (fast for 184,000 entries: no JSON
// parser, std::from_chars/to_chars for numbers).
#include "src/output/output_manifest.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <vector>

#include "src/base/parallel.hpp"
#include "src/output/output_path.hpp"

namespace castmap {

namespace {

constexpr std::string_view kHeader = "castmap-manifest 3";
// Versions 1 and 2 hashed with the content hash castmap had before XXH3: their files are still
// pruned, but their digests are read as unknown (0) so that none can match by chance.
constexpr std::string_view kHeaderVersion2 = "castmap-manifest 2";
constexpr std::string_view kHeaderVersion1 = "castmap-manifest 1";

void append_hex64(std::string& out, std::uint64_t value) {
  std::array<char, 16> digits;
  digits.fill('0');
  std::array<char, 16> buffer;
  auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, 16);
  (void)ec;  // 16 hex digits fit any 64-bit number
  const auto length = static_cast<std::size_t>(end - buffer.data());
  std::copy(buffer.data(), end, digits.data() + digits.size() - length);  // fixed width
  out.append(digits.data(), digits.size());
}

template <typename Number>
void append_number(std::string& out, Number value, int base = 10) {
  std::array<char, 24> buffer;
  auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, base);
  (void)ec;  // 24 characters fit any 64-bit number
  out.append(buffer.data(), end);
}

template <typename Number>
bool parse_number(std::string_view text, Number& value, int base = 10) {
  if (text.empty()) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  return ec == std::errc{} && end == text.data() + text.size();
}

[[noreturn]] void fail(std::size_t line_number, const std::string& why) {
  throw ManifestFormatError("line " + std::to_string(line_number) + ": " + why);
}

}  // namespace

std::string serialize_manifest(const Manifest& manifest) {
  std::vector<ManifestLine> lines;
  lines.reserve(manifest.size());
  for (const auto& [path, entry] : manifest) lines.emplace_back(&path, &entry);
  std::string out;
  write_manifest_lines(std::move(lines), [&out](std::string_view piece) { out += piece; });
  return out;
}

void write_manifest_lines(std::vector<ManifestLine> lines,
                          const std::function<void(std::string_view)>& write) {
  const auto by_path = [](const ManifestLine& a, const ManifestLine& b) {
    return *a.first < *b.first;
  };
  if (!std::is_sorted(lines.begin(), lines.end(), by_path))
    parallel_sort(lines.begin(), lines.end(), by_path);
  constexpr std::size_t kPieceBytes = 64 * 1024;
  std::string out;
  out.reserve(kPieceBytes + 4096);
  out += kHeader;
  out += '\n';
  for (const auto& [path, entry] : lines) {
    out += *path;
    out += '\t';
    out += entry->exporter;
    out += '\t';
    append_number(out, entry->size);
    out += '\t';
    append_number(out, entry->mtime_ns);
    out += '\t';
    append_hex64(out, entry->hash);
    out += '\t';
    append_hex64(out, entry->inputs);
    out += '\t';
    out += entry->note;
    out += '\n';
    if (out.size() >= kPieceBytes) {
      write(out);
      out.clear();
    }
  }
  write(out);
}

Manifest parse_manifest(std::string_view text, std::vector<const Manifest::value_type*>* by_path) {
  Manifest manifest;
  const auto line_count = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  manifest.reserve(line_count);
  std::vector<Manifest::value_type*> ordered;
  ordered.reserve(line_count);
  bool in_order = true;
  std::size_t line_number = 0;
  std::size_t position = 0;
  std::size_t field_count = 7;
  bool old_digests = false;
  while (position < text.size()) {
    std::size_t end = text.find('\n', position);
    if (end == std::string_view::npos) fail(line_number + 1, "missing final newline");
    std::string_view line = text.substr(position, end - position);
    position = end + 1;
    ++line_number;
    if (line_number == 1) {
      old_digests = line == kHeaderVersion1 || line == kHeaderVersion2;
      if (line == kHeaderVersion1)
        field_count = 5;
      else if (line == kHeaderVersion2)
        field_count = 6;
      else if (line != kHeader)
        fail(1, "unknown header '" + std::string(line) + "'");
      continue;
    }
    std::array<std::string_view, 7> fields;
    std::size_t field_start = 0;
    for (std::size_t i = 0; i < field_count; ++i) {
      std::size_t tab = line.find('\t', field_start);
      if ((tab == std::string_view::npos) != (i + 1 == field_count)) {
        fail(line_number, "expected " + std::to_string(field_count) + " tab-separated fields");
      }
      fields[i] = line.substr(
          field_start, tab == std::string_view::npos ? std::string_view::npos : tab - field_start);
      field_start = tab + 1;
    }
    try {
      validate_output_path(fields[0]);
    } catch (const std::invalid_argument& error) {
      fail(line_number, error.what());
    }
    ManifestEntry entry;
    entry.exporter = std::string(fields[1]);
    if (entry.exporter.empty()) fail(line_number, "empty exporter name");
    if (!parse_number(fields[2], entry.size) || !parse_number(fields[3], entry.mtime_ns) ||
        fields[4].size() != 16 || !parse_number(fields[4], entry.hash, 16)) {
      fail(line_number, "bad size, mtime or hash");
    }
    if (field_count >= 6 && (fields[5].size() != 16 || !parse_number(fields[5], entry.inputs, 16)))
      fail(line_number, "bad inputs digest");
    if (field_count >= 7) entry.note = std::string(fields[6]);
    if (old_digests) entry.hash = entry.inputs = 0;
    auto [added, inserted] = manifest.emplace(std::string(fields[0]), std::move(entry));
    if (!inserted) fail(line_number, "duplicate path '" + std::string(fields[0]) + "'");
    in_order = in_order && (ordered.empty() || ordered.back()->first < added->first);
    ordered.push_back(&*added);
  }
  if (line_number == 0) fail(1, "empty file");
  // Only a manifest edited by hand is out of order.
  if (!in_order)
    std::sort(ordered.begin(), ordered.end(),
              [](const auto* a, const auto* b) { return a->first < b->first; });
  for (std::size_t i = 0; i < ordered.size(); ++i)
    ordered[i]->second.position = static_cast<std::uint32_t>(i);
  if (by_path) by_path->assign(ordered.begin(), ordered.end());
  return manifest;
}

}  // namespace castmap
