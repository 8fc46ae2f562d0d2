// The catalog model: plain value types that the loader fills, the normalizer cleans and the
// exporters read. No I/O here.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "src/base/compact_text.hpp"
#include "src/base/file_stamp.hpp"
#include "src/base/time_format.hpp"
#include "src/model/field_positions.hpp"
#include "src/model/source_location.hpp"

namespace castmap {

/// A chapter's optional links, which few chapters have.
struct ChapterLinks {
  std::optional<std::string> url;    ///< link (front matter `url`)
  std::optional<std::string> image;  ///< artwork (front matter `img`)
};

/// Owns a chapter's links, null when absent, and copies them with the chapter: one pointer,
/// where a shared_ptr is two.
class ChapterLinksHolder {
 public:
  ChapterLinksHolder() = default;
  ChapterLinksHolder(const ChapterLinksHolder& other)
      : links_(other.links_ ? std::make_unique<ChapterLinks>(*other.links_) : nullptr) {}
  ChapterLinksHolder(ChapterLinksHolder&&) noexcept = default;
  ChapterLinksHolder& operator=(ChapterLinksHolder other) noexcept {
    links_.swap(other.links_);
    return *this;
  }
  ~ChapterLinksHolder() = default;

  const ChapterLinks* get() const { return links_.get(); }
  void reset(std::unique_ptr<ChapterLinks> links = nullptr) { links_ = std::move(links); }

 private:
  std::unique_ptr<ChapterLinks> links_;
};

/// The longest media castmap accepts, in seconds (1,000 hours, far beyond any real episode).
/// The normalizer treats a longer duration as unknown and drops chapters starting later, so
/// every time that reaches an exporter converts to whole milliseconds without overflow.
inline constexpr double kMaxMediaSeconds = 1000.0 * 3600.0;

struct Chapter {
  /// Seconds from the start of the media. After normalizing: a whole number of milliseconds
  /// (the finest any output carries), at least 0 and at most kMaxMediaSeconds.
  double start_seconds = 0;
  CompactText title;       ///< single line, whitespace collapsed after normalizing
  bool toc = true;         ///< false = silent chapter (front matter `toc: false`)
  FieldPosition position;  ///< where this chapter's list item starts
  /// Out of line (null when neither is set): inline, the two optional strings made a chapter
  /// 136 bytes instead of 40, and episodes average 30 chapters (3 million in a
  /// 100,000-episode catalog).
  ChapterLinksHolder links;

  const std::optional<std::string>& url() const;
  const std::optional<std::string>& image() const;
  /// Sets both links; no allocation when both are absent.
  void set_links(std::optional<std::string> url, std::optional<std::string> image);
};

/// Another file of an episode's media (podcast:alternateEnclosure): a quality, a video, an HLS
/// stream. From front matter `alternates`; urls.alternates adds the same to every episode.
struct AlternateEnclosure {
  std::string url;                       ///< absolute http(s) URL, checked
  std::string type;                      ///< media type (MIME), required
  std::optional<std::uint64_t> length;   ///< bytes
  std::optional<std::uint64_t> bitrate;  ///< bits per second
  std::optional<std::uint64_t> height;   ///< pixels, for video
  std::string title;                     ///< short label ("HD", "Audio only"); empty: none
  FieldPosition position;                ///< where its list item starts
};

/// A clip apps may offer for sharing (podcast:soundbite; front matter `soundbites`).
struct Soundbite {
  double start_seconds = 0;
  double duration_seconds = 0;
  std::string title;  ///< may be empty
};

/// A license (podcast:license): an identifier from the Podcast Index list (`CC-BY-4.0`) or a
/// custom name, which then needs a URL.
struct License {
  std::string name;
  std::string url;  ///< empty: none
};

/// A place the content is about or was made in (podcast:location).
struct Location {
  std::string name;     ///< human-readable, required
  std::string geo;      ///< RFC 5870 geo URI ("geo:30.2,-97.7"); empty: none
  std::string osm;      ///< OpenStreetMap object ("R113314"); empty: none
  std::string country;  ///< ISO 3166-1 alpha-2; empty: none
  std::string rel;      ///< `subject` or `creator`; empty: the default (subject)
};

/// The Podcasting 2.0 facts few episodes have, held out of line (EpisodeExtrasHolder): inline
/// they would add some 200 bytes to each of 100,000 episodes.
struct EpisodeExtras {
  std::vector<AlternateEnclosure> alternates;  ///< front matter `alternates`
  std::vector<Soundbite> soundbites;           ///< front matter `soundbites`
  std::optional<std::string> season_name;      ///< front matter `seasonName`
  std::optional<License> license;              ///< front matter `license`
  std::optional<Location> location;            ///< front matter `location`

