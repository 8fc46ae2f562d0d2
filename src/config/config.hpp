// castmap.yaml: the site, URL templates, per-show podcast settings, content layout and output
// options. Every key is documented in README.md ("Configuration").
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "src/base/share_limit.hpp"
#include "src/config/shard.hpp"
#include "src/model/diagnostics.hpp"
#include "src/model/model.hpp"

namespace castmap {

/// A link where listeners can support the show (podcast:funding).
struct FundingLink {
  std::string url;   ///< checked absolute http(s) URL
  std::string text;  ///< link text (at most 128 characters are shown by apps)
};

/// Free text for machines (podcast:txt), e.g. an ownership token with purpose "verify".
struct FeedText {
  std::string text;     ///< at most 4000 characters
  std::string purpose;  ///< empty: none
};

/// Podcast channel settings; `site.podcast` is the default for every show and for all.xml,
/// `shows.<id>.podcast` overrides it key by key.
struct PodcastSettings {
  std::optional<std::string> guid;  ///< podcast:guid; default UUIDv5 of the feed URL
  std::optional<std::string> owner_name;
  std::optional<std::string> owner_email;
  std::optional<std::string> category;              ///< Apple category, e.g. "Technology"
  std::optional<std::string> subcategory;           ///< Apple subcategory (must belong to category)
  std::optional<bool> explicit_content;             ///< itunes:explicit (key `explicit`)
  std::optional<std::string> artwork;               ///< itunes:image href (absolute URL)
  std::optional<bool> locked;                       ///< podcast:locked
  std::optional<std::string> medium;                ///< podcast:medium (podcast, video, ...)
  std::optional<std::string> type;                  ///< itunes:type: episodic | serial
  std::optional<std::string> title;                 ///< channel title override
  std::optional<std::string> description;           ///< channel description override
  std::optional<std::string> author;                ///< itunes:author override
  std::optional<std::vector<FundingLink>> funding;  ///< podcast:funding, in order
  /// itunes:new-feed-url: where the feed moved. Not inherited from site.podcast (like guid): it
  /// names one feed's new address.
  std::optional<std::string> new_feed_url;
  std::optional<bool> block;                 ///< itunes:block Yes (hide from Apple Podcasts)
  std::optional<bool> complete;              ///< itunes:complete Yes (no more episodes)
  std::optional<std::vector<FeedText>> txt;  ///< podcast:txt
  std::optional<License> license;            ///< podcast:license of the channel
  std::optional<Location> location;          ///< podcast:location of the channel

