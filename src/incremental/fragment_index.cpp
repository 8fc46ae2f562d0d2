// Encoding, decoding and lookup of the remembered-fragments index (.castmap-fragments) with the
// bounds-checked binary codec; a trailing hash detects truncation and corruption.
#include "src/incremental/fragment_index.hpp"

#include <limits>

#include "src/base/content_hash.hpp"
#include "src/incremental/binary_codec.hpp"

namespace castmap {

namespace {
constexpr std::string_view kFragmentsMagic = "castmap-fragments\n";
// Bump whenever the layout changes.
constexpr std::uint64_t kFragmentsFormat = 2;  // 2: content_hash() is XXH3
}  // namespace

bool FragmentFile::add_place(std::uint64_t key, std::uint64_t offset, std::uint32_t length,
                             std::string_view note) {
  if (offset < end_) return false;
  BinaryWriter w;
  w.bytes().swap(places_);  // appended in place
  w.fixed64(key);
  w.u64(offset - end_);  // usually 0: fragments follow each other
  w.u64(length);
  w.str(note);
  places_.swap(w.bytes());
  end_ = offset + length;
  ++count_;
  return true;
}

bool FragmentFile::for_each_place(const std::function<void(const FragmentPlace&)>& fn) const {
  BinaryReader r(places_);
  std::uint64_t end = 0;
  for (std::uint64_t i = 0; i < count_; ++i) {
    FragmentPlace place;
    place.key = r.fixed64();
    const std::uint64_t gap = r.u64();
    const std::uint64_t length = r.u64();
    place.note = r.view();
    if (!r.ok() || length > std::numeric_limits<std::uint32_t>::max() ||
        gap > std::numeric_limits<std::uint64_t>::max() - end - length)
      return false;
    place.offset = end + gap;
    place.size = static_cast<std::uint32_t>(length);
    end = place.offset + place.size;
    fn(place);
  }
  return r.at_end();
}

void FragmentIndex::encode(const std::function<void(std::string_view)>& sink) const {
  // Handed out in pieces of about 1 MB, or a large file's places whole.
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
    w.u64(file.count_);
    w.u64(file.end_);
    w.u64(file.places_.size());
    if (file.places_.size() < kPieceBytes) {
      w.bytes() += file.places_;  // a sitemap part's or a show feed's: gathered
      if (w.bytes().size() >= kPieceBytes) flush();
    } else {
      flush();
      hasher.update(file.places_);  // all.xml's: handed on from where they are
      sink(file.places_);
    }
  }
  flush();
  BinaryWriter trailer;
  trailer.fixed64(hasher.value());
  sink(trailer.bytes());
}

FragmentIndex FragmentIndex::decode(std::string_view bytes) {
  const std::optional<std::string_view> verified = verified_body(bytes);
  if (!verified) return {};
  const std::string_view body = *verified;
  std::string_view rest = body;  // what `r` reads
  BinaryReader r(rest);
  if (r.view() != kFragmentsMagic || r.u64() != kFragmentsFormat || r.view() != CASTMAP_VERSION)
    return {};
  FragmentIndex index;
  for (std::size_t f = 0, files = r.length(); f < files && r.ok(); ++f) {
    FragmentFile file;
    file.path = r.str();
    file.size = r.u64();
    file.hash = r.fixed64();
    file.count_ = r.u64();
    file.end_ = r.u64();
    const std::size_t places_size = r.length();
    if (!r.ok() || places_size > rest.size() - r.position()) return {};
    file.places_.assign(rest.substr(r.position(), places_size));
    rest.remove_prefix(r.position() + places_size);  // then read on after the places
    r = BinaryReader(rest);
    // The places must read back exactly, and end where the file says.
    std::uint64_t end = 0;
    if (!file.for_each_place([&end](const FragmentPlace& p) { end = p.offset + p.size; }) ||
        end != file.end_)
      return {};
    index.files_.push_back(std::move(file));
  }
  if (!r.ok() || !r.at_end()) return {};
  return index;
}

void FragmentIndex::build_lookup() {
  std::size_t total = 0;
  for (const FragmentFile& file : files_) total += file.count_;
  if (total >= std::numeric_limits<std::uint32_t>::max() / 2) return;  // finds nothing
  places_.reserve(total);
  std::size_t capacity = 16;
  while (capacity < 2 * total) capacity *= 2;  // at most half full: short probes
  slots_.assign(capacity, 0);
  const std::size_t mask = capacity - 1;
  for (const FragmentFile& file : files_)
    file.for_each_place([&](const FragmentPlace& place) {
      for (std::size_t slot = place.key & mask;; slot = (slot + 1) & mask) {
        if (slots_[slot] == 0) {
          places_.push_back(Found{&file, place});
          slots_[slot] = static_cast<std::uint32_t>(places_.size());
          return;
        }
        if (places_[slots_[slot] - 1].place.key == place.key) return;  // the first one stays
      }
    });
}

std::optional<FragmentIndex::Found> FragmentIndex::find(std::uint64_t key) const {
  if (slots_.empty()) return std::nullopt;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t slot = key & mask; slots_[slot] != 0; slot = (slot + 1) & mask)
    if (places_[slots_[slot] - 1].place.key == key) return places_[slots_[slot] - 1];
  return std::nullopt;
}

}  // namespace castmap