  bool empty() const {
    return alternates.empty() && soundbites.empty() && !season_name && !license && !location;
  }
};

/// Owns an episode's extras, null when it has none; copies them with the episode.
class EpisodeExtrasHolder {
 public:
  EpisodeExtrasHolder() = default;
  EpisodeExtrasHolder(const EpisodeExtrasHolder& other)
      : extras_(other.extras_ ? std::make_unique<EpisodeExtras>(*other.extras_) : nullptr) {}
  EpisodeExtrasHolder(EpisodeExtrasHolder&&) noexcept = default;
  EpisodeExtrasHolder& operator=(EpisodeExtrasHolder other) noexcept {
    extras_.swap(other.extras_);
    return *this;
  }
  ~EpisodeExtrasHolder() = default;

  /// Null when the episode has none of the extras.
  const EpisodeExtras* get() const { return extras_.get(); }
  /// The extras, created on first use.
  EpisodeExtras& edit() {
    if (!extras_) extras_ = std::make_unique<EpisodeExtras>();
    return *extras_;
  }
  /// Drops the holder's allocation when nothing is left in it.
  void shrink() {
    if (extras_ && extras_->empty()) extras_.reset();
  }

 private:
  std::unique_ptr<EpisodeExtras> extras_;
};

/// A file other than an episode's own that its loaded value depends on: a chapter file its
/// front matter names, a transcript beside it. The parse cache re-reads the episode when one
/// changes, appears or disappears; its hash is part of the episode's input digest.
struct InputFile {
  std::string path;        ///< relative to the content root, '/' separators
  FileStamp stamp;         ///< taken before reading (zero: missing or unreadable)
  std::uint64_t hash = 0;  ///< content_hash() of its bytes (0: missing or unreadable)

  bool operator==(const InputFile&) const = default;
};

/// A transcript of an episode (Podcasting 2.0 `podcast:transcript`): given in front matter
/// (`transcripts:`, an absolute URL), or a file beside the episode (same base name, `.vtt`,
/// `.srt` or `.json`) that the `transcripts` exporter publishes.
struct Transcript {
  std::string url;   ///< front matter: the checked URL; empty for a file beside the episode
  std::string type;  ///< media type: text/vtt, application/x-subrip, application/json, ...
  std::optional<std::string> language;
  std::optional<std::string> rel;  ///< `captions` for closed captions
  FieldPosition position;          ///< front matter: its list item (0:0 for a file beside)
  std::string file;                ///< beside: its path relative to the content root
  std::string text;                ///< beside: its content (valid UTF-8)

  bool beside() const { return !file.empty(); }
  /// A file beside: its extension without the dot ("srt"); empty otherwise.
  std::string_view extension() const;
  bool operator==(const Transcript&) const = default;
};

/// What few episodes have: files besides their own, and transcripts. Out of line, like
/// ChapterLinks: 100,000 episodes without any pay one pointer each.
struct EpisodeCompanions {
  /// The chapter file front matter `chapters:` names, relative to the content root (empty: the
  /// chapters, if any, come from the episode's own file). Chapter positions point into it.
  std::string chapters_file;
  std::vector<InputFile> inputs;  ///< sorted by path
  std::vector<Transcript> transcripts;

  bool operator==(const EpisodeCompanions&) const = default;
};

/// Owns an EpisodeCompanions, null when the episode has none, and copies it with the episode.
class CompanionsHolder {
 public:
  CompanionsHolder() = default;
  CompanionsHolder(const CompanionsHolder& other)
      : value_(other.value_ ? std::make_unique<EpisodeCompanions>(*other.value_) : nullptr) {}
  CompanionsHolder(CompanionsHolder&&) noexcept = default;
  CompanionsHolder& operator=(CompanionsHolder other) noexcept {
    value_.swap(other.value_);
    return *this;
  }
  ~CompanionsHolder() = default;

  const EpisodeCompanions* get() const { return value_.get(); }
  /// Creates it when absent.
  EpisodeCompanions& edit() {
    if (!value_) value_ = std::make_unique<EpisodeCompanions>();
    return *value_;
  }
  void reset() { value_.reset(); }