  /// Keys set here win over `fallback`.
  PodcastSettings merged_over(const PodcastSettings& fallback) const;
};

struct SiteConfig {
  std::string base_url;  ///< e.g. https://rawkode.academy (no trailing slash after loading)
  std::string title;
  std::string description;
  std::string language = "en";
  std::string author;
  std::string copyright;
  PodcastSettings podcast;
};

/// An alternate enclosure every episode has (`urls.alternates`): a URL template and the facts
/// the feed states about it (podcast:alternateEnclosure).
struct AlternateTemplate {
  std::string url;                       ///< URL template, checked like the others
  std::string type;                      ///< media type, required
  std::string title;                     ///< short label; empty: none
  std::optional<std::uint64_t> bitrate;  ///< bits per second
  std::optional<std::uint64_t> height;   ///< pixels
};

/// URL templates with {base_url} {slug} {id} {media_id} {show} placeholders.
/// An empty template means "not published" (e.g. no `video` => no content_loc/alternateEnclosure).
struct UrlTemplates {
  std::string episode_page = "{base_url}/watch/{slug}/";
  std::string enclosure;  ///< audio file; required for RSS items
  std::string enclosure_type = "audio/mpeg";
  std::string video;  ///< video stream for the sitemap and podcast:alternateEnclosure
  std::string video_type = "video/mp4";
  std::string thumbnail;
  std::string chapters_json = "{base_url}/chapters/{slug}.json";
  std::string chapters_vtt = "{base_url}/chapters/{slug}.vtt";
  /// Transcript files (transcripts/<slug>.<ext>), without the extension: the feed appends
  /// `.vtt`, `.srt` or `.json`.
  std::string transcripts = "{base_url}/transcripts/{slug}";
  std::string show_page;  ///< empty: no show-page sitemap part
  std::string feed = "{base_url}/feeds/{show}.xml";
  std::vector<AlternateTemplate> alternates;  ///< podcast:alternateEnclosure for every episode
  std::string atom_feed = "{base_url}/feeds/{show}.atom";  ///< the atom exporter's feeds
  std::string json_feed = "{base_url}/feeds/{show}.json";  ///< the json-feed exporter's feeds
};

/// Where each kind of content lives, relative to the content root.
struct ContentLayout {
  std::string videos = "videos";
  std::string shows = "shows";
  std::string people = "people";
  std::string technologies = "technologies";
};

/// How many items each feed carries (`feeds` in castmap.yaml; README "Feed size").
struct FeedsConfig {
  /// Items per show feed, newest first; 0 = every episode of the show.
  std::size_t max_items = 0;
  /// Items in feeds/all.xml, newest first; 0 = every episode. The default keeps the feed of a
  /// large catalog usable by apps (at 100,000 episodes the whole list is some 300 MB).
  std::size_t all_max_items = 1000;
};

struct SitemapConfig {
  bool gzip = false;
  std::size_t max_urls = 50000;      ///< per part; the protocol's limit is 50,000
  std::size_t max_bytes = 52428800;  ///< per part, uncompressed; the protocol's limit
  /// Folder of the parts inside the site ("" = the site root), e.g. "podcasts/sitemaps".
  /// sitemaps.org: a sitemap may list only URLs at or below its own folder (sitemap_location.hpp).
  std::string parts_path;
};

/// How much of the published site one run may remove (prune.max_remove; README "Pruning").
struct PruneConfig {
  ShareLimit max_remove{true, 25};  ///< a count, or a percentage of what the last run published
};

/// Chapter settings beyond the chapter files (README "Chapter formats").
struct ChaptersConfig {
  /// RSS items carry the episode's chapters as Podlove Simple Chapters (`psc:chapters`).
  bool psc_in_feeds = false;
};

/// Loader limits that protect against hostile or broken input (documented in README).
struct LoaderLimits {
  std::uintmax_t max_file_bytes = 4u << 20;  ///< larger files are rejected unread
  int max_nesting_depth = 32;                ///< YAML nesting deeper than this is rejected
  std::size_t max_yaml_nodes = 100000;       ///< after alias expansion, per file
};

/// What --notify tells after a run that changed outputs (README "Notifying hubs and search
/// engines").
struct NotifyConfig {
  std::vector<std::string> websub_hubs;  ///< pinged for changed feeds; feeds link them
  std::string indexnow_key;              ///< empty: no IndexNow
  std::string indexnow_endpoint = "https://api.indexnow.org/indexnow";
};

struct Config {
  SiteConfig site;
  std::filesystem::path content = ".";   ///< content root (absolute after loading)
  std::filesystem::path output = "out";  ///< output folder (absolute after loading)
  UrlTemplates urls;
  ContentLayout layout;
  std::map<std::string, PodcastSettings, std::less<>> show_podcasts;  ///< shows.<id>.podcast
  std::vector<std::string> exporters;  ///< empty = the default exporters (on_by_default)
  FeedsConfig feeds;
  SitemapConfig sitemap;
  ChaptersConfig chapters;
  LoaderLimits limits;
  PruneConfig prune;
  NotifyConfig notify;
  bool strict = false;
  Shard shard;                        ///< --shard K/N; 1 of 1 (the whole catalog) unless given
  std::filesystem::path source_path;  ///< the castmap.yaml that was read, if any
  /// Everything this configuration was made from, canonical (src/config/config_provenance.hpp):
  /// what the incremental layer digests. Set by load_config()/default_config(), extended by
  /// record_setting() for every change made after loading.
  std::string provenance;

  /// Effective podcast settings for a show (site defaults overlaid with the show's own).
  PodcastSettings podcast_for(std::string_view show_id) const;
  /// Where diagnostics about a setting point: the config file (line 0: the whole file).
  SourceLocation location() const { return {source_path.generic_string(), 0, 0}; }
};

/// Reads a castmap.yaml. Relative paths resolve against the file's folder. Problems are
/// reported to `diagnostics` (code `config-*`); returns nullopt when the file is unusable (an
/// error anywhere in it, a file that is not a regular file or is over kMaxConfigBytes).
std::optional<Config> load_config(const std::filesystem::path& file, DiagnosticSink& diagnostics);

/// load_config() on the file's text already read (`file` names it in diagnostics and anchors
/// relative paths): for tests and the fuzzer.
std::optional<Config> parse_config(std::string_view yaml, const std::filesystem::path& file,
                                   DiagnosticSink& diagnostics);

/// Larger configuration files are refused unread (a real one is a few kilobytes).
inline constexpr std::uintmax_t kMaxConfigBytes = 1u << 20;

/// Sets site.base_url, checked and normalized by check_url(UrlKind::base) (src/base/url_check.hpp)
/// as the config file's is: the one path for `site.base_url` and `--base-url`. On failure
/// leaves `config` as it was and says why in `problem` ("\"ftp://x\" has the scheme ...").
bool set_base_url(Config& config, std::string_view url, std::string& problem);

/// Every key castmap.yaml accepts, as sorted dotted paths: "site", "site.podcast.guid", and
/// "shows.*.podcast.type" where `*` stands for any show id. load_config() reports any other key
/// (`config-unknown-key`); a test checks that schema/castmap.schema.json describes exactly these.
std::vector<std::string> config_keys();

/// The configuration used when no castmap.yaml exists: defaults, content = output base = `cwd`.
Config default_config(const std::filesystem::path& cwd);

}  // namespace castmap
