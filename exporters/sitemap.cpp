// The sitemap exporter: the index sitemap.xml over parts sitemap-episodes-N.xml (one <url> per
// episode, each with a Google video:video entry) and, when show pages exist, sitemap-shows.xml.
// The parts go in sitemap.parts_path (the site root by default: a sitemap may list only pages at
// or below its own folder, which castmap.yaml's check keeps; src/config/sitemap_location.hpp).
// Parts split at config.sitemap.max_urls and max_bytes and can be gzipped. Format digest:
// ../shared/spec/sitemaps.md. Shard K of N (--shard) writes sitemap-shard-K-of-N.xml over
// sitemap-shard-K-of-N-episodes-M.xml and -shows.xml instead.
#include <pugixml.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "exporters/exporter.hpp"
#include "exporters/finding_tally.hpp"
#include "exporters/xml_output.hpp"
#include "src/base/message_text.hpp"
#include "src/base/text.hpp"
#include "src/base/time_format.hpp"
#include "src/config/url_template.hpp"

namespace castmap {
namespace {

constexpr const char* kSitemapNamespace = "http://www.sitemaps.org/schemas/sitemap/0.9";

// Google's video:video limits (sitemaps.md, section 2).
constexpr std::size_t kMaxTitleLength = 100;
constexpr std::size_t kMaxDescriptionLength = 2048;
constexpr long long kMaxDurationSeconds = 28800;
constexpr std::size_t kMaxTags = 32;
// sitemaps.org limits: a loc is 12..2048 characters (XSD); an index lists at most 50,000 parts.
constexpr std::size_t kMinLocLength = 12;
constexpr std::size_t kMaxLocLength = 2048;
constexpr std::size_t kMaxIndexEntries = 50000;

/// Every part is this fixed text around pugixml-rendered <url> fragments. The text carries no
/// data, so there is nothing to escape in it; a test checks that a part is byte-identical to
/// pugixml's save of the same document. One head for all parts: an unused xmlns is harmless.
constexpr std::string_view kPartHead =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
    "xmlns:video=\"http://www.google.com/schemas/sitemap-video/1.1\">\n";
constexpr std::string_view kPartTail = "</urlset>\n";

/// Length as JavaScript-based validators count it (UTF-16 units): a character outside the BMP,
/// such as an emoji, counts twice. Staying within a limit in these units also stays within it
/// in characters, the unit of the XSD.
std::size_t utf16_length(std::string_view text) {
  std::size_t units = 0;
  for (unsigned char byte : text) {
    if ((byte & 0xC0) != 0x80) ++units;  // a character starts here
    if ((byte & 0xF8) == 0xF0) ++units;  // 4-byte sequence: a surrogate pair in UTF-16
  }
  return units;
}

/// Cuts to at most `max_units` UTF-16 units, on a character boundary, ending with "…".
/// Call only when the text is too long.
std::string truncate_text(std::string_view text, std::size_t max_units) {
  constexpr std::string_view kEllipsis = "\u2026";  // one UTF-16 unit
  const std::size_t budget = max_units - 1;
  std::size_t units = 0;
  std::size_t chars = 0;  // how many leading characters fit beside the ellipsis
  for (unsigned char byte : text) {
    if ((byte & 0xC0) == 0x80) continue;  // inside a character
    const std::size_t width = (byte & 0xF8) == 0xF0 ? 2 : 1;
    if (units + width > budget) break;
    units += width;
    ++chars;
  }
  return truncate_chars(text, chars, "") + std::string(kEllipsis);
}

bool is_usable_loc(std::string_view url) {
  return is_absolute_http_url(url) && url.size() >= kMinLocLength && url.size() <= kMaxLocLength;
}

/// Appends a <url> element exactly as pugixml prints it inside <urlset> (depth 1, two spaces).
void append_fragment_xml(std::string& out, const pugi::xml_node& url) {
  append_xml_node(out, url, 1);
}

void append_text(pugi::xml_node parent, const char* name, std::string_view text) {
  // Up to a NUL, as for a C string: XML cannot carry one (cleaned fields never have it).
  text = text.substr(0, text.find('\0'));
  parent.append_child(name).text().set(text.data(), text.size());  // escaped once, by pugixml
}

/// What the findings of a <url> are called, and where in the episode each points.
struct FindingKind {
  const char* code;
  Severity severity;
  std::string_view field;
};
constexpr FindingKind kLocInvalid{"sitemap-loc-invalid", Severity::warning, "slug"};
constexpr FindingKind kVideoUnavailable{"video-metadata-unavailable", Severity::warning, "slug"};
constexpr FindingKind kTitleTruncated{"video-title-truncated", Severity::warning, "title"};
constexpr FindingKind kDescriptionTruncated{"video-description-truncated", Severity::warning,
                                            "description"};
constexpr FindingKind kDescriptionFromTitle{"video-description-from-title", Severity::note,
                                            "description"};
constexpr FindingKind kDurationOmitted{"video-duration-omitted", Severity::warning, "duration"};
constexpr FindingKind kTagsTruncated{"video-tags-truncated", Severity::warning, "technologies"};

/// Reports one finding of `episode`; `detail` is what the run's message quotes of it.
void report_finding(RenderReport& report, const Episode& episode, const FindingKind& kind,
                    std::string detail = {}) {
  report.add({kind.severity, episode.location_of(kind.field), std::move(detail), kind.code});
}

/// Appends an episode's <url> to `out`, or nothing when its page URL is unusable.
void append_episode_url(const Episode& episode, const RenderContext& ctx, std::string& out,
                        RenderReport& report) {
  const UrlFields fields = url_fields(ctx.config, episode);
  const std::string page = expand_url(ctx.config.urls.episode_page, fields);
  if (!is_usable_loc(page)) {
    report_finding(report, episode, kLocInvalid, page);
    return;
  }
  const std::string published = format_w3c(episode.published);  // lastmod and publication_date
  pugi::xml_document document;
  pugi::xml_node url = document.append_child("url");
  append_text(url, "loc", page);
  append_text(url, "lastmod", published);

  // video:video requires a thumbnail and the media itself; without them the page is still
  // worth listing, as a plain <url>.
  const std::string thumbnail = expand_url(ctx.config.urls.thumbnail, fields);
  const std::string video_url = expand_url(ctx.config.urls.video, fields);
  if (!is_absolute_http_url(thumbnail) || !is_absolute_http_url(video_url)) {
    const bool thumbnail_bad = !is_absolute_http_url(thumbnail);
    const std::string& bad = thumbnail_bad ? thumbnail : video_url;
    const char* key = thumbnail_bad ? "urls.thumbnail" : "urls.video";
    report_finding(report, episode, kVideoUnavailable,
                   bad.empty() ? std::string(key) + " is not set"
                               : std::string(key) + " gives \"" + bad + "\"");
    append_fragment_xml(out, url);
    return;
  }

  // Children in the XSD's sequence order; xmllint rejects any other order.
  pugi::xml_node video = url.append_child("video:video");
  append_text(video, "video:thumbnail_loc", thumbnail);
  // Copied only when cut.
  std::string truncated_title, truncated_description;
  std::string_view title = episode.title;
  if (utf16_length(title) > kMaxTitleLength) {
    title = truncated_title = truncate_text(title, kMaxTitleLength);
    report_finding(report, episode, kTitleTruncated);
  }
  append_text(video, "video:title", title);
  std::string_view description = episode.description;
  if (is_blank(description)) {
    description = title;  // required and must not be empty
    report_finding(report, episode, kDescriptionFromTitle);
  } else if (utf16_length(description) > kMaxDescriptionLength) {
    description = truncated_description = truncate_text(description, kMaxDescriptionLength);
    report_finding(report, episode, kDescriptionTruncated);
  }
  append_text(video, "video:description", description);
  append_text(video, "video:content_loc", video_url);
  const long long seconds = std::llround(episode.duration_seconds);
  if (seconds >= 1 && seconds <= kMaxDurationSeconds) {
    append_text(video, "video:duration", std::to_string(seconds));
  } else {
    report_finding(report, episode, kDurationOmitted);  // Google rejects 0 and > 8 h; never clamp
  }
  append_text(video, "video:publication_date", published);
  const std::size_t tag_count = std::min(episode.technologies.size(), kMaxTags);
  if (episode.technologies.size() > kMaxTags) report_finding(report, episode, kTagsTruncated);
  for (std::size_t i = 0; i < tag_count; ++i) {
    const std::string& id = episode.technologies[i];
    const Technology* technology = ctx.catalog.find_technology(id);
    append_text(video, "video:tag", technology ? technology->name : id);
  }
  append_fragment_xml(out, url);
}

/// A family of sitemap parts; each part's lastmod is the newest of its members'.
class UrlFamily : public Assembly {
 public:
  UrlFamily(const RenderContext& ctx, std::string prefix, bool unnumbered_when_only) : ctx_(ctx) {
    const Config& config = ctx.config;
    path = prefix;
    gzip = config.sitemap.gzip;
    split = PartLimits{config.sitemap.max_urls, config.sitemap.max_bytes, std::move(prefix),
                       gzip ? ".xml.gz" : ".xml", unnumbered_when_only};
  }
  std::string head() const override { return std::string(kPartHead); }
  std::string tail() const override { return std::string(kPartTail); }
  virtual TimePoint lastmod(std::size_t member) const = 0;

