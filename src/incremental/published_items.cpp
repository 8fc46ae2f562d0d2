// The memory of what the last run published, and the guard that compares it with this run
// (see published_items.hpp).
#include "src/incremental/published_items.hpp"

#include <algorithm>
#include <map>
#include <numeric>

#include "src/base/content_hash.hpp"
#include "src/base/message_text.hpp"
#include "src/base/parallel.hpp"
#include "src/config/url_template.hpp"
#include "src/incremental/binary_codec.hpp"

namespace castmap {

namespace {

// Bump when the layout changes: an old file then reads as "nothing remembered".
constexpr std::uint64_t kPublishedFormat = 1;
constexpr std::string_view kPublishedMagic = "castmap-published\n";

/// At most this many diagnostics per code; the rest are counted in one more (a changed
/// urls.enclosure changes every item: 100,000 lines would bury everything else).
constexpr std::size_t kMaxPerCode = 20;

std::string feed_list(const std::vector<std::string_view>& feeds) {
  std::string list;
  for (std::size_t i = 0; i < feeds.size() && i < 3; ++i)
    list += (i == 0 ? "" : ", ") + std::string(feeds[i]);
  if (feeds.size() > 3) list += " and " + std::to_string(feeds.size() - 3) + " more";
  return list;
}

/// Reports up to kMaxPerCode diagnostics of one code, then one that counts the rest.
class CappedReporter {
 public:
  CappedReporter(const Config& config, DiagnosticSink& diagnostics)
      : config_(config), diagnostics_(diagnostics) {}
  void warn(const SourceLocation& where, const std::string& code, std::string message) {
    if (++counts_[code] <= kMaxPerCode) diagnostics_.warning(where, code, std::move(message));
  }
  std::size_t finish() {
    std::size_t reported = 0;
    for (const auto& [code, count] : counts_) {
      reported += std::min(count, kMaxPerCode);
      if (count <= kMaxPerCode) continue;
      diagnostics_.warning(config_.location(), code,
                           std::to_string(count - kMaxPerCode) + " more published items like the " +
                               std::to_string(kMaxPerCode) + " above");
      ++reported;
    }
    return reported;
  }

