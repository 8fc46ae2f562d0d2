// Reading of `alternates`, `soundbites`, `seasonName`, `license` and `location`. Each list item
// or map is checked on its own: one bad alternate does not cost the others.
#include "src/load/episode_extras.hpp"

#include <array>
#include <cctype>
#include <cmath>
#include <limits>

#include "src/base/media_type.hpp"
#include "src/base/text.hpp"
#include "src/base/url_check.hpp"

namespace castmap {

namespace {

constexpr std::array<std::string_view, 5> kExtraKeys = {"alternates", "soundbites", "seasonName",
                                                        "license", "location"};

/// Text for a feed: ill-formed UTF-8 and XML-forbidden characters repaired (reported), white
/// space collapsed; nullopt when nothing is left.
std::optional<std::string> clean_line(const YamlFields& fields, YamlRef value,
                                      std::string_view what) {
  std::optional<std::string> text = fields.text(value, what);
  if (!text) return std::nullopt;
  bool changed = false;
  std::string clean = collapse_whitespace(clean_text(*text, &changed));
  if (changed)
    fields.warning(value, "control-character",
                   std::string(what) +
                       " had characters XML cannot carry (control characters "
                       "or invalid UTF-8); they were removed or replaced");
  if (clean.empty()) return std::nullopt;
  return clean;
}

/// A checked absolute http(s) URL, or nullopt after an `invalid-link` warning.
std::optional<std::string> link(const YamlFields& fields, YamlRef value, std::string_view what) {
  std::optional<std::string> text = fields.text(value, what);
  if (!text || text->empty()) return std::nullopt;
  CheckedUrl checked = check_url(*text);
  if (!checked.ok()) {
    fields.warning(value, "invalid-link", dropped_link_message(what, *text, checked));
    return std::nullopt;
  }
  return std::move(checked.url);
}

/// Each entry of a map, or a warning when `value` is not one.
template <typename Handler>
bool each_entry(const YamlFields& fields, YamlRef value, std::string_view what, Handler handler) {
  if (!value.IsMap()) {
    // Appended, not `std::string(what) + ...`: GCC 12 at -O2 sees a memcpy past the
    // temporary's small buffer in that form (a false -Warray-bounds, GCC bug 105329).
    std::string message(what);
    message.append(" must be a map, not ").append(YamlFields::kind_name(value)).append("; ignored");
    fields.warning(value, "invalid-type", message);
    return false;
  }
  for (const auto& [key, entry] : value.pairs())
    if (key.IsScalar() && !entry.IsNull()) handler(key.Scalar(), entry);
  return true;
}

void read_alternate(const YamlFields& fields, YamlRef item, EpisodeExtras& extras) {
  AlternateEnclosure alternate;
  alternate.position = fields.position(item);
  YamlRef type_node = item;
  const bool is_map =
      each_entry(fields, item, "an alternate", [&](std::string_view key, YamlRef v) {
        constexpr long long kMax = std::numeric_limits<long long>::max();
        if (key == "url") {
          if (auto url = link(fields, v, "alternate url")) alternate.url = std::move(*url);
        } else if (key == "type") {
          if (auto type = clean_line(fields, v, "alternate type"))
            alternate.type = std::move(*type);
          type_node = v;
        } else if (key == "length") {
          if (auto n = fields.integer(v, "alternate length", 0, kMax))
            alternate.length = static_cast<std::uint64_t>(*n);
        } else if (key == "bitrate") {
          if (auto n = fields.integer(v, "alternate bitrate", 1, kMax))
            alternate.bitrate = static_cast<std::uint64_t>(*n);
        } else if (key == "height") {
          if (auto n = fields.integer(v, "alternate height", 1, kMax))
            alternate.height = static_cast<std::uint64_t>(*n);
        } else if (key == "title") {
          if (auto title = clean_line(fields, v, "alternate title")) alternate.title = *title;
        }
      });
  if (!is_map) return;
  if (alternate.url.empty() || alternate.type.empty()) {
    fields.warning(item, "alternate-incomplete",
                   "an alternate needs a usable url and type (podcast:alternateEnclosure "
                   "requires both); this one is left out");
    return;
  }
  if (const std::string conflict = media_type_conflict(alternate.url, alternate.type);
      !conflict.empty())
    fields.warning(type_node, "media-type-mismatch",
                   "alternate type " + YamlFields::quoted(alternate.type) +
                       " contradicts the URL: " + conflict + "; written as given");
  extras.alternates.push_back(std::move(alternate));
}

void read_soundbite(const YamlFields& fields, YamlRef item, EpisodeExtras& extras) {
  Soundbite soundbite;
  double start = std::numeric_limits<double>::quiet_NaN();
  double duration = std::numeric_limits<double>::quiet_NaN();
  const bool is_map = each_entry(fields, item, "a soundbite", [&](std::string_view key, YamlRef v) {
    if (key == "startTime") {
      if (auto seconds = YamlFields::seconds(v)) start = *seconds;
    } else if (key == "duration") {
      if (auto seconds = YamlFields::seconds(v)) duration = *seconds;
    } else if (key == "title") {
      if (auto title = clean_line(fields, v, "soundbite title")) soundbite.title = *title;
    }
  });
  if (!is_map) return;
  // Finite, in range, and a whole number of milliseconds as every other time castmap writes.
  const bool usable = std::isfinite(start) && std::isfinite(duration) && start >= 0 &&
                      duration > 0 && start + duration <= kMaxMediaSeconds;
  if (!usable) {
    fields.warning(item, "soundbite-invalid",
                   "a soundbite needs startTime (at least 0) and a duration above 0, in "
                   "seconds or [HH:]MM:SS; this one is left out");
    return;
  }
  soundbite.start_seconds = std::round(start * 1000) / 1000;
  soundbite.duration_seconds = std::round(duration * 1000) / 1000;
  extras.soundbites.push_back(std::move(soundbite));
}

template <typename ReadItem>
void read_list(const YamlFields& fields, YamlRef value, std::string_view key, ReadItem read_item,
               EpisodeExtras& extras) {
  if (!value.IsSequence()) {
    fields.warning(value, "invalid-type",
                   std::string(key) + " must be a list, not " +
                       std::string(YamlFields::kind_name(value)) + "; ignored");
    return;
  }
  for (YamlRef item : value.items()) read_item(fields, item, extras);
}

/// `license: CC-BY-4.0` or `license: {name: ..., url: ...}`.
void read_license(const YamlFields& fields, YamlRef value, EpisodeExtras& extras) {
  License license;
  if (value.IsScalar()) {
    if (auto name = clean_line(fields, value, "license")) license.name = *name;
  } else {
    each_entry(fields, value, "license", [&](std::string_view key, YamlRef v) {
      if (key == "name") {
        if (auto name = clean_line(fields, v, "license name")) license.name = *name;
      } else if (key == "url") {
        if (auto url = link(fields, v, "license url")) license.url = *url;
      }
    });
  }
  if (license.name.empty()) {
    if (value.IsMap()) fields.warning(value, "license-invalid", "license needs a name; ignored");
    return;
  }
  extras.license = std::move(license);
}

bool is_osm_reference(std::string_view osm) {
  if (osm.size() < 2 || (osm[0] != 'N' && osm[0] != 'W' && osm[0] != 'R')) return false;
  for (char c : osm.substr(1))
    if ((c < '0' || c > '9') && c != '#') return false;
  return true;
}

/// `location: Austin, TX` or a map with name, geo, osm, country and rel.
void read_location(const YamlFields& fields, YamlRef value, EpisodeExtras& extras) {
  Location location;
  if (value.IsScalar()) {
    if (auto name = clean_line(fields, value, "location")) location.name = *name;
  } else {
    each_entry(fields, value, "location", [&](std::string_view key, YamlRef v) {
      std::optional<std::string> text = clean_line(fields, v, "location " + std::string(key));
      if (!text) return;
      auto reject = [&](std::string_view rule) {
        fields.warning(v, "location-invalid",
                       "location " + std::string(key) + " " + YamlFields::quoted(*text) + " " +
                           std::string(rule) + "; left out");
      };
      if (key == "name") {
        location.name = *text;
      } else if (key == "geo") {
        if (text->starts_with("geo:") && text->size() > 4)
          location.geo = *text;
        else
          reject("is not an RFC 5870 geo URI (geo:30.2672,-97.7431)");
      } else if (key == "osm") {
        if (is_osm_reference(*text))
          location.osm = *text;
        else
          reject("is not an OpenStreetMap reference (N, W or R and a number: R113314)");
      } else if (key == "country") {
        const bool alpha2 = text->size() == 2 &&
                            std::isalpha(static_cast<unsigned char>((*text)[0])) &&
                            std::isalpha(static_cast<unsigned char>((*text)[1]));
        if (alpha2)
          location.country = *text;
        else
          reject("is not an ISO 3166-1 alpha-2 country code (US, DE)");
      } else if (key == "rel") {
        if (*text == "subject" || *text == "creator")
          location.rel = *text;
        else
          reject("is not subject or creator");
      }
    });
  }
  if (location.name.empty()) {
    if (value.IsMap()) fields.warning(value, "location-invalid", "location needs a name; ignored");
    return;
  }
  extras.location = std::move(location);
}

}  // namespace

bool read_episode_extra(std::string_view key, YamlRef key_node, YamlRef value,
                        const YamlFields& fields, Episode& episode) {
  std::size_t index = 0;
  while (index < kExtraKeys.size() && kExtraKeys[index] != key) ++index;
  if (index == kExtraKeys.size()) return false;
  if (value.IsNull()) return true;
  episode.positions.insert_or_assign(std::string(key), fields.value_position(key_node, value));
  EpisodeExtras& extras = episode.extras.edit();
  switch (index) {
    case 0:
      read_list(fields, value, key, read_alternate, extras);
      break;
    case 1:
      read_list(fields, value, key, read_soundbite, extras);
      break;
    case 2:
      extras.season_name = clean_line(fields, value, "seasonName");
      break;
    case 3:
      read_license(fields, value, extras);
      break;
    default:
      read_location(fields, value, extras);
      break;
  }
  episode.extras.shrink();
  return true;
}

}  // namespace castmap