 protected:
  const RenderContext& ctx_;
};

/// One <url> per episode, each with a Google video:video entry.
class EpisodeUrls final : public UrlFamily {
 public:
  EpisodeUrls(const RenderContext& ctx, std::string prefix)
      : UrlFamily(ctx, std::move(prefix), false) {
    members.resize(ctx.catalog.episodes.size());
    for (std::size_t i = 0; i < members.size(); ++i) members[i] = i;
  }
  void append_fragment(std::size_t member, std::string& out, RenderReport& report) const override {
    append_episode_url(ctx_.catalog.episodes[member], ctx_, out, report);
  }
  TimePoint lastmod(std::size_t member) const override {
    return ctx_.catalog.episodes[member].published;
  }
};

/// Show pages: one <url> per show with episodes; lastmod is its newest episode. Shows are few:
/// one shows.xml, numbered only if the limits ever force a split.
class ShowUrls final : public UrlFamily {
 public:
  ShowUrls(const RenderContext& ctx, std::string prefix, RenderReport& report)
      : UrlFamily(ctx, std::move(prefix), true) {
    episode_members = false;
    std::map<std::string_view, TimePoint> newest;  // episodes are newest first: first one wins
    for (const Episode& episode : ctx.catalog.episodes)
      if (!episode.show_id.empty()) newest.emplace(episode.show_id, episode.published);
    std::size_t unusable = 0;
    const Show* first_unusable = nullptr;
    std::string first_page;
    for (const Show& show : ctx.catalog.shows) {
      auto it = newest.find(show.id);
      if (it == newest.end()) continue;
      std::string page = expand_url(ctx.config.urls.show_page, url_fields(ctx.config, show.id));
      if (!is_usable_loc(page)) {
        if (unusable++ == 0) {
          first_unusable = &show;
          first_page = page;
        }
        continue;
      }
      members.push_back(shows_.size());
      shows_.push_back({it->second, std::move(page)});
    }
    if (unusable > 0)
      report.warning(first_unusable->location_of("id"), "sitemap-loc-invalid",
                     std::to_string(unusable) +
                         " show page URL(s) are not absolute http(s) URLs of 12 to 2048 "
                         "characters, so those shows are left out of the sitemap (first " +
                         quote_value(first_page) + "; check urls.show_page)");
  }
  void append_fragment(std::size_t member, std::string& out, RenderReport&) const override {
    pugi::xml_document document;
    pugi::xml_node url = document.append_child("url");
    append_text(url, "loc", shows_[member].page);
    append_text(url, "lastmod", format_w3c(shows_[member].lastmod));
    append_fragment_xml(out, url);
  }
  TimePoint lastmod(std::size_t member) const override { return shows_[member].lastmod; }

