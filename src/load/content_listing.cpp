// Directory walking with readdir and std::filesystem, folders of one level in parallel. The walk
// only descends into real directories, so a symlink loop cannot make it run forever; symlinked
// files are checked against the canonical root so content cannot pull in arbitrary files from
// elsewhere on the machine.
#include "src/load/content_listing.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <optional>
#include <system_error>

#include "src/base/parallel.hpp"
#include "src/load/episode_companions.hpp"

namespace castmap {

namespace fs = std::filesystem;

namespace {

struct KindRules {
  ContentKind kind;
  bool recursive;      ///< episodes: any depth
  bool index_folders;  ///< `<id>/index.md` counts as a record
  bool json_allowed;   ///< people may be JSON
};

/// What std::filesystem calls the extension of a file name ("a.b.md" -> ".md"; none for a
/// name without a dot or a hidden name like ".md"), on a plain string: the listing handles one
/// name per episode, and building an fs::path for each costs more than the rest.
std::string_view extension_of(std::string_view name) {
  const std::size_t dot = name.rfind('.');
  return dot == std::string_view::npos || dot == 0 ? std::string_view{} : name.substr(dot);
}

std::string_view stem_of(std::string_view name) {
  return name.substr(0, name.size() - extension_of(name).size());
}

bool has_extension(std::string_view name, bool json_allowed) {
  const std::string_view ext = extension_of(name);
  return ext == ".md" || ext == ".mdx" || (json_allowed && ext == ".json");
}

/// "a/b" + "c" -> "a/b/c", as fs::path's operator/ joins a relative folder and a name.
std::string join(std::string_view folder, std::string_view name) {
  std::string joined;
  joined.reserve(folder.size() + 1 + name.size());
  joined += folder;
  if (!joined.empty() && joined.back() != '/') joined += '/';
  joined += name;
  return joined;
}

bool is_special(fs::file_type type) {
  return type == fs::file_type::fifo || type == fs::file_type::socket ||
         type == fs::file_type::block || type == fs::file_type::character;
}

/// True when `path` lies inside `root` (both canonical), compared component by component.
FileStamp stamp_from(const struct stat& status) {
  return {static_cast<std::uint64_t>(status.st_size), mtime_ns_of(status)};
}

/// Stamp of `name` inside the open folder `dir_fd`; zero when it vanished meanwhile (reading it
/// then fails and is reported).
FileStamp stamp_at(int dir_fd, const char* name) {
  struct stat status {};
  if (::fstatat(dir_fd, name, &status, AT_SYMLINK_NOFOLLOW) != 0) return {};
  return stamp_from(status);
}

/// Stamp of what `path` leads to (symbolic links followed).
FileStamp stamp_of(const fs::path& path) {
  struct stat status {};
  if (::stat(path.c_str(), &status) != 0) return {};
  return stamp_from(status);
}

bool is_within(const fs::path& path, const fs::path& root) {
  auto [root_end, path_end] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
  return root_end == root.end();
}

class Lister {
 public:
  Lister(const fs::path& root, DiagnosticSink& diagnostics)
      : root_(root), diagnostics_(diagnostics) {
    std::error_code ec;
    canonical_root_ = fs::canonical(root_, ec);
    if (ec) canonical_root_ = fs::absolute(root_).lexically_normal();
  }

  /// Lists `folder` per `rules`; `filter` (episodes under --shard) skips other shards' files.
  void list(const std::string& folder, const KindRules& rules, std::vector<ContentFile>& out,
            const EpisodeFileFilter* filter = nullptr) {
    const fs::path relative_folder = fs::path(folder).lexically_normal();
    const fs::path absolute = root_ / relative_folder;
    std::error_code ec;
    // The configured folder itself may be a symlink: it is configuration, not content.
    if (!fs::is_directory(absolute, ec)) {
      if (rules.kind == ContentKind::episode) {
        diagnostics_.warning(
            {generic(relative_folder), 0, 0}, "content-folder-missing",
            "episode folder '" + generic(relative_folder) + "' does not exist; no episodes loaded");
      }
      return;
    }
    // Level by level, the folders of a level in parallel: a 100,000-episode catalog has
    // thousands of show and year folders, and listing them is system-call bound.
    std::vector<PendingFolder> level{{relative_folder, Folder::undecided}};
    while (!level.empty()) {
      std::vector<std::vector<PendingFolder>> subfolders(level.size());
      std::vector<std::vector<ContentFile>> found(level.size());
      parallel_for(level.size(), [&](std::size_t i) {
        const Place place{level[i].path == relative_folder, level[i].shard_view, filter};
        for_each_entry(level[i].path, [&](const fs::file_status own, const std::string& rel,
                                          int dir_fd, const char* name) {
          visit(own, rel, rules, place, subfolders[i], found[i], dir_fd, name);
        });
      });
      level.clear();
      for (std::size_t i = 0; i < found.size(); ++i) {
        out.insert(out.end(), std::make_move_iterator(found[i].begin()),
                   std::make_move_iterator(found[i].end()));
        level.insert(level.end(), std::make_move_iterator(subfolders[i].begin()),
                     std::make_move_iterator(subfolders[i].end()));
      }
    }
  }

