// The sitemap exporter: the index sitemap.xml over parts sitemaps/episodes-N.xml (one <url> per
// episode, each with a Google video:video entry) and, when show pages exist, sitemaps/shows.xml.
// Parts split at config.sitemap.max_urls and max_bytes and can be gzipped. Format digest:
// ../shared/spec/sitemaps.md. Shard K of N (--shard) writes sitemap-shard-K-of-N.xml over
// sitemaps/shard-K-of-N-episodes-M.xml and -shows.xml instead.
#include <pugixml.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "exporters/exporter.hpp"
#include "exporters/gzip.hpp"
#include "exporters/xml_output.hpp"
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

struct StringWriter final : pugi::xml_writer {
  std::string bytes;
  void write(const void* data, std::size_t size) override {
    bytes.append(static_cast<const char*>(data), size);
  }
};

/// Prints a <url> element exactly as pugixml prints it inside <urlset> (depth 1, two spaces).
std::string print_fragment(const pugi::xml_node& url) {
  StringWriter writer;
  url.print(writer, "  ", pugi::format_indent, pugi::encoding_utf8, 1);
  return std::move(writer.bytes);
}

void append_text(pugi::xml_node parent, const char* name, std::string_view text) {
  // Up to a NUL, as for a C string: XML cannot carry one (cleaned fields never have it).
  text = text.substr(0, text.find('\0'));
  parent.append_child(name).text().set(text.data(), text.size());  // escaped once, by pugixml
}

/// The problems one <url> can have; each becomes at most one diagnostic per run.
enum Finding : std::size_t {
  kLocInvalid,
  kVideoUnavailable,
  kTitleTruncated,
  kDescriptionTruncated,
  kDescriptionFromTitle,
  kDurationOmitted,
  kTagsTruncated,
  kFindingCount
};

/// One rendered <url>, or a reason why there is none.
struct UrlEntry {
  std::string xml;                ///< "  <url>...</url>\n", exactly the bytes it takes in its part
  std::string_view recalled_xml;  ///< instead of `xml`: the last run's bytes (not copied)
  TimePoint lastmod{};
  std::array<bool, kFindingCount> found{};
  std::string detail;     ///< the offending value for the first-occurrence message, when useful
  std::uint64_t key = 0;  ///< for recalling it in the next run (0: not remembered)

  /// The bytes it takes in its part; empty when the URL is unusable.
  std::string_view fragment() const { return recalled_xml.empty() ? xml : recalled_xml; }
};

/// What an episode's <url> depends on besides the episode's inputs (ExportContext::fragment_key).
constexpr std::string_view kUrlSalt = "sitemap <url> 1";

/// The note remembered with a <url> (OutputSink::FragmentPlacement): its findings as one byte
/// of flags, then the detail.
static_assert(kFindingCount <= 8, "the findings must fit the note's one byte of flags");
std::string note_of(const UrlEntry& entry) {
  unsigned flags = 0;
  for (std::size_t f = 0; f < kFindingCount; ++f)
    if (entry.found[f]) flags |= 1u << f;
  return static_cast<char>(flags) + entry.detail;
}

/// An episode's entry from the <url> the last run rendered for the same inputs.
std::optional<UrlEntry> recalled_entry(const Episode& episode,
                                       const OutputSink::RecalledFragment& recalled) {
  if (recalled.note.empty() || recalled.bytes.empty()) return std::nullopt;
  UrlEntry entry;
  entry.recalled_xml = recalled.bytes;
  entry.lastmod = episode.published;
  const auto flags = static_cast<unsigned char>(recalled.note[0]);
  for (std::size_t f = 0; f < kFindingCount; ++f) entry.found[f] = (flags >> f) & 1u;
  entry.detail = recalled.note.substr(1);
  return entry;
}

