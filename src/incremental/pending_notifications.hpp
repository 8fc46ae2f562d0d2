// Notifications (--notify) that a run could not deliver, remembered in the output folder
// (.castmap-notify) so that the next --notify run sends them again. A missing or damaged file
// means nothing is pending.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "src/output/output_writer.hpp"

namespace castmap {

inline constexpr std::string_view kPendingNotificationsFileName = ".castmap-notify";

struct PendingNotifications {
  /// WebSub pings: (hub URL, feed URL), sorted, unique.
  std::vector<std::pair<std::string, std::string>> websub;
  /// IndexNow: page URLs, sorted, unique.
  std::vector<std::string> indexnow;

  bool empty() const { return websub.empty() && indexnow.empty(); }
  /// Adds `other`'s notifications (sorted and unique again).
  void merge(const PendingNotifications& other);

  std::string encode() const;
  static std::optional<PendingNotifications> decode(std::string_view bytes);
};

/// The notifications the last --notify run could not deliver (none when missing or damaged).
PendingNotifications read_pending_notifications(const OutputWriter& writer);
/// Keeps `pending` for the next run, or removes the file when nothing is pending.
void remember_pending_notifications(OutputWriter& writer, const PendingNotifications& pending);

}  // namespace castmap
