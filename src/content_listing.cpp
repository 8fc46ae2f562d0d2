// Directory walking with readdir and std::filesystem, folders of one level in parallel. The walk
// only descends into real directories, so a symlink loop cannot make it run forever; symlinked
// files are checked against the canonical root so content cannot pull in arbitrary files from
// elsewhere on the machine.
#include "src/content_listing.hpp"

#include <dirent.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <system_error>

#include "src/parallel.hpp"

namespace castmap {

namespace fs = std::filesystem;

namespace {

struct KindRules {
  ContentKind kind;
  bool recursive;      ///< episodes: any depth
  bool index_folders;  ///< `<id>/index.md` counts as a record
  bool json_allowed;   ///< people may be JSON
};

bool has_extension(const fs::path& name, bool json_allowed) {
  const std::string ext = name.extension().string();
  return ext == ".md" || ext == ".mdx" || (json_allowed && ext == ".json");
}

bool is_special(fs::file_type type) {
  return type == fs::file_type::fifo || type == fs::file_type::socket ||
         type == fs::file_type::block || type == fs::file_type::character;
}

/// True when `path` lies inside `root` (both canonical), compared component by component.
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

  void list(const std::string& folder, const KindRules& rules, std::vector<ContentFile>& out) {
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
    std::vector<fs::path> level{relative_folder};
    while (!level.empty()) {
      std::vector<std::vector<fs::path>> subfolders(level.size());
      std::vector<std::vector<ContentFile>> found(level.size());
      parallel_for(level.size(), [&](std::size_t i) {
        const bool top = level[i] == relative_folder;
        for_each_entry(level[i], [&](const fs::file_status own, const fs::path& rel) {
          visit(own, rel, rules, top, subfolders[i], found[i]);
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
  /// readdir() with the entry type it already returns (d_type): one system call per folder
  /// chunk instead of one lstat per file, which matters at 100,000 episodes. Falls back to
  /// lstat only where the file system does not report types (DT_UNKNOWN).
  template <typename Visit>
  void for_each_entry(const fs::path& relative_dir, Visit&& visit_entry) {
    const fs::path absolute = root_ / relative_dir;
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
      const fs::path rel = relative_dir / item->d_name;
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
          own = fs::symlink_status(root_ / rel, ec);
          break;
      }
      if (ec) {
        report_unreadable(rel, ec);
        continue;
      }
      visit_entry(own, rel);
    }
    ::closedir(dir);
  }

  void visit(const fs::file_status own, const fs::path& rel, const KindRules& rules, bool top,
             std::vector<fs::path>& pending, std::vector<ContentFile>& out) {
    if (fs::is_directory(own)) {
      if (rules.recursive) {
        pending.push_back(rel);
      } else if (rules.index_folders && top) {
        add_index_file(rel, rules, out);
      }
      return;
    }
    if (is_special(own.type())) return report_special(rel);
    const bool candidate =
        has_extension(rel.filename(), rules.json_allowed) && (top || rules.recursive);
    if (fs::is_symlink(own)) {
      if (candidate || rules.recursive || (rules.index_folders && top))
        add_symlink(rel, rules, candidate, out);
      return;
    }
    if (fs::is_regular_file(own) && candidate) add(rel, rules, rel.stem().string(), out);
  }

  /// `<id>/index.md` (or .mdx) inside a record folder; the folder name is the id.
  void add_index_file(const fs::path& folder, const KindRules& rules,
                      std::vector<ContentFile>& out) {
    for (const char* index : {"index.md", "index.mdx"}) {
      const fs::path rel = folder / index;
      std::error_code ec;
      const fs::file_status own = fs::symlink_status(root_ / rel, ec);
      if (ec || !fs::exists(own)) continue;
      const std::string id = folder.filename().string();
      if (fs::is_regular_file(own)) {
        add(rel, rules, id, out);
      } else if (fs::is_symlink(own)) {
        add_symlink(rel, rules, true, out, id);
      } else if (is_special(own.type())) {
        report_special(rel);
      }
      return;  // index.md wins over index.mdx
    }
  }

  void add_symlink(const fs::path& rel, const KindRules& rules, bool candidate,
                   std::vector<ContentFile>& out, std::string id = {}) {
    std::error_code ec;
    const fs::path absolute = root_ / rel;
    const fs::file_status target = fs::status(absolute, ec);
    if (ec || !fs::exists(target)) {
      // A dangling link is listed anyway: reading it fails with `read-failed` and it counts
      // as a failed file in LoadStats, like any other unreadable file.
      if (candidate) add(rel, rules, id.empty() ? rel.stem().string() : std::move(id), out);
      return;
    }
    if (fs::is_directory(target)) {
      diagnostics_.warning({generic(rel), 0, 0}, "symlink-directory",
                           "symbolic link to a folder not followed (avoids loops)");
      return;
    }
    if (!candidate) return;
    const fs::path resolved = fs::canonical(absolute, ec);
    if (ec || !is_within(resolved, canonical_root_)) {
      diagnostics_.warning({generic(rel), 0, 0}, "symlink-outside-root",
                           "symbolic link leads outside the content root; skipped");
      return;
    }
    if (is_special(target.type())) return report_special(rel);
    if (!fs::is_regular_file(target)) return;
    add(rel, rules, id.empty() ? rel.stem().string() : std::move(id), out);
  }

  void add(const fs::path& rel, const KindRules& rules, std::string id,
           std::vector<ContentFile>& out) {
    out.push_back(ContentFile{rules.kind, generic(rel), root_ / rel, std::move(id)});
  }

  void report_special(const fs::path& rel) {
    diagnostics_.warning({generic(rel), 0, 0}, "special-file",
                         "not a regular file (FIFO, socket or device); skipped unopened");
  }

  void report_unreadable(const fs::path& rel, const std::error_code& ec) {
    diagnostics_.error({generic(rel), 0, 0}, "read-failed", "cannot inspect: " + ec.message());
  }

  static std::string generic(const fs::path& rel) { return rel.generic_string(); }

  fs::path root_;
  fs::path canonical_root_;
  DiagnosticSink& diagnostics_;
};

}  // namespace

std::vector<ContentFile> list_content(const fs::path& root, const ContentLayout& layout,
                                      DiagnosticSink& diagnostics) {
  Lister lister(root, diagnostics);
  const std::array<std::pair<const std::string*, KindRules>, 4> kinds = {{
      {&layout.videos, {ContentKind::episode, true, false, false}},
      {&layout.shows, {ContentKind::show, false, true, false}},
      {&layout.people, {ContentKind::person, false, false, true}},
      {&layout.technologies, {ContentKind::technology, false, true, false}},
  }};
  std::vector<ContentFile> files;
  for (const auto& [folder, rules] : kinds) {
    std::vector<ContentFile> found;
    lister.list(*folder, rules, found);
    std::sort(found.begin(), found.end(),
              [](const ContentFile& a, const ContentFile& b) { return a.relative < b.relative; });
    files.insert(files.end(), std::make_move_iterator(found.begin()),
                 std::make_move_iterator(found.end()));
  }
  return files;
}

}  // namespace castmap
