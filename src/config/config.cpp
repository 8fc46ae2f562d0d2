// Reading castmap.yaml into Config: every key is checked, unknown keys are reported (typos
// otherwise pass silently), relative paths resolve against the file's folder.
#include "src/config/config.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

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
  return config;
}

namespace {

// The keys of each mapping in castmap.yaml. `shows` takes any show id, each with kShowKeys.
const std::set<std::string> kTop = {"site",      "content", "output", "urls",   "shows",
                                    "exporters", "sitemap", "layout", "limits", "strict"};
const std::set<std::string> kSite = {"base_url", "title",     "description", "language",
                                     "author",   "copyright", "podcast"};
const std::set<std::string> kPodcast = {
    "guid",   "owner_name", "owner_email", "category", "subcategory", "explicit", "artwork",
    "locked", "medium",     "type",        "title",    "description", "author"};
const std::set<std::string> kUrls = {"episode_page", "enclosure", "enclosure_type", "video",
                                     "video_type",   "thumbnail", "chapters_json",  "chapters_vtt",
                                     "show_page",    "feed"};
const std::set<std::string> kShowKeys = {"podcast"};
const std::set<std::string> kSitemap = {"gzip", "max_urls", "max_bytes"};
const std::set<std::string> kLayout = {"videos", "shows", "people", "technologies"};
const std::set<std::string> kLimits = {"max_file_bytes", "max_nesting_depth", "max_yaml_nodes"};

/// Walks one YAML mapping, dispatching known keys and reporting unknown ones.
class ConfigReader {
 public:
  ConfigReader(std::string path, DiagnosticSink& diagnostics)
      : path_(std::move(path)), diagnostics_(diagnostics) {}

  SourceLocation at(const YAML::Node& node) const {
    const YAML::Mark mark = node.Mark();
    if (mark.is_null()) return {path_, 1, 1};
    return {path_, mark.line + 1, mark.column + 1};
  }

  void invalid(const YAML::Node& node, const std::string& key, const std::string& expected) {
    diagnostics_.error(at(node), "config-invalid", "'" + key + "' must be " + expected);
    ok_ = false;
  }

  /// Calls handler(key, value) for each entry; reports keys not in `known`.
  template <typename Handler>
  void each(const YAML::Node& map, const std::string& where, const std::set<std::string>& known,
            Handler handler) {
    if (!map || map.IsNull()) return;
    if (!map.IsMap()) {
      invalid(map, where, "a mapping");
      return;
    }
    for (const auto& entry : map) {
      std::string key = entry.first.Scalar();
      if (!known.empty() && !known.contains(key)) {
        diagnostics_.warning(at(entry.first), "config-unknown-key",
                             "unknown key '" + (where.empty() ? key : where + "." + key) + "'");
        continue;
      }
      handler(key, entry.second);
    }
  }

  std::optional<std::string> text(const YAML::Node& node, const std::string& key) {
    if (node.IsNull()) return std::nullopt;
    if (!node.IsScalar()) {
      invalid(node, key, "a string");
      return std::nullopt;
    }
    return node.Scalar();
  }

  std::optional<bool> boolean(const YAML::Node& node, const std::string& key) {
    bool value = false;
    if (node.IsScalar() && YAML::convert<bool>::decode(node, value)) return value;
    invalid(node, key, "true or false");
    return std::nullopt;
  }

  std::optional<std::uint64_t> count(const YAML::Node& node, const std::string& key) {
    std::uint64_t value = 0;
    const std::string& s = node.IsScalar() ? node.Scalar() : std::string();
    if (!s.empty() && s.find_first_not_of("0123456789") == std::string::npos &&
        YAML::convert<std::uint64_t>::decode(node, value) && value > 0)
      return value;
    invalid(node, key, "a positive integer");
    return std::nullopt;
  }

  void assign(std::string& target, const YAML::Node& node, const std::string& key) {
    if (auto v = text(node, key)) target = *v;
  }
  void assign(std::optional<std::string>& target, const YAML::Node& node, const std::string& key) {
    if (auto v = text(node, key)) target = *v;
  }

  PodcastSettings podcast(const YAML::Node& node, const std::string& where) {
    PodcastSettings p;
    each(node, where, kPodcast, [&](const std::string& key, const YAML::Node& value) {
      const std::string full = where + "." + key;
      if (key == "explicit") {
        p.explicit_content = boolean(value, full);
      } else if (key == "locked") {
        p.locked = boolean(value, full);
      } else if (key == "type") {
        assign(p.type, value, full);
        if (p.type && *p.type != "episodic" && *p.type != "serial")
          invalid(value, full, "'episodic' or 'serial'");
      } else {
        std::optional<std::string>* field = key == "guid"          ? &p.guid
                                            : key == "owner_name"  ? &p.owner_name
                                            : key == "owner_email" ? &p.owner_email
                                            : key == "category"    ? &p.category
                                            : key == "subcategory" ? &p.subcategory
                                            : key == "artwork"     ? &p.artwork
                                            : key == "medium"      ? &p.medium
                                            : key == "title"       ? &p.title
                                            : key == "description" ? &p.description
                                                                   : &p.author;
        assign(*field, value, full);
      }
    });
    return p;
  }

  bool ok() const { return ok_; }

 private:
  std::string path_;
  DiagnosticSink& diagnostics_;
  bool ok_ = true;
};

}  // namespace

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
  std::sort(keys.begin(), keys.end());
  return keys;
}