UrlEntry render_episode(const Episode& episode, const ExportContext& ctx) {
  UrlEntry entry;
  entry.lastmod = episode.published;
  const UrlFields fields = url_fields(ctx.config, episode);
  const std::string page = expand_url(ctx.config.urls.episode_page, fields);
  if (!is_usable_loc(page)) {
    entry.found[kLocInvalid] = true;
    entry.detail = page;
    return entry;
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
    entry.found[kVideoUnavailable] = true;
    const bool thumbnail_bad = !is_absolute_http_url(thumbnail);
    const std::string& bad = thumbnail_bad ? thumbnail : video_url;
    const char* key = thumbnail_bad ? "urls.thumbnail" : "urls.video";
    entry.detail = bad.empty() ? std::string(key) + " is not set"
                               : std::string(key) + " gives \"" + bad + "\"";
    entry.xml = print_fragment(url);
    return entry;
  }

  // Children in the XSD's sequence order; xmllint rejects any other order.
  pugi::xml_node video = url.append_child("video:video");
  append_text(video, "video:thumbnail_loc", thumbnail);
  // Copied only when cut.
  std::string truncated_title, truncated_description;
  std::string_view title = episode.title;
  if (utf16_length(title) > kMaxTitleLength) {
    title = truncated_title = truncate_text(title, kMaxTitleLength);
    entry.found[kTitleTruncated] = true;
  }
  append_text(video, "video:title", title);
  std::string_view description = episode.description;
  if (is_blank(description)) {
    description = title;  // required and must not be empty
    entry.found[kDescriptionFromTitle] = true;
  } else if (utf16_length(description) > kMaxDescriptionLength) {
    description = truncated_description = truncate_text(description, kMaxDescriptionLength);
    entry.found[kDescriptionTruncated] = true;
  }
  append_text(video, "video:description", description);
  append_text(video, "video:content_loc", video_url);
  const long long seconds = std::llround(episode.duration_seconds);
  if (seconds >= 1 && seconds <= kMaxDurationSeconds) {
    append_text(video, "video:duration", std::to_string(seconds));
  } else {
    entry.found[kDurationOmitted] = true;  // Google rejects 0 and > 8 h; never clamp
  }
  append_text(video, "video:publication_date", published);
  const std::size_t tag_count = std::min(episode.technologies.size(), kMaxTags);
  entry.found[kTagsTruncated] = episode.technologies.size() > kMaxTags;
  for (std::size_t i = 0; i < tag_count; ++i) {
    const std::string& id = episode.technologies[i];
    const Technology* technology = ctx.catalog.find_technology(id);
    append_text(video, "video:tag", technology ? technology->name : id);
  }
  entry.xml = print_fragment(url);
  return entry;
}

/// Show pages: one <url> per show with episodes; lastmod is its newest episode.
std::vector<UrlEntry> render_shows(const ExportContext& ctx, std::vector<const Show*>& shows_out) {
  std::map<std::string_view, TimePoint> newest;  // episodes are newest first: first one wins
  for (const Episode& episode : ctx.catalog.episodes)
    if (!episode.show_id.empty()) newest.emplace(episode.show_id, episode.published);
  std::vector<UrlEntry> entries;
  for (const Show& show : ctx.catalog.shows) {
    auto it = newest.find(show.id);
    if (it == newest.end()) continue;
    UrlEntry entry;
    entry.lastmod = it->second;
    const std::string page = expand_url(ctx.config.urls.show_page, url_fields(ctx.config, show.id));
    if (!is_usable_loc(page)) {
      entry.found[kLocInvalid] = true;
      entry.detail = page;
    } else {
      pugi::xml_document document;
      pugi::xml_node url = document.append_child("url");
      append_text(url, "loc", page);
      append_text(url, "lastmod", format_w3c(entry.lastmod));
      entry.xml = print_fragment(url);
    }
    entries.push_back(std::move(entry));
    shows_out.push_back(&show);
  }
  return entries;
}

/// A written part, as the index lists it.
struct IndexEntry {
  std::string path;  ///< relative to the output folder
  TimePoint lastmod{};
};

