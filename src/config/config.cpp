// Reading castmap.yaml into Config: every key is checked, unknown keys are reported (typos
// otherwise pass silently), values outside the sets the standards define are rejected, and
// relative paths resolve against the file's folder. One function per section of the file.
#include "src/config/config.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <set>

#include "src/base/message_text.hpp"
#include "src/base/unique_fd.hpp"
#include "src/config/channel_settings.hpp"
#include "src/config/config_provenance.hpp"
#include "src/config/config_reader.hpp"
#include "src/config/podcast_values.hpp"
#include "src/config/sitemap_location.hpp"
#include "src/config/url_template.hpp"

namespace castmap {

PodcastSettings PodcastSettings::merged_over(const PodcastSettings& fallback) const {
  PodcastSettings out = *this;
  auto pick = [](auto& mine, const auto& theirs) {
    if (!mine) mine = theirs;
  };
  pick(out.guid, fallback.guid);
  pick(out.owner_name, fallback.owner_name);
  pick(out.owner_email, fallback.owner_email);
  pick(out.category, fallback.category);
  pick(out.subcategory, fallback.subcategory);
  pick(out.explicit_content, fallback.explicit_content);
  pick(out.artwork, fallback.artwork);
  pick(out.locked, fallback.locked);
  pick(out.medium, fallback.medium);
  pick(out.type, fallback.type);
  pick(out.title, fallback.title);
  pick(out.description, fallback.description);
  pick(out.author, fallback.author);
  pick(out.funding, fallback.funding);
  pick(out.new_feed_url, fallback.new_feed_url);  // the rss exporter keeps site's to all.xml
  pick(out.block, fallback.block);
  pick(out.complete, fallback.complete);
  pick(out.txt, fallback.txt);
  pick(out.license, fallback.license);
  pick(out.location, fallback.location);
  return out;
}

PodcastSettings Config::podcast_for(std::string_view show_id) const {
  // Plain key-by-key overlay; the rss exporter decides that site.podcast.guid names all.xml only.
  auto it = show_podcasts.find(show_id);
  if (it == show_podcasts.end()) return site.podcast;
  return it->second.merged_over(site.podcast);
}

Config default_config(const std::filesystem::path& cwd) {
  Config config;
  config.content = cwd;
  config.output = cwd / "out";
  config.provenance = "defaults " + std::to_string(cwd.native().size()) + ":" + cwd.native();
  return config;
}

bool set_base_url(Config& config, std::string_view url, std::string& problem) {
  CheckedUrl checked = check_url(url, UrlKind::base);
  if (!checked.ok()) {
    problem = quote_value(url) + " " + checked.problem;
    return false;
  }
  config.site.base_url = std::move(checked.url);
  return true;
}

namespace {

// The keys of each mapping in castmap.yaml (`shows` takes any show id, each with kShowKeys): the
// loader reports any other key, and config_keys() lists them for the schema's test.
const std::set<std::string> kTop = {"site",      "content", "output", "urls",    "shows",
                                    "exporters", "sitemap", "layout", "limits",  "prune",
                                    "strict",    "feeds",   "notify", "chapters"};
const std::set<std::string> kSite = {"base_url", "title",     "description", "language",
                                     "author",   "copyright", "podcast"};
const std::set<std::string> kPodcast = {
    "guid",         "owner_name", "owner_email", "category", "subcategory", "explicit", "artwork",
    "locked",       "medium",     "type",        "title",    "description", "author",   "funding",
    "new_feed_url", "block",      "complete",    "txt",      "license",     "location"};
const std::set<std::string> kUrls = {"episode_page", "enclosure",  "enclosure_type", "video",
                                     "video_type",   "thumbnail",  "chapters_json",  "chapters_vtt",
                                     "show_page",    "feed",       "alternates",     "atom_feed",
                                     "json_feed",    "transcripts"};
const std::set<std::string> kShowKeys = {"podcast"};
const std::set<std::string> kSitemap = {"gzip", "max_urls", "max_bytes", "parts_path"};
const std::set<std::string> kLayout = {"videos", "shows", "people", "technologies"};
const std::set<std::string> kLimits = {"max_file_bytes", "max_nesting_depth", "max_yaml_nodes"};
const std::set<std::string> kPrune = {"max_remove"};
const std::set<std::string> kNotify = {"websub_hubs", "indexnow"};
const std::set<std::string> kIndexNow = {"key", "endpoint"};
const std::set<std::string> kChapters = {"psc_in_feeds"};

/// A podcast setting read as text and checked against its value set.
void read_podcast_value(ConfigReader& reader, const YAML::Node& value, const std::string& key,
                        std::optional<std::string>& target,
                        std::string (*problem_of)(std::string_view)) {
  target = reader.text(value, key);
  if (!target) return;
  if (const std::string problem = problem_of(*target); !problem.empty())
    reader.reject(reader.at(value), key, problem);
}

void read_artwork(ConfigReader& reader, const YAML::Node& value, const std::string& key,
                  std::optional<std::string>& artwork) {
  artwork = reader.text(value, key);
  if (!artwork) return;
  CheckedUrl checked = check_url(*artwork);
  if (!checked.ok())
    reader.reject(reader.at(value), key, quote_value(*artwork) + " " + checked.problem);
  artwork = std::move(checked.url);
}

/// `site.podcast` or `shows.<id>.podcast` (`where`). Category pairs are checked once the whole
/// file is read (check_categories), because a show's pair may mix its own and the site's keys.
PodcastSettings read_podcast(ConfigReader& reader, const YAML::Node& node,
                             const std::string& where) {
  PodcastSettings p;
  reader.each(node, where, kPodcast, [&](const std::string& key, const YAML::Node& value) {
    const std::string full = where + "." + key;
    if (read_channel_setting(reader, key, value, full, p)) return;
    if (key == "explicit") {
      p.explicit_content = reader.boolean(value, full);
    } else if (key == "locked") {
      p.locked = reader.boolean(value, full);
    } else if (key == "type") {
      read_podcast_value(reader, value, full, p.type, podcast_type_problem);
    } else if (key == "medium") {
      read_podcast_value(reader, value, full, p.medium, podcast_medium_problem);
    } else if (key == "artwork") {
      read_artwork(reader, value, full, p.artwork);
    } else {
      std::optional<std::string>* field = key == "guid"          ? &p.guid
                                          : key == "owner_name"  ? &p.owner_name
                                          : key == "owner_email" ? &p.owner_email
                                          : key == "category"    ? &p.category
                                          : key == "subcategory" ? &p.subcategory
                                          : key == "title"       ? &p.title
                                          : key == "description" ? &p.description
                                                                 : &p.author;
      *field = reader.text(value, full);
    }
  });
  return p;
}

void read_site(ConfigReader& reader, const YAML::Node& node, Config& config) {
  reader.each(node, "site", kSite, [&](const std::string& key, const YAML::Node& value) {
    const std::string full = "site." + key;
    if (key == "podcast") {
      config.site.podcast = read_podcast(reader, value, full);
      return;
    }
    const std::optional<std::string> text = reader.text(value, full);
    if (!text) return;
    if (key == "base_url") {
      std::string problem;
      if (!set_base_url(config, *text, problem)) reader.reject(reader.at(value), full, problem);
      return;
    }
    std::string* field = key == "title"         ? &config.site.title
                         : key == "description" ? &config.site.description
                         : key == "language"    ? &config.site.language
                         : key == "author"      ? &config.site.author
                                                : &config.site.copyright;
    *field = *text;
  });
}

/// `content` or `output`, relative to the configuration file's folder.
void read_folder(ConfigReader& reader, const YAML::Node& value, const std::string& key,
                 const std::filesystem::path& folder, std::filesystem::path& target) {
  if (auto text = reader.text(value, key))
    target = (folder / std::filesystem::path(*text)).lexically_normal();
}

void read_urls(ConfigReader& reader, const YAML::Node& node, UrlTemplates& urls) {
  reader.each(node, "urls", kUrls, [&](const std::string& key, const YAML::Node& value) {
    const std::string full = "urls." + key;
    if (key == "alternates") {
      urls.alternates = read_alternate_templates(reader, value, full);
      return;
    }
    const std::optional<std::string> text = reader.text(value, full);
    if (!text) return;
    if (key == "enclosure_type" || key == "video_type") {  // media types, not URLs
      (key == "enclosure_type" ? urls.enclosure_type : urls.video_type) = *text;
      return;
    }
    std::string* field = key == "episode_page"    ? &urls.episode_page
                         : key == "enclosure"     ? &urls.enclosure
                         : key == "video"         ? &urls.video
                         : key == "thumbnail"     ? &urls.thumbnail
                         : key == "chapters_json" ? &urls.chapters_json
                         : key == "chapters_vtt"  ? &urls.chapters_vtt
                         : key == "transcripts"   ? &urls.transcripts
                         : key == "show_page"     ? &urls.show_page
                         : key == "atom_feed"     ? &urls.atom_feed
                         : key == "json_feed"     ? &urls.json_feed
                                                  : &urls.feed;
    CheckedUrl checked = check_url_template(*text);
    if (!checked.ok()) {
      reader.reject(reader.at(value), full, quote_value(*text) + " " + checked.problem);
      return;
    }
    // castmap always writes feeds/all.xml beside the show feeds: each needs its own URL (the
    // feed's podcast:guid is derived from it).
    const bool feed_key = key == "feed" || key == "atom_feed" || key == "json_feed";
    if (feed_key && !text->empty() && !template_has_placeholder(*text, "show")) {
      reader.reject(reader.at(value), full,
                    quote_value(*text) +
                        " has no {show}, so every feed (one per show and all.xml) would get "
                        "the same URL");
      return;
    }
    *field = std::move(checked.url);
  });
}

void read_shows(ConfigReader& reader, const YAML::Node& node, Config& config) {
  reader.each(node, "shows", {}, [&](const std::string& show, const YAML::Node& value) {
    const std::string where = "shows." + show;
    reader.each(value, where, kShowKeys, [&](const std::string&, const YAML::Node& podcast) {
      config.show_podcasts[show] = read_podcast(reader, podcast, where + ".podcast");
    });
  });
}

void read_exporters(ConfigReader& reader, const YAML::Node& node, Config& config) {
  if (!node.IsSequence()) {
    reader.invalid(node, "exporters", "a list of exporter names");
    return;
  }
  for (const auto& item : node)
    if (auto name = reader.text(item, "exporters")) config.exporters.push_back(*name);
}

void read_sitemap(ConfigReader& reader, const YAML::Node& node, SitemapConfig& sitemap) {
  reader.each(node, "sitemap", kSitemap, [&](const std::string& key, const YAML::Node& value) {
    const std::string full = "sitemap." + key;
    if (key == "gzip") {
      if (auto gzip = reader.boolean(value, full)) sitemap.gzip = *gzip;
      return;
    }
    if (key == "parts_path") {
      if (auto text = reader.text(value, full)) {
        std::string problem;
        if (auto folder = sitemap_parts_folder(*text, problem))
          sitemap.parts_path = std::move(*folder);
        else
          reader.reject(reader.at(value), full, quote_value(*text) + " " + problem);
      }
      return;
    }
    const std::optional<std::uint64_t> n = reader.count(value, full);
    if (!n) return;
    // The sitemap protocol's limits per file.
    const std::uint64_t limit = key == "max_urls" ? 50000 : 52428800;
    if (*n > limit)
      reader.invalid(value, full, "at most " + std::to_string(limit) + " (protocol limit)");
    (key == "max_urls" ? sitemap.max_urls : sitemap.max_bytes) =
        static_cast<std::size_t>(std::min(*n, limit));
  });
}

void read_chapters(ConfigReader& reader, const YAML::Node& node, ChaptersConfig& chapters) {
  reader.each(node, "chapters", kChapters, [&](const std::string& key, const YAML::Node& value) {
    if (auto psc = reader.boolean(value, "chapters." + key)) chapters.psc_in_feeds = *psc;
  });
}

void read_layout(ConfigReader& reader, const YAML::Node& node, ContentLayout& layout) {
  reader.each(node, "layout", kLayout, [&](const std::string& key, const YAML::Node& value) {
    std::string* field = key == "videos"   ? &layout.videos
                         : key == "shows"  ? &layout.shows
                         : key == "people" ? &layout.people
                                           : &layout.technologies;
    if (auto text = reader.text(value, "layout." + key)) *field = *text;
  });
}

void read_limits(ConfigReader& reader, const YAML::Node& node, LoaderLimits& limits) {
  reader.each(node, "limits", kLimits, [&](const std::string& key, const YAML::Node& value) {
    const std::optional<std::uint64_t> n = reader.count(value, "limits." + key);
    if (!n) return;
    if (key == "max_file_bytes")
      limits.max_file_bytes = *n;
    else if (key == "max_nesting_depth")
      limits.max_nesting_depth = static_cast<int>(std::min<std::uint64_t>(*n, 1000));
    else
      limits.max_yaml_nodes = static_cast<std::size_t>(*n);
  });
}

void read_prune(ConfigReader& reader, const YAML::Node& node, PruneConfig& prune) {
  reader.each(node, "prune", kPrune, [&](const std::string&, const YAML::Node& value) {
    const std::optional<std::string> text = reader.text(value, "prune.max_remove");
    if (!text) return;
    if (const std::optional<ShareLimit> limit = parse_share_limit(*text))
      prune.max_remove = *limit;
    else
      reader.invalid(value, "prune.max_remove", "a count (500) or a percentage (25%)");
  });
}

/// An absolute http(s) URL for --notify (a hub, the IndexNow endpoint), normalized.
std::optional<std::string> read_notify_url(ConfigReader& reader, const YAML::Node& value,
                                           const std::string& key) {
  std::optional<std::string> url = reader.text(value, key);
  if (!url) return std::nullopt;
  CheckedUrl checked = check_url(*url);
  if (!checked.ok()) {
    reader.reject(reader.at(value), key, quote_value(*url) + " " + checked.problem);
    return std::nullopt;
  }
  return std::move(checked.url);
}

void read_notify(ConfigReader& reader, const YAML::Node& node, NotifyConfig& notify) {
  reader.each(node, "notify", kNotify, [&](const std::string& key, const YAML::Node& value) {
    if (key == "websub_hubs") {
      if (!value.IsSequence()) {
        reader.invalid(value, "notify.websub_hubs", "a list of hub URLs");
        return;
      }
      for (const auto& item : value)
        if (auto url = read_notify_url(reader, item, "notify.websub_hubs"))
          notify.websub_hubs.push_back(*url);
      return;
    }
    reader.each(value, "notify.indexnow", kIndexNow,
                [&](const std::string& sub, const YAML::Node& setting) {
                  if (sub == "endpoint") {
                    if (auto url = read_notify_url(reader, setting, "notify.indexnow.endpoint"))
                      notify.indexnow_endpoint = *url;
                    return;
                  }
                  std::optional<std::string> text = reader.text(setting, "notify.indexnow.key");
                  if (!text) return;
                  // IndexNow: 8 to 128 characters of a-z, A-Z, 0-9 and '-'.
                  const bool valid = text->size() >= 8 && text->size() <= 128 &&
                                     std::all_of(text->begin(), text->end(), [](char c) {
                                       return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                              (c >= '0' && c <= '9') || c == '-';
                                     });
                  if (!valid)
                    reader.invalid(setting, "notify.indexnow.key",
                                   "8 to 128 characters of a-z, A-Z, 0-9 and '-'");
                  else
                    notify.indexnow_key = *text;
                });
  });
}

/// Checks one feed's category pair. `where` is the settings' own prefix (`site.podcast` or
/// `shows.<id>.podcast`); a show's pair may take a key from the site, and the message says so.
void check_category_pair(ConfigReader& reader, const PodcastSettings& own,
                         const PodcastSettings& effective, const std::string& where) {
  const std::string category_key = (own.category ? where : "site.podcast") + ".category";
  const std::string subcategory_key = (own.subcategory ? where : "site.podcast") + ".subcategory";
  if (!effective.category) {
    if (effective.subcategory)
      reader.reject(reader.location_of(subcategory_key), subcategory_key,
                    "a subcategory needs a category (" + where + ".category)");
    return;
  }
  std::optional<std::string_view> subcategory;
  if (effective.subcategory) subcategory = *effective.subcategory;
  const std::string problem = apple_category_problem(*effective.category, subcategory);
  if (problem.empty()) return;
  // Report at the key at fault, if this feed set it itself; a show's key that only clashes
  // with the site's names the site's key too.
  const bool category_known = apple_categories().contains(*effective.category);
  if (!category_known && !own.category) return;  // the site's category, reported for the site
  const bool at_subcategory = category_known && own.subcategory.has_value();
  const std::string& key = at_subcategory ? subcategory_key : category_key;
  std::string message = problem;
  if (category_known && own.category.has_value() != own.subcategory.has_value())
    message += "; the " + std::string(own.category ? "subcategory" : "category") + " comes from " +
               (own.category ? subcategory_key : category_key);
  reader.reject(reader.location_of(key), key, message);
}

/// Apple category pairs of every feed: the site's, and each show's as merged over the site's.
void check_categories(ConfigReader& reader, const Config& config) {
  check_category_pair(reader, config.site.podcast, config.site.podcast, "site.podcast");
  for (const auto& [show, own] : config.show_podcasts) {
    if (!own.category && !own.subcategory) continue;  // the site's pair, checked above
    check_category_pair(reader, own, own.merged_over(config.site.podcast),
                        "shows." + show + ".podcast");
  }
}

/// The sitemaps.org location rule for the sitemap's parts, when the sitemap is exported (an
/// `exporters` list without it publishes none). `--only` and `--base-url` are checked again
/// when the run starts (run_export).
void check_sitemap_location(ConfigReader& reader, const Config& config) {
  const auto is_sitemap = [](const std::string& name) {
    return name.size() == 7 && std::equal(name.begin(), name.end(), "sitemap", [](char a, char b) {
             return std::tolower(static_cast<unsigned char>(a)) == b;
           });
  };
  if (!config.exporters.empty() &&
      std::none_of(config.exporters.begin(), config.exporters.end(), is_sitemap))
    return;
  if (const std::string problem = sitemap_location_problem(config); !problem.empty())
    reader.reject(reader.location_of("sitemap.parts_path"), "sitemap.parts_path", problem);
}

/// Reads the top-level mapping, one section at a time.
void read_root(ConfigReader& reader, const YAML::Node& root, const std::filesystem::path& folder,
               Config& config) {
  reader.each(root, "", kTop, [&](const std::string& key, const YAML::Node& value) {
    if (key == "site")
      read_site(reader, value, config);
    else if (key == "content")
      read_folder(reader, value, key, folder, config.content);
    else if (key == "output")
      read_folder(reader, value, key, folder, config.output);
    else if (key == "urls")
      read_urls(reader, value, config.urls);
    else if (key == "shows")
      read_shows(reader, value, config);
    else if (key == "exporters")
      read_exporters(reader, value, config);
    else if (key == "sitemap")
      read_sitemap(reader, value, config.sitemap);
    else if (key == "layout")
      read_layout(reader, value, config.layout);
    else if (key == "chapters")
      read_chapters(reader, value, config.chapters);
    else if (key == "limits")
      read_limits(reader, value, config.limits);
    else if (key == "prune")
      read_prune(reader, value, config.prune);
    else if (key == "feeds")
      read_feeds(reader, value, config.feeds);
    else if (key == "notify")
      read_notify(reader, value, config.notify);
    else if (auto strict = reader.boolean(value, key))
      config.strict = *strict;
  });
  check_categories(reader, config);
  check_sitemap_location(reader, config);
}

/// The whole file, or nullopt after reporting why not (config-unreadable, config-too-large).
std::optional<std::string> read_config_file(const std::filesystem::path& file,
                                            const std::string& display,
                                            DiagnosticSink& diagnostics) {
  auto unreadable = [&](const std::string& why) {
    diagnostics.error({display, 0, 0}, "config-unreadable",
                      "cannot read configuration file: " + why);
    return std::nullopt;
  };
  // O_NONBLOCK: a FIFO named castmap.yaml must not hang the run; it is then refused by fstat.
  UniqueFd fd(::open(file.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
  if (!fd.valid()) return unreadable(std::strerror(errno));
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) return unreadable(std::strerror(errno));
  if (!S_ISREG(info.st_mode)) return unreadable("not a regular file");
  if (static_cast<std::uintmax_t>(info.st_size) > kMaxConfigBytes) {
    diagnostics.error({display, 0, 0}, "config-too-large",
                      "configuration file is " + std::to_string(info.st_size) +
                          " bytes, over the limit of " + std::to_string(kMaxConfigBytes));
    return std::nullopt;
  }
  std::string bytes(static_cast<std::size_t>(info.st_size), '\0');
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::read(fd.get(), bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return unreadable(std::strerror(errno));
    if (n == 0) break;  // shrank while read: parse what is there
    done += static_cast<std::size_t>(n);
  }
  bytes.resize(done);
  return bytes;
}

}  // namespace

std::optional<Config> parse_config(std::string_view yaml, const std::filesystem::path& file,
                                   DiagnosticSink& diagnostics) {
  const std::string display = file.generic_string();
  const std::filesystem::path source = std::filesystem::absolute(file).lexically_normal();
  Config config = default_config(source.parent_path());
  config.source_path = source;
  ConfigReader reader(display, diagnostics);
  try {
    const YAML::Node root = YAML::Load(std::string(yaml));
    config.provenance = config_file_provenance(root, source.parent_path().native(), yaml);
    if (root.IsNull()) return config;
    read_root(reader, root, source.parent_path(), config);
  } catch (const YAML::Exception& e) {
    // Syntax errors, and yaml-cpp's own limits (nesting deeper than its depth guard).
    const bool located = !e.mark.is_null();
    diagnostics.error({display, located ? e.mark.line + 1 : 1, located ? e.mark.column + 1 : 1},
                      "config-syntax", e.msg);
    return std::nullopt;
  }
  if (!reader.ok()) return std::nullopt;
  return config;
}

std::optional<Config> load_config(const std::filesystem::path& file, DiagnosticSink& diagnostics) {
  const std::string display = file.generic_string();
  std::optional<std::string> bytes = read_config_file(file, display, diagnostics);
  if (!bytes) return std::nullopt;
  return parse_config(*bytes, file, diagnostics);
}

std::vector<std::string> config_keys() {
  std::vector<std::string> keys(kTop.begin(), kTop.end());
  const auto add = [&keys](const std::string& prefix, const std::set<std::string>& children) {
    for (const std::string& child : children) keys.push_back(prefix + "." + child);
  };
  add("site", kSite);
  add("site.podcast", kPodcast);
  add("urls", kUrls);
  keys.push_back("shows.*");
  add("shows.*", kShowKeys);
  add("shows.*.podcast", kPodcast);
  add("sitemap", kSitemap);
  add("layout", kLayout);
  add("limits", kLimits);
  add("prune", kPrune);
  add("feeds", feeds_keys());
  add("notify", kNotify);
  add("notify.indexnow", kIndexNow);
  add("chapters", kChapters);
  std::sort(keys.begin(), keys.end());
  return keys;
}

}  // namespace castmap
