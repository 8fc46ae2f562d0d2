// The tables of podcast_values.hpp (from Apple's category list and the Podcasting 2.0
// namespace's medium list, see README.md) and the "did you mean" that names the closest value.
#include "src/config/podcast_values.hpp"

#include <algorithm>
#include <vector>

#include "src/base/message_text.hpp"

namespace castmap {

namespace {

/// Mediums the namespace lists for feeds of other feeds (their items are podcast:remoteItem
/// only), which a castmap feed of episodes never is.
const std::set<std::string_view>& list_mediums() {
  static const std::set<std::string_view> mediums = {
      "podcastL", "musicL", "videoL",     "filmL",   "audiobookL", "newsletterL",
      "blogL",    "mixed",  "publisherL", "courseL", "publisher"};
  return mediums;
}

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

/// Edit distance (insertions, deletions, substitutions), letter case ignored; stops counting
/// at `limit + 1`. Values and candidates are short (at most a few dozen characters).
std::size_t distance(std::string_view a, std::string_view b, std::size_t limit) {
  if (a.size() > b.size() + limit || b.size() > a.size() + limit) return limit + 1;
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const std::size_t substitution =
          diagonal + (ascii_lower(a[i - 1]) == ascii_lower(b[j - 1]) ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitution});
      diagonal = above;
    }
  }
  return row[b.size()];
}

/// The candidate closest to `value` when it is close enough to be a typo (same letters in
/// another case, or at most two edits away), else empty.
template <typename Candidates>
std::string_view closest(std::string_view value, const Candidates& candidates) {
  if (value.size() > 64) return {};  // no typo of a listed value is that long
  constexpr std::size_t kMaxEdits = 2;
  std::string_view best;
  std::size_t best_distance = kMaxEdits + 1;
  for (std::string_view candidate : candidates) {
    const std::size_t d = distance(value, candidate, kMaxEdits);
    if (d < best_distance) {
      best = candidate;
      best_distance = d;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view suggestion) {
  return suggestion.empty() ? std::string() : "; did you mean " + quote_value(suggestion) + "?";
}

/// The category that lists `subcategory`, if any (to say "Tech News" belongs to "News").
std::string_view category_listing(std::string_view subcategory) {
  for (const auto& [category, subcategories] : apple_categories())
    if (subcategories.contains(subcategory)) return category;
  return {};
}

}  // namespace

const std::map<std::string_view, std::set<std::string_view>>& apple_categories() {
  static const std::map<std::string_view, std::set<std::string_view>> categories = {
      {"Arts", {"Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts"}},
      {"Business",
       {"Careers", "Entrepreneurship", "Investing", "Management", "Marketing", "Non-Profit"}},
      {"Comedy", {"Comedy Interviews", "Improv", "Stand-Up"}},
      {"Education", {"Courses", "How To", "Language Learning", "Self-Improvement"}},
      {"Fiction", {"Comedy Fiction", "Drama", "Science Fiction"}},
      {"Government", {}},
      {"History", {}},
      {"Health & Fitness",
       {"Alternative Health", "Fitness", "Medicine", "Mental Health", "Nutrition", "Sexuality"}},
      {"Kids & Family", {"Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"}},
      {"Leisure",
       {"Animation & Manga", "Automotive", "Aviation", "Crafts", "Games", "Hobbies",
        "Home & Garden", "Video Games"}},
      {"Music", {"Music Commentary", "Music History", "Music Interviews"}},
      {"News",
       {"Business News", "Daily News", "Entertainment News", "News Commentary", "Politics",
        "Sports News", "Tech News"}},
      {"Religion & Spirituality",
       {"Buddhism", "Christianity", "Hinduism", "Islam", "Judaism", "Religion", "Spirituality"}},
      {"Science",
       {"Astronomy", "Chemistry", "Earth Sciences", "Life Sciences", "Mathematics",
        "Natural Sciences", "Nature", "Physics", "Social Sciences"}},
      {"Society & Culture",
       {"Documentary", "Personal Journals", "Philosophy", "Places & Travel", "Relationships"}},
      {"Sports",
       {"Baseball", "Basketball", "Cricket", "Fantasy Sports", "Football", "Golf", "Hockey",
        "Rugby", "Running", "Soccer", "Swimming", "Tennis", "Volleyball", "Wilderness",
        "Wrestling"}},
      {"Technology", {}},
      {"True Crime", {}},
      {"TV & Film",
       {"After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"}},
  };
  return categories;
}

std::string apple_category_problem(std::string_view category,
                                   std::optional<std::string_view> subcategory) {
  const auto& categories = apple_categories();
  const auto known = categories.find(category);
  if (known == categories.end()) {
    std::vector<std::string_view> names;
    for (const auto& entry : categories) names.push_back(entry.first);
    std::string problem = quote_value(category) + " is not an Apple Podcasts category" +
                          did_you_mean(closest(category, names));
    // "Tech News" as a category: it is a subcategory of News.
    if (const std::string_view parent = category_listing(category); !parent.empty())
      problem += " (it is a subcategory of " + quote_value(parent) + ")";
    return problem;
  }
  if (!subcategory || known->second.contains(*subcategory)) return {};
  std::string problem =
      quote_value(*subcategory) + " is not an Apple subcategory of " + quote_value(category);
  if (known->second.empty()) return problem + ", which has none";
  if (const std::string_view parent = category_listing(*subcategory); !parent.empty())
    return problem + " (it belongs to " + quote_value(parent) + ")";
  return problem + did_you_mean(closest(*subcategory, known->second));
}

const std::set<std::string_view>& podcast_mediums() {
  static const std::set<std::string_view> mediums = {"podcast",   "music",      "video", "film",
                                                     "audiobook", "newsletter", "blog",  "course"};
  return mediums;
}

std::string podcast_medium_problem(std::string_view medium) {
  if (podcast_mediums().contains(medium)) return {};
  if (list_mediums().contains(medium))
    return quote_value(medium) +
           " is a medium for feeds that list other feeds (podcast:remoteItem only); castmap "
           "writes feeds of episodes (use one of: podcast, music, video, film, audiobook, "
           "newsletter, blog, course)";
  return quote_value(medium) +
         " is not a podcast:medium (podcast, music, video, film, audiobook, newsletter, blog, "
         "course)" +
         did_you_mean(closest(medium, podcast_mediums()));
}

std::string podcast_type_problem(std::string_view type) {
  static const std::set<std::string_view> types = {"episodic", "serial"};
  if (types.contains(type)) return {};
  return quote_value(type) + " is not an itunes:type ('episodic' or 'serial')" +
         did_you_mean(closest(type, types));
}

}  // namespace castmap
