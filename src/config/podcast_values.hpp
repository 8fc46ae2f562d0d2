// The value sets podcast settings must come from: Apple's categories and subcategories, the
// Podcasting 2.0 namespace's `podcast:medium` values and Apple's `itunes:type` values. One table
// each, read by the config loader (which rejects other values) and by the RSS exporter.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace castmap {

/// Apple Podcasts categories (the 2019 list) and their subcategories; case-sensitive.
const std::map<std::string_view, std::set<std::string_view>>& apple_categories();

/// Why `category` (with `subcategory`, when given) is not one of Apple's pairs, with a "did you
/// mean" when a listed value is close; empty when it is one. The message reads after the key.
std::string apple_category_problem(std::string_view category,
                                   std::optional<std::string_view> subcategory);

/// `podcast:medium` values a feed of episodes may carry: the namespace's list without the List
/// mediums (`podcastL`, `mixed`, `publisher`, ...), whose feeds hold only podcast:remoteItem.
const std::set<std::string_view>& podcast_mediums();

/// Why `medium` is not a usable podcast:medium (with a "did you mean"), or empty.
std::string podcast_medium_problem(std::string_view medium);

/// Why `type` is not an itunes:type (`episodic` or `serial`), or empty.
std::string podcast_type_problem(std::string_view type);

}  // namespace castmap