 private:
  const Config& config_;
  DiagnosticSink& diagnostics_;
  std::map<std::string, std::size_t> counts_;
};

}  // namespace

bool is_feed_media_type(std::string_view media_type) {
  return media_type == "application/rss+xml" || media_type == "application/atom+xml" ||
         media_type == "application/feed+json";
}

const PublishedEpisode* PublishedItems::find(std::string_view source_path) const {
  auto it = std::lower_bound(
      episodes.begin(), episodes.end(), source_path,
      [](const PublishedEpisode& e, std::string_view path) { return e.source_path < path; });
  return it != episodes.end() && it->source_path == source_path ? &*it : nullptr;
}

std::string PublishedItems::encode() const {
  BinaryWriter w;
  w.str(kPublishedMagic);
  w.u64(kPublishedFormat);
  w.boolean(has_pages);
  w.u64(episodes.size());
  for (const PublishedEpisode& e : episodes) {
    w.str(e.source_path);
    w.fixed64(e.guid);
    w.fixed64(e.enclosure);
    w.fixed64(e.content);
    if (has_pages) w.str(e.page_url);
  }
  w.u64(feeds.size());
  for (const auto& [path, members] : feeds) {
    w.str(path);
    w.u64(members.size());
    // Sorted indices: deltas are small varints.
    std::uint32_t previous = 0;
    for (std::uint32_t m : members) {
      w.u64(m - previous);
      previous = m;
    }
  }
  w.seal();
  return std::move(w.bytes());
}

std::optional<PublishedItems> PublishedItems::decode(std::string_view bytes) {
  const std::optional<std::string_view> verified = verified_body(bytes);
  if (!verified) return std::nullopt;
  const std::string_view body = *verified;
  BinaryReader r(body);
  if (r.str() != kPublishedMagic || r.u64() != kPublishedFormat || !r.ok()) return std::nullopt;
  PublishedItems items;
  items.has_pages = r.boolean();
  const std::size_t count = r.length();
  for (std::size_t i = 0; i < count && r.ok(); ++i) {
    PublishedEpisode& e = items.episodes.emplace_back();
    e.source_path = r.str();
    e.guid = r.fixed64();
    e.enclosure = r.fixed64();
    e.content = r.fixed64();
    if (items.has_pages) e.page_url = r.str();
    if (i > 0 && !(items.episodes[i - 1].source_path < e.source_path)) return std::nullopt;
  }
  const std::size_t feed_count = r.length();
  for (std::size_t f = 0; f < feed_count && r.ok(); ++f) {
    auto& [path, members] = items.feeds.emplace_back();
    path = r.str();
    const std::size_t n = r.length();
    std::uint64_t at = 0;
    for (std::size_t i = 0; i < n && r.ok(); ++i) {
      at += r.u64();
      if (at >= items.episodes.size() || (i > 0 && at == members.back())) return std::nullopt;
      members.push_back(static_cast<std::uint32_t>(at));
    }
  }
  if (!r.ok() || !r.at_end()) return std::nullopt;
  return items;
}

PublishedItems published_items_of(const RenderContext& ctx,
                                  std::span<const Exporter* const> exporters, bool with_pages) {
  const Catalog& catalog = ctx.catalog;
  const Config& config = ctx.config;
  std::vector<std::uint32_t> by_path(catalog.episodes.size());
  std::iota(by_path.begin(), by_path.end(), 0u);
  std::sort(by_path.begin(), by_path.end(), [&](std::uint32_t a, std::uint32_t b) {
    return catalog.episodes[a].source_path < catalog.episodes[b].source_path;
  });
  PublishedItems items;
  items.has_pages = with_pages;
  items.episodes.resize(by_path.size());
  std::vector<std::uint32_t> slot_of(catalog.episodes.size());  // catalog index -> slot
  // On every core: URL expansion for 100,000 episodes is most of a one-episode re-run's guard.
  parallel_for(by_path.size(), [&](std::size_t i) {
    const auto slot = static_cast<std::uint32_t>(i);
    const Episode& episode = catalog.episodes[by_path[slot]];
    slot_of[by_path[slot]] = slot;
    PublishedEpisode& e = items.episodes[slot];
    const UrlFields fields = url_fields(config, episode);
    e.source_path = episode.source_path;
    // The item's guid is the episode id (exporters/rss.cpp); the enclosure is urls.enclosure.
    e.guid = content_hash(episode.id);
    e.enclosure =
        config.urls.enclosure.empty() ? 0 : content_hash(expand_url(config.urls.enclosure, fields));
    e.content = episode.source_digest != 0 ? episode.source_digest : e.guid;
    if (with_pages) e.page_url = expand_url(config.urls.episode_page, fields);
  });
  for (const Exporter* exporter : exporters) {
    if (!is_feed_media_type(exporter->info().media_type)) continue;
    RenderReport ignored;  // the renderer reports the plan's findings
    for (const auto& assembly : exporter->plan_assemblies(ctx, ignored)) {
      if (!assembly->episode_members || assembly->split) continue;
      if (assembly->left_out_by_limit > 0) items.limited_feeds.push_back(assembly->path);
      auto& [path, members] = items.feeds.emplace_back();
      path = assembly->path;
      members.reserve(assembly->members.size());
      for (std::size_t m : assembly->members)
        if (m < slot_of.size()) members.push_back(slot_of[m]);
      std::sort(members.begin(), members.end());
      members.erase(std::unique(members.begin(), members.end()), members.end());
    }
  }
  std::sort(items.feeds.begin(), items.feeds.end());
  std::sort(items.limited_feeds.begin(), items.limited_feeds.end());
  return items;
}

std::size_t check_published_items(const PublishedItems& last, const PublishedItems& now,
                                  const Catalog& catalog, std::span<const std::string> held_back,
                                  const Config& config, DiagnosticSink& diagnostics) {
  // Per episode (a path of `last`), the feeds it left and the feeds where it changed: one
  // diagnostic per episode and kind, naming the feeds (all.xml and a show feed list it twice).
  struct Changes {
    std::vector<std::string_view> removed_from, guid_changed_in, enclosure_changed_in;
  };
  std::map<std::string_view, Changes> changes;  // ordered: diagnostics in path order
  auto now_feed = now.feeds.begin();
  for (const auto& [path, members] : last.feeds) {
    while (now_feed != now.feeds.end() && now_feed->first < path) ++now_feed;
    if (now_feed == now.feeds.end() || now_feed->first != path) continue;  // the feed is gone
    const std::vector<std::uint32_t>& current = now_feed->second;
    std::vector<std::uint64_t> current_guids;  // for items whose file moved (same guid)
    for (std::uint32_t m : members) {
      const PublishedEpisode& was = last.episodes[m];
      const PublishedEpisode* is = now.find(was.source_path);
      bool listed = false;
      if (is) {
        const auto slot = static_cast<std::uint32_t>(is - now.episodes.data());
        listed = std::binary_search(current.begin(), current.end(), slot);
      }
      if (!listed && std::binary_search(held_back.begin(), held_back.end(), was.source_path))
        continue;  // a draft or a future episode again: left by design
      if (!listed && is &&
          std::binary_search(now.limited_feeds.begin(), now.limited_feeds.end(), path))
        continue;  // still published, but older than what feeds.max_items keeps: by design
      if (!listed) {
        // The same item from a renamed file is no loss: found by its guid.
        if (current_guids.empty() && !current.empty()) {
          for (std::uint32_t c : current) current_guids.push_back(now.episodes[c].guid);
          std::sort(current_guids.begin(), current_guids.end());
        }
        is = nullptr;
        if (std::binary_search(current_guids.begin(), current_guids.end(), was.guid)) {
          for (std::uint32_t c : current)
            if (now.episodes[c].guid == was.guid) is = &now.episodes[c];
          if (is && is->enclosure != was.enclosure)
            changes[is->source_path].enclosure_changed_in.push_back(path);
          continue;
        }
        changes[was.source_path].removed_from.push_back(path);
        continue;
      }
      if (is->guid != was.guid) changes[was.source_path].guid_changed_in.push_back(path);
      if (is->enclosure != was.enclosure)
        changes[was.source_path].enclosure_changed_in.push_back(path);
    }
  }

  CappedReporter report(config, diagnostics);
  std::vector<std::size_t> by_path(catalog.episodes.size());
  std::iota(by_path.begin(), by_path.end(), std::size_t{0});
  std::sort(by_path.begin(), by_path.end(), [&](std::size_t a, std::size_t b) {
    return catalog.episodes[a].source_path < catalog.episodes[b].source_path;
  });
  const auto episode_at = [&](std::string_view source_path) -> const Episode* {
    auto it = std::lower_bound(
        by_path.begin(), by_path.end(), source_path,
        [&](std::size_t i, std::string_view p) { return catalog.episodes[i].source_path < p; });
    return it != by_path.end() && catalog.episodes[*it].source_path == source_path
               ? &catalog.episodes[*it]
               : nullptr;
  };
  for (const auto& [source_path, change] : changes) {
    const Episode* episode = episode_at(source_path);
    if (!change.removed_from.empty()) {
      const std::string where = feed_list(change.removed_from);
      if (episode)
        report.warn(
            episode->location_of("show"), "feed-item-removed",
            "the item of episode " + quote_value(episode->id) + " that the last run published in " +
                where +
                " is no longer in it (was its show changed?); subscribers of that feed lose it");
      else
        report.warn({std::string(source_path), 0, 0}, "feed-item-removed",
                    "the item the last run published from this file in " + where +
                        " is gone (file removed, or the episode rejected); subscribers lose it");
    }
    if (!episode) continue;
    if (!change.guid_changed_in.empty())
      report.warn(episode->location_of("id"), "feed-item-guid-changed",
                  "the guid of episode " + quote_value(episode->id) +
                      " changed since the last run published it in " +
                      feed_list(change.guid_changed_in) +
                      ": podcast apps take it for a new episode and download it again");
    if (!change.enclosure_changed_in.empty())
      report.warn(episode->location_of(episode->positions.contains("videoId") ? "videoId" : "id"),
                  "feed-item-enclosure-changed",
                  "the enclosure URL of episode " + quote_value(episode->id) +
                      " changed since the last run published it in " +
                      feed_list(change.enclosure_changed_in) +
                      ": podcast apps download the media again (or lose it)");
  }
  return report.finish();
}

std::vector<std::string> changed_pages(const PublishedItems& last, const PublishedItems& now) {
  std::vector<std::string> pages;
  if (!last.has_pages || !now.has_pages) return pages;
  // Both lists are sorted by source path: one merge.
  auto a = last.episodes.begin();
  auto b = now.episodes.begin();
  while (a != last.episodes.end() || b != now.episodes.end()) {
    if (b == now.episodes.end() || (a != last.episodes.end() && a->source_path < b->source_path)) {
      pages.push_back(a++->page_url);  // removed
    } else if (a == last.episodes.end() || b->source_path < a->source_path) {
      pages.push_back(b++->page_url);  // added
    } else {
      if (a->page_url != b->page_url) {
        pages.push_back(a->page_url);
        pages.push_back(b->page_url);
      } else if (a->content != b->content) {
        pages.push_back(b->page_url);
      }
      ++a;
      ++b;
    }
  }
  std::erase(pages, std::string());
  std::sort(pages.begin(), pages.end());
  pages.erase(std::unique(pages.begin(), pages.end()), pages.end());
  return pages;
}

std::optional<PublishedItems> read_published_items(const OutputWriter& writer) {
  std::optional<FileBytes> bytes = writer.read_state_file(kPublishedItemsFileName);
  if (!bytes) return std::nullopt;
  return PublishedItems::decode(bytes->view());
}

void remember_published_items(OutputWriter& writer, const PublishedItems& items) {
  const std::string bytes = items.encode();
  writer.write_state_file(kPublishedItemsFileName, [&](const auto& sink) { sink(bytes); });
}

}  // namespace castmap
