// Encoding, decoding and lookup of the remembered-fragments index (.castmap-fragments) with the
// bounds-checked binary codec; a trailing hash detects truncation and corruption.
#include "src/fragment_index.hpp"

#include <limits>

#include "src/binary_codec.hpp"
#include "src/content_hash.hpp"

namespace castmap {

namespace {
constexpr std::string_view kFragmentsMagic = "castmap-fragments\n";
// Bump whenever the layout changes.
constexpr std::uint64_t kFragmentsFormat = 1;
}  // namespace

void FragmentIndex::encode(const std::function<void(std::string_view)>& sink) const {
  // Handed out in pieces of about 1 MB: at 100,000 episodes the index holds 200,000 places.
  constexpr std::size_t kPieceBytes = 1 << 20;
  BinaryWriter w;
  ContentHasher hasher;
  const auto flush = [&] {
    hasher.update(w.bytes());
    sink(w.bytes());
    w.bytes().clear();
  };
  w.str(kFragmentsMagic);
  w.u64(kFragmentsFormat);
  w.str(CASTMAP_VERSION);
  w.u64(files_.size());
  for (const FragmentFile& file : files_) {
    w.str(file.path);
    w.u64(file.size);
    w.fixed64(file.hash);
    w.u64(file.places.size());
    for (const FragmentPlace& place : file.places) {
      w.fixed64(place.key);
      w.u64(place.offset);
      w.u64(place.size);
      w.str(file.note_of(place));
      if (w.bytes().size() >= kPieceBytes) flush();
    }
  }
  flush();
  BinaryWriter trailer;
  trailer.fixed64(hasher.value());
  sink(trailer.bytes());
}

FragmentIndex FragmentIndex::decode(std::string_view bytes) {
  if (bytes.size() < 8) return {};
  const std::string_view body = bytes.substr(0, bytes.size() - 8);
  BinaryReader tail(bytes.substr(bytes.size() - 8));
  if (tail.fixed64() != content_hash(body)) return {};
  BinaryReader r(body);
  if (r.view() != kFragmentsMagic || r.u64() != kFragmentsFormat || r.view() != CASTMAP_VERSION)
    return {};
  FragmentIndex index;
  for (std::size_t f = 0, files = r.length(); f < files && r.ok(); ++f) {
    FragmentFile file;
    file.path = r.str();
    file.size = r.u64();
    file.hash = r.fixed64();
    const std::size_t count = r.length();
    file.places.reserve(count);
    for (std::size_t p = 0; p < count && r.ok(); ++p) {
      FragmentPlace place;
      place.key = r.fixed64();
      place.offset = r.u64();
      const std::uint64_t size = r.u64();
      const std::string_view note = r.view();
      if (size > std::numeric_limits<std::uint32_t>::max() ||
          note.size() > std::numeric_limits<std::uint32_t>::max())
        return {};
      place.size = static_cast<std::uint32_t>(size);
      place.note_at = file.notes.size();
      place.note_size = static_cast<std::uint32_t>(note.size());
      file.notes.append(note);
      file.places.push_back(place);
    }
    index.files_.push_back(std::move(file));
  }
  if (!r.ok() || !r.at_end()) return {};
  return index;
}

void FragmentIndex::build_lookup() {
  std::size_t total = 0;
  for (const FragmentFile& file : files_) total += file.places.size();
  by_key_.reserve(total);
  for (std::size_t f = 0; f < files_.size(); ++f)
    for (std::size_t p = 0; p < files_[f].places.size(); ++p)
      by_key_.try_emplace(files_[f].places[p].key, static_cast<std::uint32_t>(f),
                          static_cast<std::uint32_t>(p));
}

std::optional<FragmentIndex::Found> FragmentIndex::find(std::uint64_t key) const {
  auto found = by_key_.find(key);
  if (found == by_key_.end()) return std::nullopt;
  const FragmentFile& file = files_[found->second.first];
  return Found{&file, &file.places[found->second.second]};
}

}  // namespace castmap
