// Writing the starter castmap.yaml of `castmap init`. Values from the content (show ids, names)
// are quoted where YAML needs it and flattened to one line in comments, so any show a loader
// accepted gives a file that loads back with exactly those ids.
#include "src/app/starter_config.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <map>

namespace castmap {

namespace {

/// A show id as a YAML mapping key: plain when it is unmistakably a string, else double-quoted
/// (an id like `yes`, `123`, `a: b` or `#x` would otherwise read back as something else).
std::string yaml_key(const std::string& id) {
  static constexpr std::array<std::string_view, 12> kNotPlain = {
      "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", "<<", "="};
  std::string lower = id;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const bool safe_characters =
      !id.empty() &&
      id.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") ==
          std::string::npos &&
      id.front() != '-' && id.find_first_not_of("0123456789") != std::string::npos;
  if (safe_characters && std::find(kNotPlain.begin(), kNotPlain.end(), lower) == kNotPlain.end())
    return id;
  YAML::Emitter quoted;
  quoted << YAML::DoubleQuoted << id;
  return quoted.c_str();
}

/// Text from the content shown in a comment: one line (control characters become spaces), at
/// most about 60 bytes, cut on a UTF-8 character boundary.
std::string comment_text(std::string_view text) {
  constexpr std::size_t kMaxBytes = 60;
  std::string out;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    out += byte < 0x20 || byte == 0x7f ? ' ' : c;
  }
  if (out.size() > kMaxBytes) {
    std::size_t cut = kMaxBytes;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out.resize(cut);
    out += "...";
  }
  return out;
}

std::string plural(std::size_t count, std::string_view one, std::string_view many) {
  return std::to_string(count) + " " + std::string(count == 1 ? one : many);
}

std::string folder_note(bool present, const std::string& folder, const std::string& found) {
  return present ? found + " in " + folder + "/" : "no " + folder + "/ folder";
}

}  // namespace

ContentSurvey survey_catalog(const Catalog& catalog) {
  ContentSurvey survey;
  std::map<std::string, std::size_t, std::less<>> episodes_by_show;
  for (const Episode& episode : catalog.episodes)
    if (!episode.show_id.empty()) ++episodes_by_show[episode.show_id];
  for (const Show& show : catalog.shows) {
    const auto count = episodes_by_show.find(show.id);
    survey.shows.push_back(
        {show.id, show.name, count == episodes_by_show.end() ? 0 : count->second});
  }
  std::sort(survey.shows.begin(), survey.shows.end(),
            [](const auto& a, const auto& b) { return a.id < b.id; });
  survey.people = catalog.people.size();
  survey.technologies = catalog.technologies.size();
  return survey;
}

std::string starter_config(const ContentSurvey& survey) {
  const ContentLayout& layout = survey.layout;
  std::string out;
  out += "# castmap.yaml, written by `castmap init` for the content in this folder:\n";
  out += "#   " +
         folder_note(survey.has_videos, layout.videos,
                     plural(survey.episode_files, "episode file", "episode files")) +
         ", " +
         folder_note(survey.has_shows, layout.shows, plural(survey.shows.size(), "show", "shows")) +
         ",\n";
  out += "#   " +
         folder_note(survey.has_people, layout.people, plural(survey.people, "person", "people")) +
         ", " +
         folder_note(survey.has_technologies, layout.technologies,
                     plural(survey.technologies, "technology", "technologies")) +
         ".\n";
  out +=
      "# Every key is described in `man castmap` (CONFIGURATION) and README.md; keys left out "
      "keep\n"
      "# their defaults. Check the catalog with `castmap validate`, then write the site with\n"
      "# `castmap export`.\n"
      "\n"
      "site:\n"
      "  # The absolute http(s) URL the site is published at: `castmap export` needs it (or\n"
      "  # --base-url). Every URL below is built from it.\n"
      "  # base_url: https://podcasts.example.com\n"
      "  # title: My network                # title of feeds/all.xml, the feed of every episode\n"
      "  # description: What the network is about\n"
      "  language: en                       # feed <language>: ISO 639, optionally with a region\n"
      "  # author: My network               # itunes:author\n"
      "  # copyright: \"© My network\"\n"
      "  # Podcast settings of every feed; shows.<id>.podcast below overrides them per show.\n"
      "  podcast:\n"
      "    explicit: false                  # itunes:explicit\n"
      "    # owner_name: Jane Doe           # itunes:owner and podcast:locked owner\n"
      "    # owner_email: podcasts@example.com\n"
      "    # category: Technology           # Apple's category list; subcategory: as well\n"
      "    # artwork: https://podcasts.example.com/artwork.png  # default: newest thumbnail\n"
      "\n"
      "# content: .                        # the content root (default: this folder)\n"
      "output: out                          # where `castmap export` writes, relative to here\n";
  if (!survey.has_videos || !survey.has_shows) {
    out +=
        "\n"
        "# Folders inside the content root, if yours are not named like the defaults:\n"
        "# layout:\n"
        "#   videos: videos                   # episodes: videos/**/*.md\n"
        "#   shows: shows                     # shows/<id>.md or shows/<id>/index.md\n"
        "#   people: people\n"
        "#   technologies: technologies\n";
  }
  out +=
      "\n"
      "# Where each episode's files are published. Placeholders: {base_url}, {slug}, {id},\n"
      "# {media_id} (front matter videoId, else id) and {show}.\n"
      "urls:\n"
      "  episode_page: \"{base_url}/watch/{slug}/\"   # RSS <link> and sitemap <loc>\n"
      "  # enclosure: \"https://media.example.com/{media_id}.mp3\"   # the audio: podcast feeds "
      "need it\n"
      "  # video: \"https://media.example.com/{media_id}.mp4\"       # sitemap video and "
      "alternateEnclosure\n"
      "  # thumbnail: \"https://media.example.com/{media_id}.jpg\"\n"
      "  # show_page: \"{base_url}/shows/{show}/\"    # also adds the shows to the sitemap\n"
      "  feed: \"{base_url}/feeds/{show}.xml\"\n";
  out += "\n";
  if (survey.shows.empty()) {
    out +=
        "# Per-show podcast settings, keyed by show id (no show files were found):\n"
        "# shows:\n"
        "#   my-show:\n"
        "#     podcast:\n"
        "#       type: episodic               # or serial\n";
  } else {
    out +=
        "# Per-show podcast settings (they override site.podcast key by key), one per show "
        "found.\n";
    out += "shows:\n";
    for (const ContentSurvey::FoundShow& show : survey.shows) {
      out += "  " + yaml_key(show.id) + ":";
      out += "  # " + comment_text(show.name.empty() ? show.id : show.name) + ": " +
             plural(show.episodes, "episode", "episodes") + "\n";
      out +=
          "    podcast:\n"
          "      type: episodic               # or serial: oldest first, for courses and seasons\n"
          "      # category: Technology\n"
          "      # artwork: https://podcasts.example.com/" +
          comment_text(show.id) + ".png\n";
    }
  }
  out +=
      "\n"
      "# exporters: [rss, json-chapters, webvtt, sitemap]   # the default (`castmap exporters`);\n"
      "#   add psc, ffmetadata, matroska, mp4chaps, youtube for more chapter files\n"
      "# chapters:\n"
      "#   psc_in_feeds: false              # true: RSS items carry psc:chapters\n"
      "# sitemap:\n"
      "#   gzip: false                      # write sitemap parts as .xml.gz\n"
      "# strict: false                      # true: every warning is an error (as --strict)\n";
  return out;
}

}  // namespace castmap