/// A family's <url> fragments, in order, for write_parts().
class FragmentSource {
 public:
  virtual ~FragmentSource() = default;
  /// The next entry with a fragment, or nullptr when every one was taken.
  virtual const UrlEntry* next() = 0;
  /// Drops the fragment next() returned and moves past it.
  virtual void drop() = 0;
};

/// The episodes' <url> fragments in catalog order, rendered a wave at a time, in parallel, as
/// they are asked for; each fragment is dropped once taken. The entries keep what the findings
/// need (report_episode_findings), and all of them are rendered once next() returns nullptr.
/// An episode whose inputs did not change since the last run gets the <url> that run rendered
/// (OutputSink::recall_fragment) instead.
class EpisodeFragments final : public FragmentSource {
 public:
  EpisodeFragments(const ExportContext& ctx, OutputSink& out, std::vector<UrlEntry>& entries)
      : ctx_(ctx), out_(out), entries_(entries) {}

  const UrlEntry* next() override {
    while (true) {
      for (; next_ < rendered_; ++next_)
        if (!entries_[next_].fragment().empty()) return &entries_[next_];
      if (rendered_ == entries_.size()) return nullptr;
      constexpr std::size_t kEpisodesPerWave = 4096;
      const std::size_t first = rendered_;
      const std::size_t count = std::min(kEpisodesPerWave, entries_.size() - first);
      ctx_.parallel_for(count, [&](std::size_t i) {
        const Episode& episode = ctx_.catalog.episodes[first + i];
        const std::uint64_t key = ctx_.fragment_key(first + i, kUrlSalt);
        std::optional<UrlEntry> entry;
        if (const auto recalled = out_.recall_fragment(key))
          entry = recalled_entry(episode, *recalled);
        entries_[first + i] = entry ? std::move(*entry) : render_episode(episode, ctx_);
        entries_[first + i].key = key;
      });
      rendered_ += count;
    }
  }
  void drop() override {
    std::string().swap(entries_[next_].xml);
    entries_[next_].recalled_xml = {};
    ++next_;
  }

 private:
  const ExportContext& ctx_;
  OutputSink& out_;
  std::vector<UrlEntry>& entries_;
  std::size_t rendered_ = 0;  ///< entries [0, rendered_) are rendered
  std::size_t next_ = 0;      ///< entries before it are taken or have no fragment
};

/// Fragments rendered up front (the shows': few), skipping entries without one.
class ListedFragments final : public FragmentSource {
 public:
  explicit ListedFragments(const std::vector<UrlEntry>& entries) : entries_(entries) {}
  const UrlEntry* next() override {
    while (next_ < entries_.size() && entries_[next_].fragment().empty()) ++next_;
    return next_ < entries_.size() ? &entries_[next_] : nullptr;
  }
  void drop() override { ++next_; }

 private:
  const std::vector<UrlEntry>& entries_;
  std::size_t next_ = 0;
};

/// Whether a part holding `urls` fragments in `bytes` (frame included) must close before a
/// fragment of `size` bytes. The first fragment always goes in, even one over max_bytes.
bool part_is_full(std::size_t urls, std::size_t bytes, std::size_t size, const Config& config) {
  // The config loader checks the ranges; a zero here would mean "no part holds anything".
  const std::size_t max_urls = std::max<std::size_t>(config.sitemap.max_urls, 1);
  return urls > 0 && (urls >= max_urls || bytes + size > config.sitemap.max_bytes);
}

/// How a family of parts is named: "episodes" gives sitemaps/episodes-1.xml, -2, ...; with
/// `unnumbered_when_only`, a family that fits one part is written as sitemaps/<prefix>.xml.
struct PartFamily {
  std::string prefix;
  bool unnumbered_when_only = false;
};