 private:
  struct ShowPage {
    TimePoint lastmod;
    std::string page;
  };
  std::vector<ShowPage> shows_;
};

/// sitemap.xml (a shard's sitemap-shard-K-of-N.xml): always written, even for one part, so the
/// robots.txt URL never changes.
std::string render_index(const RenderContext& ctx, std::span<const AssembledPart> parts) {
  pugi::xml_document document = new_xml_document();
  pugi::xml_node index = document.append_child("sitemapindex");
  index.append_attribute("xmlns") = kSitemapNamespace;
  const UrlFields fields = url_fields(ctx.config, std::string_view());  // only {base_url} is used
  for (const AssembledPart& part : parts) {
    const auto& family = static_cast<const UrlFamily&>(*part.assembly);
    TimePoint lastmod{};
    for (std::size_t member : part.members) lastmod = std::max(lastmod, family.lastmod(member));
    pugi::xml_node sitemap = index.append_child("sitemap");
    append_text(sitemap, "loc", expand_url("{base_url}/" + part.path, fields));
    append_text(sitemap, "lastmod", format_w3c(lastmod));
  }
  return save_xml(document);
}

/// The shard's name in its files' names (they merge into one site), or nothing.
std::string shard_prefix(const Config& config) {
  return config.shard.active() ? config.shard.label() + "-" : std::string();
}

class SitemapExporter final : public Exporter {
 public:
  const FormatInfo& info() const override {
    static const FormatInfo format{
        "sitemap", "XML sitemap index + video sitemap parts (sitemap.xml, sitemap-*.xml[.gz])",
        "application/xml", "sitemap.xml"};
    return format;
  }

  std::vector<std::unique_ptr<Assembly>> plan_assemblies(const RenderContext& ctx,
                                                         RenderReport& report) const override {
    const Config& config = ctx.config;
    std::vector<std::unique_ptr<Assembly>> families;
    if (!is_absolute_http_url(config.site.base_url)) {
      report.warning(config.location(), "sitemap-base-url-invalid",
                     "no sitemap written: site.base_url " + quote_value(config.site.base_url) +
                         " is not an absolute http(s) URL, and every sitemap URL must be");
      return families;
    }
    const std::string& folder = config.sitemap.parts_path;
    const std::string prefix =
        (folder.empty() ? "" : folder + "/") + "sitemap-" + shard_prefix(config);
    families.push_back(std::make_unique<EpisodeUrls>(ctx, prefix + "episodes"));
    if (!config.urls.show_page.empty())
      families.push_back(std::make_unique<ShowUrls>(ctx, prefix + "shows", report));
    return families;
  }

