// FieldPositions: where each front-matter key (and list item, "guests[1]") of one file sits,
// as a small sorted vector. Every episode has one, so it must be compact: a std::map spent a
// tree node (80 bytes) per key, 80 MB over 100,000 episodes; this spends 40 bytes per key.
#pragma once

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "src/model/source_location.hpp"

namespace castmap {

/// The part of std::map's interface the loader, normalizer and codec use; iterates in key order.
class FieldPositions {
 public:
  using value_type = std::pair<std::string, FieldPosition>;
  using const_iterator = std::vector<value_type>::const_iterator;

  FieldPositions() = default;
  /// Like std::map's: of two equal keys, the first is kept.
  FieldPositions(std::initializer_list<value_type> items) {
    for (const value_type& item : items) emplace(item.first, item.second);
  }

  const_iterator begin() const { return items_.begin(); }
  const_iterator end() const { return items_.end(); }
  std::size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }

  const_iterator find(std::string_view key) const {
    auto at = lower_bound(key);
    return at != items_.end() && at->first == key ? at : items_.end();
  }
  bool contains(std::string_view key) const { return find(key) != end(); }
  /// Throws std::out_of_range when `key` is absent.
  const FieldPosition& at(std::string_view key) const {
    auto found = find(key);
    if (found == end()) throw std::out_of_range("no position for '" + std::string(key) + "'");
    return found->second;
  }

  /// Adds `key` unless present; true when added.
  bool emplace(std::string_view key, FieldPosition position) {
    // Keys usually arrive in order (the cache stores them sorted): then they are appended.
    if (items_.empty() || items_.back().first < key) {
      items_.emplace_back(std::string(key), position);
      return true;
    }
    auto at = lower_bound(key);
    if (at != items_.end() && at->first == key) return false;
    items_.emplace(at, std::string(key), position);
    return true;
  }
  void insert_or_assign(std::string_view key, FieldPosition position) { (*this)[key] = position; }
  FieldPosition& operator[](std::string_view key) {
    auto at = lower_bound(key);
    if (at == items_.end() || at->first != key)
      at = items_.emplace(at, std::string(key), FieldPosition{});
    return at->second;
  }

  /// Removes `key` if present; how many were removed (0 or 1).
  std::size_t erase(std::string_view key) {
    auto at = lower_bound(key);
    if (at == items_.end() || at->first != key) return 0;
    items_.erase(at);
    return 1;
  }

  /// Gives back the spare capacity of a finished file's positions.
  void shrink_to_fit() { items_.shrink_to_fit(); }
  void reserve(std::size_t count) { items_.reserve(count); }

  bool operator==(const FieldPositions&) const = default;

 private:
  std::vector<value_type>::iterator lower_bound(std::string_view key) {
    return std::lower_bound(
        items_.begin(), items_.end(), key,
        [](const value_type& item, std::string_view k) { return item.first < k; });
  }
  const_iterator lower_bound(std::string_view key) const {
    return std::lower_bound(
        items_.begin(), items_.end(), key,
        [](const value_type& item, std::string_view k) { return item.first < k; });
  }

  std::vector<value_type> items_;  ///< sorted by key, keys unique
};

}  // namespace castmap