/// Packs a family's <url> fragments, in order, into parts of at most max_urls URLs and
/// max_bytes bytes (exactly: the sizes are the real bytes of each fragment) and emits them.
/// A fragment too big for any part still gets a part of its own; `oversized` counts those.
/// Plain parts whose name is known up front stream to their files as they fill, so not even one
/// 50 MB part is held; a gzipped part (the limit applies to its uncompressed bytes), or one
/// whose name depends on being the only one, is collected whole first.
std::vector<IndexEntry> write_parts(const ExportContext& ctx, OutputSink& out,
                                    FragmentSource& fragments, const PartFamily& family,
                                    std::size_t& oversized) {
  const Config& config = ctx.config;
  const bool gzip = config.sitemap.gzip;
  const bool streamed = !gzip && !family.unnumbered_when_only;
  const std::string extension = gzip ? ".xml.gz" : ".xml";
  const std::size_t frame = kPartHead.size() + kPartTail.size();
  constexpr std::size_t kPieceBytes = 256 * 1024;
  std::vector<IndexEntry> written;
  while (const UrlEntry* first = fragments.next()) {
    IndexEntry part{
        "sitemaps/" + family.prefix + "-" + std::to_string(written.size() + 1) + extension,
        first->lastmod};
    bool filled = false;
    // Where each <url> goes in a streamed part, remembered for the next run to recall (the
    // bytes of a gzipped part are not the fragments').
    std::vector<OutputSink::FragmentPlacement> placed;
    const auto fill = [&](const OutputSink::PieceWriter& write) {
      filled = true;
      std::string piece(kPartHead);
      std::size_t urls = 0, bytes = frame;
      while (const UrlEntry* entry = fragments.next()) {
        const std::size_t size = entry->fragment().size();
        if (part_is_full(urls, bytes, size, config)) break;
        if (frame + size > config.sitemap.max_bytes) ++oversized;
        if (streamed && entry->key != 0)
          placed.push_back({entry->key, kPartHead.size() + (bytes - frame),
                            static_cast<std::uint32_t>(size), note_of(*entry)});
        piece += entry->fragment();
        bytes += size;
        ++urls;
        part.lastmod = std::max(part.lastmod, entry->lastmod);
        fragments.drop();
        if (piece.size() >= kPieceBytes) {
          write(piece);
          piece.clear();
        }
      }
      piece += kPartTail;
      write(piece);
    };
    if (streamed) {
      out.emit_streamed_unless_unchanged(part.path, 0, fill);
      // A writer that has already failed does not ask for the bytes; the fragments still have
      // to be taken, or this loop would never end.
      if (!filled) fill([](std::string_view) {});
      out.remember_fragments(part.path, std::move(placed));
    } else {
      std::string xml;
      // Filled to at most max_bytes (50 MB): growing by doubling would hold the old and the
      // new buffer at once, and pages reserved but never touched cost no memory.
      xml.reserve(config.sitemap.max_bytes + kPartTail.size());
      fill([&xml](std::string_view piece) { xml += piece; });
      if (family.unnumbered_when_only && written.empty() && fragments.next() == nullptr)
        part.path = "sitemaps/" + family.prefix + extension;
      // A sink may keep what it gets (tests do): a small part is not handed over in a 50 MB
      // buffer.
      if (!gzip && xml.capacity() > 2 * xml.size()) xml.shrink_to_fit();
      out.emit(part.path, gzip ? gzip_compress(xml) : std::move(xml));
    }
    written.push_back(std::move(part));
  }
  return written;
}

/// sitemap.xml (a shard's sitemap-shard-K-of-N.xml): always written, even for one part, so the
/// robots.txt URL never changes.
std::string render_index(const ExportContext& ctx, const std::vector<IndexEntry>& parts) {
  pugi::xml_document document = new_xml_document();
  pugi::xml_node index = document.append_child("sitemapindex");
  index.append_attribute("xmlns") = kSitemapNamespace;
  const UrlFields fields = url_fields(ctx.config, std::string_view());  // only {base_url} is used
  for (const IndexEntry& part : parts) {
    pugi::xml_node sitemap = index.append_child("sitemap");
    append_text(sitemap, "loc", expand_url("{base_url}/" + part.path, fields));
    append_text(sitemap, "lastmod", format_w3c(part.lastmod));
  }
  return save_xml(document);
}