 private:
  std::unique_ptr<EpisodeCompanions> value_;
};

struct Episode {
  std::string id;
  std::string slug;
  std::string title;
  std::string description;
  std::optional<std::string> subtitle;
  TimePoint published{};
  /// Seconds; 0 when unknown or absent (exporters then omit duration fields). After
  /// normalizing: 0, or at least a millisecond and at most kMaxMediaSeconds.
  double duration_seconds = 0;
  std::string show_id;                           ///< empty for a standalone episode
  std::string media_id;                          ///< front matter `videoId`, else `id`
  std::vector<std::string> technologies;         ///< technology ids
  std::optional<std::uint64_t> audio_file_size;  ///< bytes (front matter `audioFileSize`)
  std::vector<std::string> guests;               ///< person ids
  std::vector<Chapter> chapters;                 ///< sorted by start after normalizing
  std::optional<int> episode_number;             ///< front matter `episode`
  std::optional<int> season_number;              ///< front matter `season`
  std::optional<bool> explicit_content;          ///< front matter `explicit`
  std::string episode_type;                      ///< `full` (default), `trailer`, `bonus`
  bool draft = false;  ///< front matter `draft`: left out of every output (publishing_state.hpp)
  std::string body;    ///< Markdown after the front matter, unparsed
  /// `body` rendered to HTML (src/normalize/show_notes.hpp): safe, links absolute; empty when
  /// the body is blank. Every feed format writes it as it is (RSS content:encoded).
  std::string show_notes_html;
  EpisodeExtrasHolder extras;  ///< alternates, soundbites, season name, license, location

  std::string source_path;  ///< relative to the content root, '/' separators
  /// Where each key and list item ("guests[1]") sits in source_path, so that late checks
  /// (normalizer, exporters) can point at the exact line. Chapters carry their own
  /// Chapter::position instead (keys per chapter would dominate a large catalog's memory).
  FieldPositions positions;
  /// Whether clean_episode() (src/episode_normalizer.hpp) already ran: the loader cleans what
  /// it parses and the parse cache holds cleaned episodes, so the normalizer does not clean them
  /// again. Not part of the cache encoding: set on load.
  bool cleaned = false;
  /// The content hash of the file the loader took this episode from (0: unknown). With
  /// source_path and the configuration fingerprint it determines the episode as loaded, which
  /// lets render_inputs.cpp digest it without encoding it. Not part of the cache encoding.
  std::uint64_t source_digest = 0;
  /// Chapter file, input files, transcripts (null: none of them).
  CompanionsHolder companions;

  /// Location of a field for diagnostics; falls back to the file's first line.
  SourceLocation location_of(std::string_view field) const;
  /// Where a chapter sits: in the chapter file front matter names, or in source_path; the
  /// `chapters` key when its position is unknown.
  SourceLocation chapter_location(const Chapter& chapter) const;
  /// The transcripts (empty when none).
  std::span<const Transcript> transcripts() const;
};

struct Person {
  std::string id;  ///< file name without extension
  std::string name;
  std::optional<std::string> handle;
  std::optional<std::string> url;    ///< profile page (front matter `href`/`url`/`website`)
  std::optional<std::string> image;  ///< avatar (front matter `img`/`image`/`avatar`)
  std::string source_path;
};

struct Show {
  std::string id;
  std::string name;
  std::string description;
  std::vector<std::string> hosts;  ///< person ids
  std::string source_path;
  /// Its file name without extension (or its folder's, for `<name>/index.md`), usually also its
  /// id: --shard places a show, and the folder of its episodes, by this name (src/shard.hpp).
  std::string file_id;
  FieldPositions positions;

  SourceLocation location_of(std::string_view field) const;
};

struct Technology {
  std::string id;    ///< file or folder name
  std::string name;  ///< display name (front matter `name`), falls back to the id
  std::string source_path;
};

/// Everything loaded from one content root. Vectors are sorted by id (episodes: newest first,
/// then by id) so that output never depends on file-system order or thread count.
struct Catalog {
  std::vector<Episode> episodes;
  std::vector<Show> shows;
  std::vector<Person> people;
  std::vector<Technology> technologies;

  const Show* find_show(std::string_view id) const;
  const Person* find_person(std::string_view id) const;
  const Technology* find_technology(std::string_view id) const;

  /// Rebuilds the id lookup tables; call after changing the vectors.
  void index();

 private:
  std::unordered_map<std::string, std::size_t> show_index_;
  std::unordered_map<std::string, std::size_t> person_index_;
  std::unordered_map<std::string, std::size_t> technology_index_;
};

/// Newest first; ties broken by id so that the order is total and deterministic.
bool newer_first(const Episode& a, const Episode& b);

/// Sorts `episodes` by newer_first, moving each episode once (small keys are sorted, then the
/// permutation is applied in place: std::sort would swap the large structs around). Returns
/// where each episode went: `moved_to[old index]` is its new index.
std::vector<std::size_t> sort_newest_first(std::vector<Episode>& episodes);

}  // namespace castmap
