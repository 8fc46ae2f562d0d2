// Lookups and ordering for the catalog model.
#include "src/model/model.hpp"

#include <algorithm>
#include <numeric>
#include <string_view>
#include <tuple>

namespace castmap {

namespace {
SourceLocation locate(const std::string& path, const FieldPositions& positions,
                      std::string_view field) {
  if (auto it = positions.find(field); it != positions.end())
    return {path, it->second.line, it->second.column};
  return {path, 1, 1};
}

template <typename T>
const T* lookup(const std::unordered_map<std::string, std::size_t>& index,
                const std::vector<T>& items, std::string_view id) {
  auto it = index.find(std::string(id));
  return it == index.end() ? nullptr : &items[it->second];
}

template <typename T>
void build(std::unordered_map<std::string, std::size_t>& index, const std::vector<T>& items) {
  index.clear();
  index.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) index.emplace(items[i].id, i);  // first wins
}
}  // namespace

// Keeps the catalog's most numerous record small (64-bit: 40 bytes; see Chapter::title, links).
static_assert(sizeof(void*) != 8 || sizeof(Chapter) <= 40);

const std::optional<std::string>& Chapter::url() const {
  static const std::optional<std::string> none;
  return links.get() ? links.get()->url : none;
}

const std::optional<std::string>& Chapter::image() const {
  static const std::optional<std::string> none;
  return links.get() ? links.get()->image : none;
}

void Chapter::set_links(std::optional<std::string> url, std::optional<std::string> image) {
  if (!url && !image) {
    links.reset();
    return;
  }
  links.reset(std::make_unique<ChapterLinks>(ChapterLinks{std::move(url), std::move(image)}));
}

SourceLocation Episode::location_of(std::string_view field) const {
  return locate(source_path, positions, field);
}

SourceLocation Episode::chapter_location(const Chapter& chapter) const {
  if (chapter.position.line <= 0) return location_of("chapters");
  const EpisodeCompanions* extra = companions.get();
  const bool from_file = extra && !extra->chapters_file.empty();
  return {from_file ? extra->chapters_file : source_path, chapter.position.line,
          chapter.position.column};
}

std::span<const Transcript> Episode::transcripts() const {
  const EpisodeCompanions* extra = companions.get();
  if (!extra) return {};
  return extra->transcripts;
}

std::string_view Transcript::extension() const {
  const std::size_t dot = file.rfind('.');
  return dot == std::string::npos ? std::string_view{} : std::string_view(file).substr(dot + 1);
}

SourceLocation Show::location_of(std::string_view field) const {
  return locate(source_path, positions, field);
}

const Show* Catalog::find_show(std::string_view id) const { return lookup(show_index_, shows, id); }
const Person* Catalog::find_person(std::string_view id) const {
  return lookup(person_index_, people, id);
}
const Technology* Catalog::find_technology(std::string_view id) const {
  return lookup(technology_index_, technologies, id);
}

void Catalog::index() {
  build(show_index_, shows);
  build(person_index_, people);
  build(technology_index_, technologies);
}

bool newer_first(const Episode& a, const Episode& b) {
  return std::tie(b.published, a.id, a.source_path) < std::tie(a.published, b.id, b.source_path);
}

std::vector<std::size_t> sort_newest_first(std::vector<Episode>& episodes) {
  std::vector<std::size_t> moved_to(episodes.size());
  std::iota(moved_to.begin(), moved_to.end(), std::size_t{0});
  if (std::is_sorted(episodes.begin(), episodes.end(), newer_first)) return moved_to;
  // The key order is newer_first's: newest first, then id, then path.
  struct Key {
    TimePoint published;
    std::string_view id;
    std::string_view path;
    std::size_t index;
  };
  std::vector<Key> keys;
  keys.reserve(episodes.size());
  for (std::size_t i = 0; i < episodes.size(); ++i)
    keys.push_back({episodes[i].published, episodes[i].id, episodes[i].source_path, i});
  std::sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) {
    return std::tie(b.published, a.id, a.path) < std::tie(a.published, b.id, b.path);
  });
  for (std::size_t slot = 0; slot < keys.size(); ++slot) moved_to[keys[slot].index] = slot;
  // Apply the permutation in place, one cycle at a time: each episode is moved once and no
  // second 100,000-element array has to be allocated and faulted in.
  std::vector<bool> placed(keys.size(), false);
  for (std::size_t start = 0; start < keys.size(); ++start) {
    if (placed[start]) continue;
    Episode carried = std::move(episodes[start]);
    std::size_t slot = start;
    while (true) {
      placed[slot] = true;
      std::size_t source = keys[slot].index;
      if (source == start) {
        episodes[slot] = std::move(carried);
        break;
      }
      episodes[slot] = std::move(episodes[source]);
      slot = source;
    }
  }
  return moved_to;
}

}  // namespace castmap