 private:
  using Folder = EpisodeFileFilter::Folder;
  struct PendingFolder {
    fs::path path;
    Folder shard_view;  ///< what --shard knows about it (always undecided without a filter)
  };
  /// Where the entries being visited are.
  struct Place {
    bool top;  ///< in the kind's folder itself
    Folder shard_view;
    const EpisodeFileFilter* filter;
  };

  /// readdir() with the entry type it already returns (d_type): one system call per folder
  /// chunk instead of one lstat per file, which matters at 100,000 episodes. Falls back to
  /// lstat only where the file system does not report types (DT_UNKNOWN).
  template <typename Visit>
  void for_each_entry(const fs::path& relative_dir, Visit&& visit_entry) {
    const fs::path absolute = root_ / relative_dir;
    const std::string folder = generic(relative_dir);
    DIR* dir = ::opendir(absolute.c_str());
    if (!dir) {
      diagnostics_.error({generic(relative_dir), 0, 0}, "read-failed",
                         "cannot list folder: " + std::generic_category().message(errno));
      return;
    }
    while (true) {
      errno = 0;
      const dirent* item = ::readdir(dir);
      if (!item) {
        if (errno != 0)
          diagnostics_.error({generic(relative_dir), 0, 0}, "read-failed",
                             "cannot list folder: " + std::generic_category().message(errno));
        break;
      }
      if (item->d_name[0] == '.') continue;  // hidden entries, `.` and `..`
      const std::string rel = join(folder, item->d_name);
      std::error_code ec;
      fs::file_status own;
      switch (item->d_type) {
        case DT_REG:
          own = fs::file_status(fs::file_type::regular);
          break;
        case DT_DIR:
          own = fs::file_status(fs::file_type::directory);
          break;
        case DT_LNK:
          own = fs::file_status(fs::file_type::symlink);
          break;
        case DT_FIFO:
          own = fs::file_status(fs::file_type::fifo);
          break;
        case DT_SOCK:
          own = fs::file_status(fs::file_type::socket);
          break;
        case DT_BLK:
          own = fs::file_status(fs::file_type::block);
          break;
        case DT_CHR:
          own = fs::file_status(fs::file_type::character);
          break;
        default:
          own = fs::symlink_status(root_ / fs::path(rel), ec);
          break;
      }
      if (ec) {
        report_unreadable(rel, ec);
        continue;
      }
      visit_entry(own, rel, ::dirfd(dir), item->d_name);
    }
    ::closedir(dir);
  }

  void visit(const fs::file_status own, const std::string& rel, const KindRules& rules,
             const Place& place, std::vector<PendingFolder>& pending, std::vector<ContentFile>& out,
             int dir_fd, const char* name) {
    const bool top = place.top;
    if (fs::is_directory(own)) {
      if (rules.recursive) {
        const Folder inside =
            place.filter ? place.filter->enter(place.shard_view, name) : place.shard_view;
        if (inside != Folder::other_shard) pending.push_back({fs::path(rel), inside});
      } else if (rules.index_folders && top) {
        add_index_file(rel, rules, out);
      }
      return;
    }
    // Beside an episode, maybe its transcript: listed whatever the shard (a standalone
    // episode's shard goes by its own file name, which the companion does not have).
    const bool companion = rules.kind == ContentKind::episode && is_companion_name(name);
    // Another shard's file: not looked at (that shard reports its problems).
    if (!companion && place.filter && !place.filter->takes(place.shard_view, rel)) return;
    if (is_special(own.type())) return report_special(rel);
    if (companion) {
      KindRules as_companion = rules;
      as_companion.kind = ContentKind::companion;
      if (fs::is_symlink(own)) return add_symlink(rel, as_companion, true, out);
      if (fs::is_regular_file(own))
        add(rel, as_companion, std::string(stem_of(name)), out, stamp_at(dir_fd, name));
      return;
    }
    const bool candidate = has_extension(name, rules.json_allowed) && (top || rules.recursive);
    if (fs::is_symlink(own)) {
      if (candidate || rules.recursive || (rules.index_folders && top))
        add_symlink(rel, rules, candidate, out);
      return;
    }
    if (fs::is_regular_file(own) && candidate)
      add(rel, rules, std::string(stem_of(name)), out, stamp_at(dir_fd, name));
  }

