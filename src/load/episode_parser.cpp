// parse_episode (declared in loader.hpp): front matter fields -> Episode, with positions for
// the normalizer. Semantic checks (missing fields, ranges, references) belong to the
// normalizer; this file only reports what it cannot convert.
#include <array>
#include <limits>

#include "src/base/time_format.hpp"
#include "src/base/url_check.hpp"
#include "src/load/description_chapters.hpp"
#include "src/load/episode_companions.hpp"
#include "src/load/episode_extras.hpp"
#include "src/load/front_matter_document.hpp"
#include "src/load/loader.hpp"
#include "src/load/yaml_fields.hpp"

namespace castmap {

namespace {

enum class EpisodeField {
  id,
  slug,
  title,
  description,
  subtitle,
  published_at,
  duration,
  show,
  video_id,
  technologies,
  audio_file_size,
  guests,
  chapters,
  episode,
  season,
  explicit_content,
  episode_type,
  draft,
  chapters_from,
  transcripts,
  count
};

constexpr std::array<std::string_view, static_cast<std::size_t>(EpisodeField::count)> kEpisodeKeys =
    {"id",          "slug",         "title",         "description",
     "subtitle",    "publishedAt",  "duration",      "show",
     "videoId",     "technologies", "audioFileSize", "guests",
     "chapters",    "episode",      "season",        "explicit",
     "episodeType", "draft",        "chapters_from", "transcripts"};

std::optional<EpisodeField> episode_field(std::string_view key) {
  for (std::size_t i = 0; i < kEpisodeKeys.size(); ++i)
    if (kEpisodeKeys[i] == key) return static_cast<EpisodeField>(i);
  return std::nullopt;
}

class EpisodeReader {
 public:
  EpisodeReader(Episode& episode, const YamlFields& fields) : episode_(episode), fields_(fields) {}

  /// Repeated keys were reported and dropped with the document (duplicate-key).
  void read(YamlRef root) {
    for (const auto& [key, value] : root.pairs()) {
      if (!key.IsScalar()) continue;  // unknown (complex) keys are ignored like any other
      if (auto field = episode_field(key.Scalar()))
        read_field(*field, key, value);
      else
        read_episode_extra(key.Scalar(), key, value, fields_, episode_);
    }
    if (episode_.media_id.empty()) episode_.media_id = episode_.id;
  }

 private:
  void read_field(EpisodeField field, YamlRef key, YamlRef value) {
    // The episode's key spelling (kEpisodeKeys), which outlives the tree.
    const std::string_view name = kEpisodeKeys[static_cast<std::size_t>(field)];
    // Null values count as absent: no position, so the normalizer sees a missing field.
    if (value.IsNull()) return;
    episode_.positions.insert_or_assign(std::string(name), fields_.value_position(key, value));
    switch (field) {
      case EpisodeField::id:
        assign(episode_.id, fields_.text(value, name, Requirement::required));
        break;
      case EpisodeField::slug:
        assign(episode_.slug, fields_.text(value, name, Requirement::required));
        break;
      case EpisodeField::title:
        assign(episode_.title, fields_.text(value, name, Requirement::required));
        break;
      case EpisodeField::description:
        assign(episode_.description, fields_.text(value, name));
        break;
      case EpisodeField::subtitle:
        episode_.subtitle = fields_.text(value, name);
        break;
      case EpisodeField::published_at:
        read_published(value);
        break;
      case EpisodeField::duration:
        read_duration(value);
        break;
      case EpisodeField::show:
        assign(episode_.show_id, fields_.text(value, name));
        break;
      case EpisodeField::video_id:
        assign(episode_.media_id, fields_.text(value, name));
        break;
      case EpisodeField::technologies:
        episode_.technologies = fields_.text_list(value, name, &episode_.positions);
        break;
      case EpisodeField::guests:
        episode_.guests = fields_.text_list(value, name, &episode_.positions);
        break;
      case EpisodeField::audio_file_size:
        if (auto size = fields_.integer(value, name, 0, std::numeric_limits<long long>::max()))
          episode_.audio_file_size = static_cast<std::uint64_t>(*size);
        break;
      case EpisodeField::episode:
        episode_.episode_number = positive_int_field(value, name);
        break;
      case EpisodeField::season:
        episode_.season_number = positive_int_field(value, name);
        break;
      case EpisodeField::explicit_content:
        episode_.explicit_content = fields_.boolean(value, name);
        break;
      case EpisodeField::episode_type:
        assign(episode_.episode_type, fields_.text(value, name));
        break;
      case EpisodeField::draft:
        episode_.draft = fields_.boolean(value, name).value_or(false);
        break;
      case EpisodeField::chapters:
        read_chapters(value);
        break;
      case EpisodeField::chapters_from:
        read_chapters_from(value);
        break;
      case EpisodeField::transcripts:
        read_transcripts(value);
        break;
      case EpisodeField::count:
        break;
    }
  }