std::optional<Config> load_config(const std::filesystem::path& file, DiagnosticSink& diagnostics) {
  const std::string display = file.generic_string();
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    diagnostics.error({display, 0, 0}, "config-unreadable", "cannot read configuration file");
    return std::nullopt;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();

  YAML::Node root;
  try {
    root = YAML::Load(buffer.str());
  } catch (const YAML::Exception& e) {
    diagnostics.error({display, e.mark.line + 1, e.mark.column + 1}, "config-syntax", e.msg);
    return std::nullopt;
  }

  const std::filesystem::path folder =
      std::filesystem::absolute(file).lexically_normal().parent_path();
  Config config = default_config(folder);
  config.source_path = std::filesystem::absolute(file).lexically_normal();
  if (root.IsNull()) return config;

  ConfigReader reader(display, diagnostics);
  if (!root.IsMap()) {
    reader.invalid(root, "castmap.yaml", "a mapping");
    return std::nullopt;
  }

  reader.each(root, "", kTop, [&](const std::string& key, const YAML::Node& value) {
    if (key == "site") {
      reader.each(value, "site", kSite, [&](const std::string& k, const YAML::Node& v) {
        const std::string full = "site." + k;
        if (k == "base_url") {
          reader.assign(config.site.base_url, v, full);
          while (config.site.base_url.ends_with('/')) config.site.base_url.pop_back();
          if (!is_absolute_http_url(config.site.base_url))
            reader.invalid(v, full, "an absolute http(s) URL");
        } else if (k == "title") {
          reader.assign(config.site.title, v, full);
        } else if (k == "description") {
          reader.assign(config.site.description, v, full);
        } else if (k == "language") {
          reader.assign(config.site.language, v, full);
        } else if (k == "author") {
          reader.assign(config.site.author, v, full);
        } else if (k == "copyright") {
          reader.assign(config.site.copyright, v, full);
        } else if (k == "podcast") {
          config.site.podcast = reader.podcast(v, "site.podcast");
        }
      });
    } else if (key == "content" || key == "output") {
      if (auto v = reader.text(value, key)) {
        std::filesystem::path p = *v;
        (key == "content" ? config.content : config.output) = (folder / p).lexically_normal();
      }
    } else if (key == "urls") {
      reader.each(value, "urls", kUrls, [&](const std::string& k, const YAML::Node& v) {
        UrlTemplates& u = config.urls;
        std::string* field = k == "episode_page"     ? &u.episode_page
                             : k == "enclosure"      ? &u.enclosure
                             : k == "enclosure_type" ? &u.enclosure_type
                             : k == "video"          ? &u.video
                             : k == "video_type"     ? &u.video_type
                             : k == "thumbnail"      ? &u.thumbnail
                             : k == "chapters_json"  ? &u.chapters_json
                             : k == "chapters_vtt"   ? &u.chapters_vtt
                             : k == "show_page"      ? &u.show_page
                                                     : &u.feed;
        reader.assign(*field, v, "urls." + k);
      });
    } else if (key == "shows") {
      reader.each(value, "shows", {}, [&](const std::string& show, const YAML::Node& v) {
        reader.each(v, "shows." + show, kShowKeys, [&](const std::string&, const YAML::Node& p) {
          config.show_podcasts[show] = reader.podcast(p, "shows." + show + ".podcast");
        });
      });
    } else if (key == "exporters") {
      if (value.IsSequence()) {
        for (const auto& item : value)
          if (auto v = reader.text(item, "exporters")) config.exporters.push_back(*v);
      } else {
        reader.invalid(value, "exporters", "a list of exporter names");
      }
    } else if (key == "sitemap") {
      reader.each(value, "sitemap", kSitemap, [&](const std::string& k, const YAML::Node& v) {
        if (k == "gzip") {
          if (auto b = reader.boolean(v, "sitemap.gzip")) config.sitemap.gzip = *b;
        } else if (auto n = reader.count(v, "sitemap." + k)) {
          if (k == "max_urls") {
            if (*n > 50000) reader.invalid(v, "sitemap.max_urls", "at most 50000 (protocol limit)");
            config.sitemap.max_urls = static_cast<std::size_t>(*n);
          } else {
            if (*n > 52428800)
              reader.invalid(v, "sitemap.max_bytes", "at most 52428800 (protocol limit)");
            config.sitemap.max_bytes = static_cast<std::size_t>(*n);
          }
        }
      });
    } else if (key == "layout") {
      reader.each(value, "layout", kLayout, [&](const std::string& k, const YAML::Node& v) {
        ContentLayout& l = config.layout;
        std::string* field = k == "videos"   ? &l.videos
                             : k == "shows"  ? &l.shows
                             : k == "people" ? &l.people
                                             : &l.technologies;
        reader.assign(*field, v, "layout." + k);
      });
    } else if (key == "limits") {
      reader.each(value, "limits", kLimits, [&](const std::string& k, const YAML::Node& v) {
        if (auto n = reader.count(v, "limits." + k)) {
          if (k == "max_file_bytes")
            config.limits.max_file_bytes = *n;
          else if (k == "max_nesting_depth")
            config.limits.max_nesting_depth = static_cast<int>(std::min<std::uint64_t>(*n, 1000));
          else
            config.limits.max_yaml_nodes = static_cast<std::size_t>(*n);
        }
      });
    } else if (key == "strict") {
      if (auto b = reader.boolean(value, "strict")) config.strict = *b;
    }
  });
  if (!reader.ok()) return std::nullopt;
  return config;
}

}  // namespace castmap
