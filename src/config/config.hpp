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

namespace castmap {

/// Podcast channel settings; `site.podcast` is the default for every show and for all.xml,
/// `shows.<id>.podcast` overrides it key by key.
struct PodcastSettings {
  std::optional<std::string> guid;  ///< podcast:guid; default UUIDv5 of the feed URL
  std::optional<std::string> owner_name;
  std::optional<std::string> owner_email;
  std::optional<std::string> category;     ///< Apple category, e.g. "Technology"
  std::optional<std::string> subcategory;  ///< Apple subcategory (must belong to category)
  std::optional<bool> explicit_content;    ///< itunes:explicit (key `explicit`)
  std::optional<std::string> artwork;      ///< itunes:image href (absolute URL)
  std::optional<bool> locked;              ///< podcast:locked
  std::optional<std::string> medium;       ///< podcast:medium (podcast, video, ...)
  std::optional<std::string> type;         ///< itunes:type: episodic | serial
  std::optional<std::string> title;        ///< channel title override
  std::optional<std::string> description;  ///< channel description override
  std::optional<std::string> author;       ///< itunes:author override

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
  std::string show_page;  ///< empty: no show-page sitemap part
  std::string feed = "{base_url}/feeds/{show}.xml";
};

/// Where each kind of content lives, relative to the content root.
struct ContentLayout {
  std::string videos = "videos";
  std::string shows = "shows";
  std::string people = "people";
  std::string technologies = "technologies";
};

struct SitemapConfig {
  bool gzip = false;
  std::size_t max_urls = 50000;      ///< per part; the protocol's limit is 50,000
  std::size_t max_bytes = 52428800;  ///< per part, uncompressed; the protocol's limit
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

struct Config {
  SiteConfig site;
  std::filesystem::path content = ".";   ///< content root (absolute after loading)
  std::filesystem::path output = "out";  ///< output folder (absolute after loading)
  UrlTemplates urls;
  ContentLayout layout;
  std::map<std::string, PodcastSettings, std::less<>> show_podcasts;  ///< shows.<id>.podcast
  std::vector<std::string> exporters;  ///< empty = the default exporters (on_by_default)
  SitemapConfig sitemap;
  ChaptersConfig chapters;
  LoaderLimits limits;
  PruneConfig prune;
  bool strict = false;
  Shard shard;                        ///< --shard K/N; 1 of 1 (the whole catalog) unless given
  std::filesystem::path source_path;  ///< the castmap.yaml that was read, if any

  /// Effective podcast settings for a show (site defaults overlaid with the show's own).
  PodcastSettings podcast_for(std::string_view show_id) const;
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