  static void assign(std::string& target, std::optional<std::string> value) {
    if (value) target = std::move(*value);
  }
  static void assign(CompactText& target, const std::optional<std::string>& value) {
    if (value) target = *value;
  }

  /// `episode` and `season` count from 1 (Apple's and the podcast namespace's value sets).
  std::optional<int> positive_int_field(YamlRef value, std::string_view name) const {
    auto number = fields_.integer(value, name, 1, std::numeric_limits<int>::max());
    if (!number) return std::nullopt;
    return static_cast<int>(*number);
  }

  void read_published(YamlRef value) {
    auto text = fields_.text(value, "publishedAt", Requirement::required);
    if (!text) return;
    std::string problem;
    if (auto time = parse_timestamp(*text, &problem)) {
      episode_.published = *time;
      return;
    }
    fields_.error(
        value, "invalid-date",
        "publishedAt " + YamlFields::quoted(*text) +
            (problem.empty() ? " is not a date (use 2023-11-08T17:00:00Z, an offset, or 2023-11-08)"
                             : " cannot be used: " + problem));
  }

  void read_duration(YamlRef value) {
    if (!value.IsScalar()) {
      fields_.text(value, "duration");  // reports invalid-type
      return;
    }
    if (auto seconds = YamlFields::seconds(value)) {
      episode_.duration_seconds = *seconds;
      if (*seconds == 0)
        fields_.note(value, "duration-zero",
                     "duration " + YamlFields::quoted(value.Scalar()) +
                         " is read as unknown; feeds and sitemaps leave the duration out");
      return;
    }
    fields_.warning(value, "invalid-duration",
                    "duration " + YamlFields::quoted(value.Scalar()) +
                        " is not seconds, MM:SS or HH:MM:SS; using 0 (unknown)");
  }

  void read_chapters(YamlRef value) {
    if (value.IsScalar()) {
      read_chapter_file_reference(value);
      return;
    }
    if (!value.IsSequence()) {
      fields_.warning(value, "invalid-type",
                      "chapters must be a list or the path of a chapter file, not " +
                          std::string(YamlFields::kind_name(value)) + "; ignored");
      return;
    }
    episode_.chapters.reserve(value.size());
    for (YamlRef item : value.items()) {
      if (!item.IsMap()) {
        fields_.warning(item, "invalid-type",
                        "a chapter must be a map with startTime and title, not " +
                            std::string(YamlFields::kind_name(item)) + "; chapter ignored");
        continue;
      }
      read_chapter(item);
    }
  }

  void read_chapter(YamlRef item) {
    // Chapter::position locates the item. Positions of its keys are not kept: with ~30 chapters
    // per episode they were most of the memory of a 100,000-episode catalog.
    Chapter chapter;
    chapter.position = fields_.position(item);
    // Missing or unusable: NaN, which the normalizer reports as chapter-start-invalid.
    chapter.start_seconds = std::numeric_limits<double>::quiet_NaN();
    std::optional<std::string> url, image;
    for (const auto& [key, value] : item.pairs()) {
      if (!key.IsScalar()) continue;
      const std::string_view name = key.Scalar();
      if (name == "startTime") {
        if (auto seconds = YamlFields::seconds(value)) chapter.start_seconds = *seconds;
      } else if (name == "title") {
        assign(chapter.title, fields_.text(value, "chapter title"));
      } else if (name == "url") {
        url = fields_.text(value, "chapter url");
      } else if (name == "img") {
        image = fields_.text(value, "chapter img");
      } else if (name == "toc") {
        if (auto toc = fields_.boolean(value, "chapter toc")) chapter.toc = *toc;
      }
    }
    chapter.set_links(std::move(url), std::move(image));
    episode_.chapters.push_back(std::move(chapter));
  }

