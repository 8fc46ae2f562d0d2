// WebSub pings and IndexNow submissions with libcurl (see notify.hpp).
#include "src/app/notify.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>

#include "exporters/registry.hpp"
#include "src/config/url_template.hpp"
#include "src/incremental/published_items.hpp"

namespace castmap {

namespace {

/// IndexNow takes at most 10,000 URLs per request.
constexpr std::size_t kIndexNowBatch = 10000;

struct Outcome {
  bool ok = false;
  std::string problem;  ///< "HTTP 500", "Could not connect to server", ...
};

std::size_t discard(char*, std::size_t size, std::size_t count, void*) { return size * count; }

/// POSTs `body` to `url`; 2xx is success. No redirects (a ping is not re-sent elsewhere), http
/// and https only, bounded in time so that an unresponsive receiver cannot hold the run.
Outcome post(const std::string& url, const std::string& body, const char* content_type) {
  static std::once_flag global;
  std::call_once(global, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return {false, "libcurl could not start"};
  const std::string header = std::string("Content-Type: ") + content_type;
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(
      curl_slist_append(nullptr, header.c_str()), curl_slist_free_all);
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "castmap/" CASTMAP_VERSION);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
  if (const CURLcode code = curl_easy_perform(c); code != CURLE_OK)
    return {false, curl_easy_strerror(code)};
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  if (status < 200 || status > 299) return {false, "HTTP " + std::to_string(status)};
  return {true, {}};
}

std::string form_escape(const std::string& text) {
  std::unique_ptr<char, decltype(&curl_free)> escaped(
      curl_easy_escape(nullptr, text.c_str(), static_cast<int>(text.size())), curl_free);
  return escaped ? std::string(escaped.get()) : std::string();
}

/// The URL a feed file is published at: its format's URL template with {show} taken from the
/// file's path ("feeds/{show}.xml"), else the base URL and the path.
std::string feed_url(const Config& config, const FormatInfo& format, const std::string& path) {
  const std::string_view pattern = format.path_pattern;
  const std::size_t at = pattern.find("{show}");
  if (format.published_at && at != std::string_view::npos) {
    const std::string_view prefix = pattern.substr(0, at), suffix = pattern.substr(at + 6);
    if (path.size() > prefix.size() + suffix.size() && path.starts_with(prefix) &&
        path.ends_with(suffix)) {
      const std::string show =
          path.substr(prefix.size(), path.size() - prefix.size() - suffix.size());
      const std::string url =
          expand_url(config.urls.*(format.published_at), url_fields(config, show));
      if (!url.empty()) return url;
    }
  }
  return config.site.base_url + "/" + path;
}

/// The host IndexNow is told the URLs belong to.
std::string host_of(const std::string& base_url) {
  const std::size_t start = base_url.find("://");
  if (start == std::string::npos) return base_url;
  const std::size_t end = base_url.find('/', start + 3);
  return base_url.substr(start + 3, end == std::string::npos ? std::string::npos : end - start - 3);
}

}  // namespace

PendingNotifications notifications_for(const Config& config, const std::vector<FileChange>& changes,
                                       const std::vector<std::string>& pages) {
  PendingNotifications due;
  if (!config.notify.websub_hubs.empty())
    for (const FileChange& change : changes) {
      if (change.kind != ChangeKind::created && change.kind != ChangeKind::changed) continue;
      const Exporter* exporter = find_exporter(change.exporter);
      if (!exporter || !is_feed_media_type(exporter->info().media_type)) continue;
      const std::string topic = feed_url(config, exporter->info(), change.path);
      for (const std::string& hub : config.notify.websub_hubs) due.websub.emplace_back(hub, topic);
    }
  if (!config.notify.indexnow_key.empty()) due.indexnow = pages;
  due.merge({});  // sorted and unique
  return due;
}

PendingNotifications send_notifications(const Config& config, const PendingNotifications& due,
                                        DiagnosticSink& diagnostics, NotifyCounts& counts) {
  PendingNotifications failed;
  std::map<std::string, std::pair<std::size_t, std::string>> failures;  // receiver -> count, why
  const auto& hubs = config.notify.websub_hubs;
  for (const auto& [hub, topic] : due.websub) {
    if (std::find(hubs.begin(), hubs.end(), hub) == hubs.end()) continue;  // no longer a hub
    const Outcome outcome = post(hub, "hub.mode=publish&hub.url=" + form_escape(topic),
                                 "application/x-www-form-urlencoded");
    if (outcome.ok) {
      ++counts.sent;
      continue;
    }
    ++counts.failed;
    failed.websub.emplace_back(hub, topic);
    auto& [count, why] = failures["WebSub hub " + hub];
    ++count;
    why = outcome.problem;
  }
  if (!config.notify.indexnow_key.empty())
    for (std::size_t first = 0; first < due.indexnow.size(); first += kIndexNowBatch) {
      const auto begin = due.indexnow.begin() + static_cast<std::ptrdiff_t>(first);
      const auto end = due.indexnow.begin() + static_cast<std::ptrdiff_t>(std::min(
                                                  due.indexnow.size(), first + kIndexNowBatch));
      const nlohmann::json body = {{"host", host_of(config.site.base_url)},
                                   {"key", config.notify.indexnow_key},
                                   {"urlList", std::vector<std::string>(begin, end)}};
      const Outcome outcome =
          post(config.notify.indexnow_endpoint, body.dump(), "application/json; charset=utf-8");
      if (outcome.ok) {
        ++counts.sent;
        continue;
      }
      ++counts.failed;
      failed.indexnow.insert(failed.indexnow.end(), begin, end);
      auto& [count, why] = failures["IndexNow endpoint " + config.notify.indexnow_endpoint];
      ++count;
      why = outcome.problem;
    }
  for (const auto& [receiver, failure] : failures)
    diagnostics.warning(config.location(), "notify-failed",
                        receiver + " did not take " + std::to_string(failure.first) +
                            (failure.first == 1 ? " request" : " requests") + " (" +
                            failure.second + "); the next --notify run sends again");
  return failed;
}

}  // namespace castmap