std::string in_quotes(std::string_view text) { return "\"" + std::string(text) + "\""; }

/// Counts one finding over the run and remembers its first occurrence (catalog order).
struct Tally {
  std::size_t count = 0;
  std::size_t first = 0;
};

/// One diagnostic per finding kind per run, at the first affected episode, so the real
/// 311-episode corpus gives a handful of lines instead of hundreds.
void report_episode_findings(const ExportContext& ctx, const std::vector<UrlEntry>& entries) {
  std::array<Tally, kFindingCount> tallies{};
  for (std::size_t i = 0; i < entries.size(); ++i)
    for (std::size_t f = 0; f < kFindingCount; ++f)
      if (entries[i].found[f] && tallies[f].count++ == 0) tallies[f].first = i;

  auto report = [&](Finding finding, Severity severity, std::string_view field, const char* code,
                    auto message) {
    const Tally& tally = tallies[finding];
    if (tally.count == 0) return;
    const Episode& episode = ctx.catalog.episodes[tally.first];
    ctx.diagnostics.report({severity, episode.location_of(field),
                            message(std::to_string(tally.count), episode, entries[tally.first]),
                            code});
  };
  using CountText = const std::string&;
  using FirstEpisode = const Episode&;
  using FirstEntry = const UrlEntry&;
  report(kLocInvalid, Severity::warning, "slug", "sitemap-loc-invalid",
         [](CountText n, FirstEpisode, FirstEntry u) {
           return n +
                  " episode page URL(s) are not absolute http(s) URLs of 12 to 2048 characters, so "
                  "those episodes are left out of the sitemap (first " +
                  in_quotes(u.detail) + "; check site.base_url and urls.episode_page)";
         });
  report(kVideoUnavailable, Severity::warning, "slug", "video-metadata-unavailable",
         [](CountText n, FirstEpisode e, FirstEntry u) {
           return n +
                  " episode(s) are listed without <video:video>, which needs absolute "
                  "thumbnail and video URLs (first " +
                  in_quotes(e.slug) + ": " + u.detail + ")";
         });
  report(
      kTitleTruncated, Severity::warning, "title", "video-title-truncated",
      [](CountText n, FirstEpisode e, FirstEntry) {
        return n +
               " video title(s) longer than 100 characters are truncated in the sitemap (first " +
               in_quotes(e.title) + ")";
      });
  report(kDescriptionTruncated, Severity::warning, "description", "video-description-truncated",
         [](CountText n, FirstEpisode e, FirstEntry) {
           return n +
                  " video description(s) longer than 2048 characters are truncated in the "
                  "sitemap (first in " +
                  in_quotes(e.slug) + ")";
         });
  report(kDescriptionFromTitle, Severity::note, "description", "video-description-from-title",
         [](CountText n, FirstEpisode e, FirstEntry) {
           return n +
                  " episode(s) have no description; the sitemap repeats the title instead "
                  "(first " +
                  in_quotes(e.slug) + ")";
         });
  report(kDurationOmitted, Severity::warning, "duration", "video-duration-omitted",
         [](CountText n, FirstEpisode e, FirstEntry) {
           return n +
                  " episode(s) have a duration outside 1..28800 s, so <video:duration> is "
                  "omitted (first " +
                  in_quotes(e.slug) + ": " + std::to_string(std::llround(e.duration_seconds)) +
                  " s)";
         });
  report(kTagsTruncated, Severity::warning, "technologies", "video-tags-truncated",
         [](CountText n, FirstEpisode e, FirstEntry) {
           return n +
                  " episode(s) have more than 32 technologies; only the first 32 become "
                  "<video:tag> (first " +
                  in_quotes(e.slug) + ": " + std::to_string(e.technologies.size()) + ")";
         });
}