  std::vector<RenderedFile> render_summary(const RenderContext& ctx,
                                           std::span<const AssembledPart> parts,
                                           RenderReport& report) const override {
    const Config& config = ctx.config;
    std::size_t oversized = 0;
    for (const AssembledPart& part : parts) oversized += part.oversized_fragments;
    if (oversized > 0)
      report.warning(config.location(), "sitemap-url-too-large",
                     std::to_string(oversized) +
                         " sitemap <url> entries are larger than sitemap.max_bytes (" +
                         std::to_string(config.sitemap.max_bytes) +
                         ") on their own; each is written alone in a part");
    if (parts.empty()) {
      if (!is_absolute_http_url(config.site.base_url)) return {};  // reported with the plan
      // An index or urlset without entries is invalid; writing nothing is the honest result.
      report.warning(config.location(), "sitemap-empty",
                     "no sitemap written: no episode has a usable page URL");
      return {};
    }
    if (parts.size() > kMaxIndexEntries)
      report.error(config.location(), "sitemap-index-too-large",
                   "the sitemap index lists " + std::to_string(parts.size()) +
                       " parts, more than the 50000 allowed; raise sitemap.max_urls or "
                       "sitemap.max_bytes");
    const std::string index_path =
        config.shard.active() ? "sitemap-" + config.shard.label() + ".xml" : "sitemap.xml";
    return {{index_path, render_index(ctx, parts)}};
  }

  /// One diagnostic per kind of <url> problem per run, at the first affected episode, so the
  /// real 311-episode corpus gives a handful of lines instead of hundreds.
  void summarize(const RenderContext& ctx, std::span<const Finding> findings,
                 DiagnosticSink& diagnostics) const override {
    const auto tallies = tally_by_code(findings);
    const auto report = [&](const FindingKind& kind, auto message) {
      auto found = tallies.find(kind.code);
      if (found == tallies.end()) return;
      const Finding& first = *found->second.first;
      const Episode& episode = ctx.catalog.episodes[first.episode];
      Diagnostic diagnostic = first.diagnostic;
      diagnostic.message =
          message(std::to_string(found->second.count), episode, first.diagnostic.message);
      diagnostics.report(std::move(diagnostic));
    };
    using CountText = const std::string&;
    using FirstEpisode = const Episode&;
    using Detail = const std::string&;
    report(kLocInvalid, [](CountText n, FirstEpisode, Detail detail) {
      return n +
             " episode page URL(s) are not absolute http(s) URLs of 12 to 2048 characters, so "
             "those episodes are left out of the sitemap (first " +
             quote_value(detail) + "; check site.base_url and urls.episode_page)";
    });
    report(kVideoUnavailable, [](CountText n, FirstEpisode e, Detail detail) {
      return n +
             " episode(s) are listed without <video:video>, which needs absolute thumbnail and "
             "video URLs (first " +
             quote_value(e.slug) + ": " + detail + ")";
    });
    report(kTitleTruncated, [](CountText n, FirstEpisode e, Detail) {
      return n + " video title(s) longer than 100 characters are truncated in the sitemap (first " +
             quote_value(e.title) + ")";
    });
    report(kDescriptionTruncated, [](CountText n, FirstEpisode e, Detail) {
      return n +
             " video description(s) longer than 2048 characters are truncated in the sitemap "
             "(first in " +
             quote_value(e.slug) + ")";
    });
    report(kDescriptionFromTitle, [](CountText n, FirstEpisode e, Detail) {
      return n + " episode(s) have no description; the sitemap repeats the title instead (first " +
             quote_value(e.slug) + ")";
    });
    report(kDurationOmitted, [](CountText n, FirstEpisode e, Detail) {
      return n +
             " episode(s) have a duration outside 1..28800 s, so <video:duration> is omitted "
             "(first " +
             quote_value(e.slug) + ": " + std::to_string(std::llround(e.duration_seconds)) + " s)";
    });
    report(kTagsTruncated, [](CountText n, FirstEpisode e, Detail) {
      return n +
             " episode(s) have more than 32 technologies; only the first 32 become <video:tag> "
             "(first " +
             quote_value(e.slug) + ": " + std::to_string(e.technologies.size()) + ")";
    });
  }
};

}  // namespace

std::unique_ptr<Exporter> make_sitemap_exporter() { return std::make_unique<SitemapExporter>(); }

}  // namespace castmap