  /// `chapters: episode-12.json`: the chapter file, relative to the episode's folder; the loader
  /// reads it (src/load/episode_companions.hpp).
  void read_chapter_file_reference(YamlRef value) {
    const std::string_view reference = value.Scalar();
    std::string problem;
    std::optional<std::string> path = resolve_reference(episode_.source_path, reference, problem);
    if (!path) {
      fields_.error(value, "chapters-file-invalid",
                    "chapters " + YamlFields::quoted(reference) + " " + problem +
                        "; the episode is not exported");
      return;
    }
    episode_.companions.edit().chapters_file = std::move(*path);
  }

  void read_chapters_from(YamlRef value) {
    if (value.IsScalar() && value.Scalar() == "description") {
      chapters_from_description = fields_.position(value);
      return;
    }
    fields_.warning(value, "invalid-value",
                    "chapters_from must be `description` (chapters read from the description's "
                    "timestamp list); ignored");
  }

  /// `transcripts:` items: {url, type, language, rel} (Podcasting 2.0 podcast:transcript).
  void read_transcripts(YamlRef value) {
    if (!value.IsSequence()) {
      fields_.warning(value, "invalid-type",
                      "transcripts must be a list of maps with url and type, not " +
                          std::string(YamlFields::kind_name(value)) + "; ignored");
      return;
    }
    for (YamlRef item : value.items()) {
      if (!item.IsMap()) {
        fields_.warning(item, "invalid-type",
                        "a transcript must be a map with url and type, not " +
                            std::string(YamlFields::kind_name(item)) + "; ignored");
        continue;
      }
      read_transcript(item);
    }
  }

  void read_transcript(YamlRef item) {
    Transcript transcript;
    transcript.position = fields_.position(item);
    std::optional<std::string> url, type;
    for (const auto& [key, value] : item.pairs()) {
      if (!key.IsScalar()) continue;
      const std::string_view name = key.Scalar();
      if (name == "url") {
        url = fields_.text(value, "transcript url");
      } else if (name == "type") {
        type = fields_.text(value, "transcript type");
      } else if (name == "language") {
        transcript.language = fields_.text(value, "transcript language");
      } else if (name == "rel") {
        transcript.rel = fields_.text(value, "transcript rel");
      }
    }
    if (!url || !type) {
      fields_.warning(item, "transcript-incomplete",
                      "a transcript needs both url and type; ignored");
      return;
    }
    CheckedUrl checked = check_url(*url);
    if (!checked.ok()) {
      fields_.warning(item, "invalid-link", dropped_link_message("transcript url", *url, checked));
      return;
    }
    if (!is_transcript_type(*type)) {
      fields_.warning(item, "transcript-type-unknown",
                      "transcript type " + YamlFields::quoted(*type) +
                          " is not one apps read (text/vtt, application/x-subrip, "
                          "application/json, text/html, text/plain); ignored");
      return;
    }
    if (transcript.rel && *transcript.rel != "captions") {
      fields_.warning(item, "transcript-rel-unknown",
                      "transcript rel " + YamlFields::quoted(*transcript.rel) +
                          " is not `captions`, the only value the podcast namespace defines; "
                          "left out");
      transcript.rel.reset();
    }
    transcript.url = std::move(checked.url);
    transcript.type = std::move(*type);
    episode_.companions.edit().transcripts.push_back(std::move(transcript));
  }

 public:
  /// Where `chapters_from: description` was given (unset: not given).
  std::optional<FieldPosition> chapters_from_description;

 private:
  Episode& episode_;
  const YamlFields& fields_;
};

}  // namespace

std::optional<Episode> parse_episode(std::string_view bytes, std::string_view path,
                                     const LoaderLimits& limits, DiagnosticSink& diagnostics) {
  Episode episode;
  auto document = parse_front_matter_document(bytes, path, limits, diagnostics, &episode.body);
  if (!document) return std::nullopt;
  episode.source_path = path;
  YamlFields fields(path, document->yaml_first_line, diagnostics);
  EpisodeReader reader(episode, fields);
  reader.read(document->root());
  if (reader.chapters_from_description)
    read_description_chapters(episode, bytes, *reader.chapters_from_description, diagnostics);
  episode.positions.shrink_to_fit();  // kept for the whole export, for every episode
  return episode;
}

}  // namespace castmap
