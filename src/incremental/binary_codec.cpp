// Field-by-field encoding of Episode and Diagnostic. Keep write and read in the same order; bump
// kParseCacheFormat (src/incremental/parse_cache.cpp) whenever the layout changes.
#include "src/incremental/binary_codec.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

#include "src/base/content_hash.hpp"

namespace castmap {

void BinaryWriter::u64(std::uint64_t value) {
  // LEB128: most values (lengths, lines, flags) fit in one byte.
  while (value >= 0x80) {
    bytes_.push_back(static_cast<char>((value & 0x7F) | 0x80));
    value >>= 7;
  }
  bytes_.push_back(static_cast<char>(value));
}

void BinaryWriter::f64(double value) { fixed64(std::bit_cast<std::uint64_t>(value)); }

void BinaryWriter::fixed64(std::uint64_t value) {
  char raw[sizeof value];
  std::memcpy(raw, &value, sizeof value);
  bytes_.append(raw, sizeof raw);
}

void BinaryWriter::seal() { fixed64(content_hash(bytes_)); }

std::optional<std::string_view> verified_body(std::string_view bytes) {
  if (bytes.size() < 8) return std::nullopt;
  const std::string_view body = bytes.substr(0, bytes.size() - 8);
  BinaryReader tail(bytes.substr(bytes.size() - 8));
  if (tail.fixed64() != content_hash(body)) return std::nullopt;
  return body;
}

void BinaryWriter::str(std::string_view value) {
  u64(value.size());
  bytes_.append(value);
}

namespace {
template <typename Writer, typename T>
void optional_str(Writer& w, const std::optional<T>& value) {
  w.boolean(value.has_value());
  if (value) w.str(*value);
}

/// An episode's companions (src/model/model.hpp): a flag, then the chapter file, the input
/// files and the transcripts.
void companions(BinaryWriter& w, const EpisodeCompanions* c) {
  w.boolean(c != nullptr);
  if (!c) return;
  w.str(c->chapters_file);
  w.u64(c->inputs.size());
  for (const InputFile& input : c->inputs) {
    w.str(input.path);
    w.u64(input.stamp.size);
    w.u64(static_cast<std::uint64_t>(input.stamp.mtime_ns));
    w.u64(input.hash);
  }
  w.u64(c->transcripts.size());
  for (const Transcript& t : c->transcripts) {
    w.str(t.url);
    w.str(t.type);
    optional_str(w, t.language);
    optional_str(w, t.rel);
    w.u64(static_cast<std::uint64_t>(t.position.line));
    w.u64(static_cast<std::uint64_t>(t.position.column));
    w.str(t.file);
    w.str(t.text);
  }
}
}  // namespace

namespace {
void optional_u64(BinaryWriter& w, const std::optional<std::uint64_t>& value) {
  w.boolean(value.has_value());
  if (value) w.u64(*value);
}

/// EpisodeExtras: a flag, then each part (most episodes have none, one byte).
void write_extras(BinaryWriter& w, const EpisodeExtras* x) {
  w.boolean(x != nullptr);
  if (!x) return;
  w.u64(x->alternates.size());
  for (const AlternateEnclosure& a : x->alternates) {
    w.str(a.url);
    w.str(a.type);
    optional_u64(w, a.length);
    optional_u64(w, a.bitrate);
    optional_u64(w, a.height);
    w.str(a.title);
    w.u64(static_cast<std::uint64_t>(a.position.line));
    w.u64(static_cast<std::uint64_t>(a.position.column));
  }
  w.u64(x->soundbites.size());
  for (const Soundbite& s : x->soundbites) {
    w.f64(s.start_seconds);
    w.f64(s.duration_seconds);
    w.str(s.title);
  }
  optional_str(w, x->season_name);
  w.boolean(x->license.has_value());
  if (x->license) {
    w.str(x->license->name);
    w.str(x->license->url);
  }
  w.boolean(x->location.has_value());
  if (x->location)
    for (const std::string* part : {&x->location->name, &x->location->geo, &x->location->osm,
                                    &x->location->country, &x->location->rel})
      w.str(*part);
}
}  // namespace

void BinaryWriter::episode(const Episode& e) {
  str(e.id);
  str(e.slug);
  str(e.title);
  str(e.description);
  optional_str(*this, e.subtitle);
  u64(static_cast<std::uint64_t>(e.published.time_since_epoch().count()));
  f64(e.duration_seconds);
  str(e.show_id);
  str(e.media_id);
  u64(e.technologies.size());
  for (const auto& t : e.technologies) str(t);
  boolean(e.audio_file_size.has_value());
  if (e.audio_file_size) u64(*e.audio_file_size);
  u64(e.guests.size());
  for (const auto& g : e.guests) str(g);
  u64(e.chapters.size());
  for (const auto& c : e.chapters) {
    f64(c.start_seconds);
    str(c.title);
    optional_str(*this, c.url());
    optional_str(*this, c.image());
    boolean(c.toc);
    u64(static_cast<std::uint64_t>(c.position.line));
    u64(static_cast<std::uint64_t>(c.position.column));
  }
  boolean(e.episode_number.has_value());
  if (e.episode_number)
    u64(static_cast<std::uint64_t>(static_cast<std::int64_t>(*e.episode_number)));
  boolean(e.season_number.has_value());
  if (e.season_number) u64(static_cast<std::uint64_t>(static_cast<std::int64_t>(*e.season_number)));
  u64(e.explicit_content ? (*e.explicit_content ? 2 : 1) : 0);
  str(e.episode_type);
  boolean(e.draft);
  str(e.body);
  str(e.show_notes_html);
  write_extras(*this, e.extras.get());
  str(e.source_path);
  u64(e.positions.size());
  for (const auto& [key, position] : e.positions) {
    str(key);
    u64(static_cast<std::uint64_t>(position.line));
    u64(static_cast<std::uint64_t>(position.column));
  }
  companions(*this, e.companions.get());
}

void BinaryWriter::diagnostic(const Diagnostic& d) {
  u64(static_cast<std::uint64_t>(d.severity));
  str(d.where.path);
  u64(static_cast<std::uint64_t>(d.where.line));
  u64(static_cast<std::uint64_t>(d.where.column));
  str(d.message);
  str(d.code);
}

std::uint64_t BinaryReader::u64() {
  std::uint64_t value = 0;
  for (int shift = 0; ok_; shift += 7) {
    if (position_ >= bytes_.size() || shift > 63) {
      ok_ = false;
      return 0;
    }
    auto byte = static_cast<unsigned char>(bytes_[position_++]);
    value |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
    if (!(byte & 0x80)) return value;
  }
  return 0;
}

std::uint64_t BinaryReader::fixed64() {
  std::uint64_t value = 0;
  if (!ok_ || bytes_.size() - position_ < sizeof value) {
    ok_ = false;
    return 0;
  }
  std::memcpy(&value, bytes_.data() + position_, sizeof value);
  position_ += sizeof value;
  return value;
}

double BinaryReader::f64() { return std::bit_cast<double>(fixed64()); }

std::string_view BinaryReader::view() {
  std::uint64_t size = u64();
  if (!ok_ || size > bytes_.size() - position_) {
    ok_ = false;
    return {};
  }
  std::string_view value = bytes_.substr(position_, size);
  position_ += size;
  return value;
}

std::string BinaryReader::str() { return std::string(view()); }

std::size_t BinaryReader::length() {
  std::uint64_t count = u64();
  if (count > bytes_.size() - std::min(position_, bytes_.size())) ok_ = false;
  return ok_ ? static_cast<std::size_t>(count) : 0;
}

namespace {
std::optional<std::string> read_optional(BinaryReader& r) {
  if (!r.boolean()) return std::nullopt;
  return r.str();
}
}  // namespace

namespace {
std::optional<std::uint64_t> read_optional_u64(BinaryReader& r) {
  if (!r.boolean()) return std::nullopt;
  return r.u64();
}

void read_extras(BinaryReader& r, EpisodeExtrasHolder& holder) {
  if (!r.boolean()) return;
  EpisodeExtras& x = holder.edit();
  const std::size_t alternates = r.length();
  for (std::size_t i = 0; i < alternates && r.ok(); ++i) {
    AlternateEnclosure a;
    a.url = r.str();
    a.type = r.str();
    a.length = read_optional_u64(r);
    a.bitrate = read_optional_u64(r);
    a.height = read_optional_u64(r);
    a.title = r.str();
    a.position.line = static_cast<int>(r.u64());
    a.position.column = static_cast<int>(r.u64());
    x.alternates.push_back(std::move(a));
  }
  const std::size_t soundbites = r.length();
  for (std::size_t i = 0; i < soundbites && r.ok(); ++i) {
    Soundbite s;
    s.start_seconds = r.f64();
    s.duration_seconds = r.f64();
    s.title = r.str();
    x.soundbites.push_back(std::move(s));
  }
  x.season_name = read_optional(r);
  if (r.boolean()) x.license = License{r.str(), r.str()};
  if (r.boolean()) {
    Location l;
    for (std::string* part : {&l.name, &l.geo, &l.osm, &l.country, &l.rel}) *part = r.str();
    x.location = std::move(l);
  }
}

EpisodeCompanions read_companions(BinaryReader& r) {
  EpisodeCompanions c;
  c.chapters_file = r.str();
  std::size_t count = r.length();
  for (std::size_t i = 0; i < count && r.ok(); ++i) {
    InputFile input;
    input.path = r.str();
    input.stamp.size = r.u64();
    input.stamp.mtime_ns = static_cast<std::int64_t>(r.u64());
    input.hash = r.u64();
    c.inputs.push_back(std::move(input));
  }
  count = r.length();
  for (std::size_t i = 0; i < count && r.ok(); ++i) {
    Transcript t;
    t.url = r.str();
    t.type = r.str();
    t.language = read_optional(r);
    t.rel = read_optional(r);
    t.position.line = static_cast<int>(r.u64());
    t.position.column = static_cast<int>(r.u64());
    t.file = r.str();
    t.text = r.str();
    c.transcripts.push_back(std::move(t));
  }
  return c;
}
}  // namespace

Episode BinaryReader::episode() {
  Episode e;
  e.id = str();
  e.slug = str();
  e.title = str();
  e.description = str();
  e.subtitle = read_optional(*this);
  e.published = TimePoint{std::chrono::seconds{static_cast<std::int64_t>(u64())}};
  e.duration_seconds = f64();
  e.show_id = str();
  e.media_id = str();
  // Lists are sized once (their lengths are bounded by the remaining bytes), and chapter
  // titles built straight from the cache's bytes: decoding 100,000 cached episodes is most of
  // a re-run's loading.
  std::size_t count = length();
  e.technologies.reserve(count);
  for (std::size_t i = 0; i < count && ok_; ++i) e.technologies.push_back(str());
  if (boolean()) e.audio_file_size = u64();
  count = length();
  e.guests.reserve(count);
  for (std::size_t i = 0; i < count && ok_; ++i) e.guests.push_back(str());
  count = length();
  e.chapters.reserve(count);
  for (std::size_t i = 0; i < count && ok_; ++i) {
    Chapter c;
    c.start_seconds = f64();
    c.title = CompactText(view());
    auto url = read_optional(*this);
    c.set_links(std::move(url), read_optional(*this));
    c.toc = boolean();
    c.position.line = static_cast<int>(u64());
    c.position.column = static_cast<int>(u64());
    e.chapters.push_back(std::move(c));
  }
  if (boolean()) e.episode_number = static_cast<int>(static_cast<std::int64_t>(u64()));
  if (boolean()) e.season_number = static_cast<int>(static_cast<std::int64_t>(u64()));
  if (auto flag = u64(); flag != 0) e.explicit_content = flag == 2;
  e.episode_type = str();
  e.draft = boolean();
  e.body = str();
  e.show_notes_html = str();
  read_extras(*this, e.extras);
  e.source_path = str();
  const std::size_t position_count = length();
  if (ok_) e.positions.reserve(position_count);
  for (std::size_t i = 0; i < position_count && ok_; ++i) {
    std::string_view key = view();
    FieldPosition position;
    position.line = static_cast<int>(u64());
    position.column = static_cast<int>(u64());
    e.positions.emplace(key, position);
  }
  if (boolean()) e.companions.edit() = read_companions(*this);
  return e;
}

Diagnostic BinaryReader::diagnostic() {
  Diagnostic d;
  auto severity = u64();
  if (severity > 2) ok_ = false;
  d.severity = static_cast<Severity>(severity);
  d.where.path = str();
  d.where.line = static_cast<int>(u64());
  d.where.column = static_cast<int>(u64());
  d.message = str();
  d.code = str();
  return d;
}

}  // namespace castmap
