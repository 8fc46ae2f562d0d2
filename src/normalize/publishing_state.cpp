// Holding back drafts and future episodes (see publishing_state.hpp).
#include "src/normalize/publishing_state.hpp"

#include <algorithm>

#include "src/base/message_text.hpp"

namespace castmap {

HeldBack hold_back_unpublished(Catalog& catalog, TimePoint reference, DiagnosticSink& diagnostics) {
  HeldBack held;
  std::erase_if(catalog.episodes, [&](const Episode& episode) {
    if (episode.draft) {
      ++held.drafts;
      held.source_paths.push_back(episode.source_path);
      diagnostics.note(episode.location_of("draft"), "episode-draft",
                       "episode " + quote_value(episode.id) +
                           " is a draft: left out of every output until `draft: true` is removed");
      return true;
    }
    if (episode.published > reference) {
      ++held.scheduled;
      held.window.until = std::min(held.window.until, episode.published);
      held.source_paths.push_back(episode.source_path);
      // The message names the episode's date, never the reference time: a replayed run repeats
      // it word for word.
      diagnostics.note(episode.location_of("publishedAt"), "episode-scheduled",
                       "episode " + quote_value(episode.id) + " is dated " +
                           format_w3c(episode.published) +
                           ", after the run's reference time: left out of every output until "
                           "then");
      return true;
    }
    held.window.from = std::max(held.window.from, episode.published);
    return false;
  });
  std::sort(held.source_paths.begin(), held.source_paths.end());
  if (held.drafts + held.scheduled > 0) catalog.index();
  return held;
}

}  // namespace castmap
