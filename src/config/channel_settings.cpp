// The podcast:funding, itunes:new-feed-url, itunes:block, itunes:complete, podcast:txt,
// podcast:license and podcast:location settings, and the feed size limits. Values the
// Podcasting 2.0 namespace or Apple would refuse are refused here (exit 2), located.
#include "src/config/channel_settings.hpp"

#include <cctype>

#include "src/base/message_text.hpp"
#include "src/base/url_check.hpp"
#include "src/config/url_template.hpp"

namespace castmap {

namespace {

const std::set<std::string> kFunding = {"url", "text"};
const std::set<std::string> kTxt = {"text", "purpose"};
const std::set<std::string> kLicense = {"name", "url"};
const std::set<std::string> kLocation = {"name", "geo", "osm", "country", "rel"};
const std::set<std::string> kAlternate = {"url", "type", "title", "bitrate", "height"};
const std::set<std::string> kFeeds = {"max_items", "all_max_items"};

/// A checked absolute http(s) URL, or nullopt after a located refusal.
std::optional<std::string> read_link(ConfigReader& reader, const YAML::Node& value,
                                     const std::string& key) {
  std::optional<std::string> text = reader.text(value, key);
  if (!text) return std::nullopt;
  CheckedUrl checked = check_url(*text);
  if (!checked.ok()) {
    reader.reject(reader.at(value), key, quote_value(*text) + " " + checked.problem);
    return std::nullopt;
  }
  return std::move(checked.url);
}

/// A list of maps, each read by `read_item`; a single map counts as a one-item list.
template <typename Item, typename ReadItem>
std::vector<Item> read_map_list(ConfigReader& reader, const YAML::Node& value,
                                const std::string& key, ReadItem read_item) {
  std::vector<Item> items;
  if (value.IsMap()) {
    if (auto item = read_item(value, key)) items.push_back(std::move(*item));
  } else if (value.IsSequence()) {
    std::size_t index = 0;
    for (const YAML::Node& entry : value)
      if (auto item = read_item(entry, key + "[" + std::to_string(index++) + "]"))
        items.push_back(std::move(*item));
  } else {
    reader.invalid(value, key, "a list of mappings");
  }
  return items;
}

std::optional<FundingLink> read_funding_item(ConfigReader& reader, const YAML::Node& node,
                                             const std::string& key) {
  FundingLink funding;
  reader.each(node, key, kFunding, [&](const std::string& child, const YAML::Node& value) {
    if (child == "url") {
      if (auto url = read_link(reader, value, key + ".url")) funding.url = *url;
    } else if (auto text = reader.text(value, key + ".text")) {
      funding.text = *text;
    }
  });
  if (!node.IsMap()) return std::nullopt;
  if (funding.url.empty()) {
    reader.reject(reader.at(node), key, "needs a url (podcast:funding requires one)");
    return std::nullopt;
  }
  if (funding.text.size() > 128)
    reader.reject(reader.at(node), key + ".text",
                  "is " + std::to_string(funding.text.size()) +
                      " bytes; podcast:funding text is at most 128 characters");
  return funding;
}

std::optional<FeedText> read_txt_item(ConfigReader& reader, const YAML::Node& node,
                                      const std::string& key) {
  FeedText txt;
  reader.each(node, key, kTxt, [&](const std::string& child, const YAML::Node& value) {
    if (auto text = reader.text(value, key + "." + child))
      (child == "text" ? txt.text : txt.purpose) = *text;
  });
  if (!node.IsMap()) return std::nullopt;
  if (txt.text.empty()) {
    reader.reject(reader.at(node), key, "needs a text");
    return std::nullopt;
  }
  // The namespace's limits: 4000 characters of text, 128 of purpose.
  if (txt.text.size() > 4000)
    reader.reject(reader.at(node), key + ".text", "is over podcast:txt's 4000 characters");
  if (txt.purpose.size() > 128)
    reader.reject(reader.at(node), key + ".purpose", "is over podcast:txt's 128 characters");
  return txt;
}

std::optional<License> read_license(ConfigReader& reader, const YAML::Node& node,
                                    const std::string& key) {
  License license;
  if (node.IsScalar()) {
    if (auto name = reader.text(node, key)) license.name = *name;
  } else {
    reader.each(node, key, kLicense, [&](const std::string& child, const YAML::Node& value) {
      if (child == "url") {
        if (auto url = read_link(reader, value, key + ".url")) license.url = *url;
      } else if (auto name = reader.text(value, key + ".name")) {
        license.name = *name;
      }
    });
  }
  if (license.name.empty()) {
    reader.reject(reader.at(node), key, "needs a name (CC-BY-4.0, or your own with a url)");
    return std::nullopt;
  }
  return license;
}

bool is_osm_reference(std::string_view osm) {
  if (osm.size() < 2 || (osm[0] != 'N' && osm[0] != 'W' && osm[0] != 'R')) return false;
  for (char c : osm.substr(1))
    if ((c < '0' || c > '9') && c != '#') return false;
  return true;
}

std::optional<Location> read_location(ConfigReader& reader, const YAML::Node& node,
                                      const std::string& key) {
  Location location;
  if (node.IsScalar()) {
    if (auto name = reader.text(node, key)) location.name = *name;
  } else {
    reader.each(node, key, kLocation, [&](const std::string& child, const YAML::Node& value) {
      const std::string full = key + "." + child;
      std::optional<std::string> text = reader.text(value, full);
      if (!text) return;
      std::string problem;
      if (child == "geo" && !(text->starts_with("geo:") && text->size() > 4))
        problem = "is not an RFC 5870 geo URI (geo:30.2672,-97.7431)";
      if (child == "osm" && !is_osm_reference(*text))
        problem = "is not an OpenStreetMap reference (N, W or R and a number: R113314)";
      if (child == "country" &&
          !(text->size() == 2 && std::isalpha(static_cast<unsigned char>((*text)[0])) &&
            std::isalpha(static_cast<unsigned char>((*text)[1]))))
        problem = "is not an ISO 3166-1 alpha-2 country code (US, DE)";
      if (child == "rel" && *text != "subject" && *text != "creator")
        problem = "is not subject or creator";
      if (!problem.empty()) {
        reader.reject(reader.at(value), full, quote_value(*text) + " " + problem);
        return;
      }
      std::string* field = child == "name"      ? &location.name
                           : child == "geo"     ? &location.geo
                           : child == "osm"     ? &location.osm
                           : child == "country" ? &location.country
                                                : &location.rel;
      *field = *text;
    });
  }
  if (location.name.empty()) {
    reader.reject(reader.at(node), key, "needs a name (the place as people call it)");
    return std::nullopt;
  }
  return location;
}

std::optional<AlternateTemplate> read_alternate_template(ConfigReader& reader,
                                                         const YAML::Node& node,
                                                         const std::string& key) {
  AlternateTemplate alternate;
  reader.each(node, key, kAlternate, [&](const std::string& child, const YAML::Node& value) {
    const std::string full = key + "." + child;
    if (child == "bitrate" || child == "height") {
      (child == "bitrate" ? alternate.bitrate : alternate.height) = reader.count(value, full);
      return;
    }
    std::optional<std::string> text = reader.text(value, full);
    if (!text) return;
    if (child == "url") {
      CheckedUrl checked = check_url_template(*text);
      if (!checked.ok())
        reader.reject(reader.at(value), full, quote_value(*text) + " " + checked.problem);
      else
        alternate.url = std::move(checked.url);
    } else {
      (child == "type" ? alternate.type : alternate.title) = *text;
    }
  });
  if (!node.IsMap()) return std::nullopt;
  if (alternate.url.empty() || alternate.type.empty()) {
    reader.reject(reader.at(node), key,
                  "needs a url and a type (podcast:alternateEnclosure requires both)");
    return std::nullopt;
  }
  return alternate;
}

}  // namespace

std::vector<AlternateTemplate> read_alternate_templates(ConfigReader& reader,
                                                        const YAML::Node& value,
                                                        const std::string& key) {
  return read_map_list<AlternateTemplate>(reader, value, key,
                                          [&](const YAML::Node& n, const std::string& k) {
                                            return read_alternate_template(reader, n, k);
                                          });
}

bool read_channel_setting(ConfigReader& reader, const std::string& key, const YAML::Node& value,
                          const std::string& full, PodcastSettings& settings) {
  if (key == "funding") {
    settings.funding = read_map_list<FundingLink>(
        reader, value, full,
        [&](const YAML::Node& n, const std::string& k) { return read_funding_item(reader, n, k); });
  } else if (key == "txt") {
    settings.txt = read_map_list<FeedText>(
        reader, value, full,
        [&](const YAML::Node& n, const std::string& k) { return read_txt_item(reader, n, k); });
  } else if (key == "new_feed_url") {
    settings.new_feed_url = read_link(reader, value, full);
  } else if (key == "block") {
    settings.block = reader.boolean(value, full);
  } else if (key == "complete") {
    settings.complete = reader.boolean(value, full);
  } else if (key == "license") {
    settings.license = read_license(reader, value, full);
  } else if (key == "location") {
    settings.location = read_location(reader, value, full);
  } else {
    return false;
  }
  return true;
}

void read_feeds(ConfigReader& reader, const YAML::Node& node, FeedsConfig& feeds) {
  reader.each(node, "feeds", kFeeds, [&](const std::string& key, const YAML::Node& value) {
    std::size_t& target = key == "max_items" ? feeds.max_items : feeds.all_max_items;
    // 0 means no limit; count() takes positive numbers only.
    if (value.IsScalar() && value.Scalar() == "0") {
      target = 0;
      return;
    }
    if (const std::optional<std::uint64_t> n = reader.count(value, "feeds." + key))
      target = static_cast<std::size_t>(*n);
  });
}

const std::set<std::string>& feeds_keys() { return kFeeds; }

}  // namespace castmap