class SitemapExporter final : public Exporter {
 public:
  std::string_view name() const override { return "sitemap"; }
  std::string_view description() const override {
    return "XML sitemap index + video sitemap parts (sitemap.xml, sitemaps/*.xml[.gz])";
  }

  void render(const ExportContext& ctx, OutputSink& out) const override {
    const Config& config = ctx.config;
    const SourceLocation config_location{config.source_path.generic_string(), 0, 0};
    if (!is_absolute_http_url(config.site.base_url)) {
      ctx.diagnostics.warning(config_location, "sitemap-base-url-invalid",
                              "no sitemap written: site.base_url " +
                                  in_quotes(config.site.base_url) +
                                  " is not an absolute http(s) URL, and every sitemap URL must be");
      return;
    }

    // Rendered in waves as the parts are filled (write_parts streams or collects each part).
    // The entries keep what the findings need.
    std::vector<UrlEntry> episode_entries(ctx.catalog.episodes.size());
    EpisodeFragments fragments(ctx, out, episode_entries);
    std::size_t oversized = 0;
    // A shard's files are named after it, so the shards' folders merge into one site.
    const std::string shard_prefix =
        config.shard.active() ? config.shard.label() + "-" : std::string();
    std::vector<IndexEntry> parts =
        write_parts(ctx, out, fragments, PartFamily{shard_prefix + "episodes", false}, oversized);
    report_episode_findings(ctx, episode_entries);

    if (!config.urls.show_page.empty()) {
      std::vector<const Show*> shows;
      std::vector<UrlEntry> show_entries = render_shows(ctx, shows);
      Tally unusable;
      for (std::size_t i = 0; i < show_entries.size(); ++i)
        if (show_entries[i].xml.empty() && unusable.count++ == 0) unusable.first = i;
      if (unusable.count > 0)
        ctx.diagnostics.warning(shows[unusable.first]->location_of("id"), "sitemap-loc-invalid",
                                std::to_string(unusable.count) +
                                    " show page URL(s) are not absolute http(s) URLs of 12 to "
                                    "2048 characters, so those shows are left out of the "
                                    "sitemap (first " +
                                    in_quotes(show_entries[unusable.first].detail) +
                                    "; check urls.show_page)");
      // Shows are few: one shows.xml, numbered only if the limits ever force a split.
      ListedFragments show_fragments(show_entries);
      std::vector<IndexEntry> written = write_parts(
          ctx, out, show_fragments, PartFamily{shard_prefix + "shows", true}, oversized);
      parts.insert(parts.end(), written.begin(), written.end());
    }

    if (oversized > 0)
      ctx.diagnostics.warning(config_location, "sitemap-url-too-large",
                              std::to_string(oversized) +
                                  " sitemap <url> entries are larger than sitemap.max_bytes (" +
                                  std::to_string(config.sitemap.max_bytes) +
                                  ") on their own; each is written alone in a part");
    if (parts.empty()) {
      // An index or urlset without entries is invalid; writing nothing is the honest result.
      ctx.diagnostics.warning(config_location, "sitemap-empty",
                              "no sitemap written: no episode has a usable page URL");
      return;
    }
    if (parts.size() > kMaxIndexEntries)
      ctx.diagnostics.error(config_location, "sitemap-index-too-large",
                            "the sitemap index lists " + std::to_string(parts.size()) +
                                " parts, more than the 50000 allowed; raise sitemap.max_urls or "
                                "sitemap.max_bytes");
    out.emit(shard_prefix.empty() ? "sitemap.xml" : "sitemap-" + config.shard.label() + ".xml",
             render_index(ctx, parts));
  }
};

}  // namespace

std::unique_ptr<Exporter> make_sitemap_exporter() { return std::make_unique<SitemapExporter>(); }

}  // namespace castmap