  /// `<id>/index.md` (or .mdx) inside a record folder; the folder name is the id.
  void add_index_file(const std::string& folder, const KindRules& rules,
                      std::vector<ContentFile>& out) {
    for (const char* index : {"index.md", "index.mdx"}) {
      const std::string rel = join(folder, index);
      std::error_code ec;
      const fs::file_status own = fs::symlink_status(root_ / fs::path(rel), ec);
      if (ec || !fs::exists(own)) continue;
      const std::string id = fs::path(folder).filename().string();
      if (fs::is_regular_file(own)) {
        add(rel, rules, id, out, stamp_of(root_ / fs::path(rel)));
      } else if (fs::is_symlink(own)) {
        add_symlink(rel, rules, true, out, id);
      } else if (is_special(own.type())) {
        report_special(rel);
      }
      return;  // index.md wins over index.mdx
    }
  }

  void add_symlink(const std::string& rel, const KindRules& rules, bool candidate,
                   std::vector<ContentFile>& out, std::string id = {}) {
    std::error_code ec;
    const fs::path absolute = root_ / fs::path(rel);
    const std::string stem(stem_of(absolute.filename().native()));
    const fs::file_status target = fs::status(absolute, ec);
    if (ec || !fs::exists(target)) {
      // A dangling link is listed anyway: reading it fails with `read-failed` and it counts
      // as a failed file in LoadStats, like any other unreadable file.
      if (candidate) add(rel, rules, id.empty() ? stem : std::move(id), out, FileStamp{});
      return;
    }
    if (fs::is_directory(target)) {
      diagnostics_.warning({rel, 0, 0}, "symlink-directory",
                           "symbolic link to a folder not followed (avoids loops)");
      return;
    }
    if (!candidate) return;
    const fs::path resolved = fs::canonical(absolute, ec);
    if (ec || !is_within(resolved, canonical_root_)) {
      diagnostics_.warning({rel, 0, 0}, "symlink-outside-root",
                           "symbolic link leads outside the content root; skipped");
      return;
    }
    if (is_special(target.type())) return report_special(rel);
    if (!fs::is_regular_file(target)) return;
    add(rel, rules, id.empty() ? stem : std::move(id), out, stamp_of(absolute));
  }

  void add(const std::string& rel, const KindRules& rules, std::string id,
           std::vector<ContentFile>& out, FileStamp stamp) {
    out.push_back(ContentFile{rules.kind, rel, std::move(id), stamp});
  }

  void report_special(const std::string& rel) {
    diagnostics_.warning({rel, 0, 0}, "special-file",
                         "not a regular file (FIFO, socket or device); skipped unopened");
  }

  void report_unreadable(const std::string& rel, const std::error_code& ec) {
    diagnostics_.error({rel, 0, 0}, "read-failed", "cannot inspect: " + ec.message());
  }

  static std::string generic(const fs::path& rel) { return rel.generic_string(); }

  fs::path root_;
  fs::path canonical_root_;
  DiagnosticSink& diagnostics_;
};

}  // namespace

std::vector<ContentFile> list_content(const fs::path& root, const ContentLayout& layout,
                                      DiagnosticSink& diagnostics, const Shard& shard) {
  Lister lister(root, diagnostics);
  const std::array<std::pair<const std::string*, KindRules>, 4> kinds = {{
      {&layout.videos, {ContentKind::episode, true, false, false}},
      {&layout.shows, {ContentKind::show, false, true, false}},
      {&layout.people, {ContentKind::person, false, false, true}},
      {&layout.technologies, {ContentKind::technology, false, true, false}},
  }};
  constexpr std::size_t kEpisodes = 0, kShows = 1;
  std::array<std::vector<ContentFile>, kinds.size()> found;
  // Shows first: under --shard, their names decide which episode folders are walked.
  for (std::size_t kind : {kShows, kEpisodes, std::size_t{2}, std::size_t{3}}) {
    std::optional<EpisodeFileFilter> filter;
    if (kind == kEpisodes && shard.active()) {
      std::vector<std::string> show_names;
      for (const ContentFile& show : found[kShows]) show_names.push_back(show.id);
      filter.emplace(shard, show_names);
    }
    lister.list(*kinds[kind].first, kinds[kind].second, found[kind], filter ? &*filter : nullptr);
    std::sort(found[kind].begin(), found[kind].end(),
              [](const ContentFile& a, const ContentFile& b) { return a.relative < b.relative; });
  }
  // Companions were listed with the episodes; they go last, in their own sorted group.
  auto& episodes = found[kEpisodes];
  const auto companions_start = std::stable_partition(
      episodes.begin(), episodes.end(),
      [](const ContentFile& file) { return file.kind != ContentKind::companion; });
  std::vector<ContentFile> companions(std::make_move_iterator(companions_start),
                                      std::make_move_iterator(episodes.end()));
  episodes.erase(companions_start, episodes.end());
  std::vector<ContentFile> files;
  for (auto& kind : found)
    files.insert(files.end(), std::make_move_iterator(kind.begin()),
                 std::make_move_iterator(kind.end()));
  files.insert(files.end(), std::make_move_iterator(companions.begin()),
               std::make_move_iterator(companions.end()));
  return files;
}

std::string content_file_path(const std::filesystem::path& root, const ContentFile& file) {
  return join(root.native(), file.relative);
}

}  // namespace castmap
