// --notify: after a run, tells WebSub hubs which feeds changed and IndexNow which pages were
// added, changed or removed, over HTTP (libcurl). What cannot be delivered is a warning
// (notify-failed) and is kept for the next run (src/incremental/pending_notifications.hpp).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "src/config/config.hpp"
#include "src/incremental/pending_notifications.hpp"
#include "src/model/diagnostics.hpp"
#include "src/output/output_writer.hpp"

namespace castmap {

/// What this run has to tell: a ping to every configured hub for each feed file whose bytes
/// changed or that was created (`changes`, feeds told apart by their exporter's media type), and
/// the `pages` (added, changed or removed) for IndexNow when a key is configured.
PendingNotifications notifications_for(const Config& config, const std::vector<FileChange>& changes,
                                       const std::vector<std::string>& pages);

struct NotifyCounts {
  std::size_t sent = 0;    ///< requests the receiver accepted
  std::size_t failed = 0;  ///< requests kept for the next run
};

/// Sends `due`, dropping what the configuration no longer asks for (a hub removed, no IndexNow
/// key). Returns what failed, to be kept; each receiver that failed gets one warning.
PendingNotifications send_notifications(const Config& config, const PendingNotifications& due,
                                        DiagnosticSink& diagnostics, NotifyCounts& counts);

}  // namespace castmap
