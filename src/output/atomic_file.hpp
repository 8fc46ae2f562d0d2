// File-level primitives of the output writer, all relative to an open folder descriptor and
// never following symbolic links: inspect what is at a name, compare its bytes, create it or
// replace it atomically (unnamed file + link, or temporary file + rename; optionally fsynced).
#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "src/base/file_stamp.hpp"
#include "src/base/unique_fd.hpp"

namespace castmap {

struct ExistingFile {
  enum class Kind { missing, regular, symlink, other };
  Kind kind = Kind::missing;
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  mode_t permissions = 0;  ///< rwx bits of a regular file
};

/// lstat() of `name` in `folder_fd`. Throws OutputIoError (bare reason) on errors but ENOENT.
ExistingFile inspect_file(int folder_fd, const std::string& name);

/// Opens the regular file `name` in `folder_fd` for reading without ever blocking (a FIFO,
/// socket or device swapped in under castmap's name would block a plain open or read) and
/// without following a link. Returns an invalid descriptor with errno set when it cannot be
/// opened (ENOENT: missing) or is not a regular file (EFTYPE is not Linux: EINVAL).
UniqueFd open_regular_for_reading(int folder_fd, const std::string& name);

/// open_regular_for_reading() for castmap's own files (manifest, state files, lock): returns an
/// invalid descriptor when `name` is missing and `missing_ok`; throws OutputIoError naming
/// `shown` when it cannot be opened or is not a regular file (a FIFO, socket, device, folder).
UniqueFd open_own_file(int folder_fd, const std::string& name, const std::string& shown, int flags,
                       bool missing_ok);

/// True when the regular file `name` holds exactly `bytes`. Any read problem counts as "not
/// equal" (the caller then rewrites the file, which reports real I/O errors).
bool file_has_bytes(int folder_fd, const std::string& name, std::string_view bytes);

/// file_has_bytes() for bytes that arrive in pieces: reads the file along as they come, and
/// stops reading at the first difference (a changed 300 MB feed usually differs early).
class FileComparison {
 public:
  FileComparison(int folder_fd, const std::string& name);
  ~FileComparison();
  FileComparison(const FileComparison&) = delete;
  FileComparison& operator=(const FileComparison&) = delete;

  void compare(std::string_view bytes);
  /// True once a piece did not match (or the file could not be read): the bytes differ.
  bool differs() const { return fd_ < 0; }
  /// True when every piece matched and the file holds nothing more.
  bool same();

 private:
  int fd_ = -1;  ///< closed (-1) as soon as a difference is found
};

/// What a completed replacement left on disk, for the manifest.
struct WrittenFile {
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
};

/// A file written piece by piece under the temporary name `temp_name` and renamed over its real
/// name when complete: what replace_file_atomically() does, for bytes that are never held
/// whole. Removed again unless committed. Throws OutputIoError (bare reason) on failures.
class TemporaryFile {
 public:
  /// `permissions` as for replace_file_atomically().
  TemporaryFile(int folder_fd, std::string temp_name, mode_t permissions);
  ~TemporaryFile();  ///< removes the file unless committed
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;

  void write(std::string_view bytes);
  /// Appends the first `size` bytes of the file `name` in `folder_fd` (the old version of a
  /// streamed file, whose start the new bytes were found to repeat) and returns their
  /// content_hash(), or nullopt when the file no longer holds that many bytes. The caller
  /// compares the hash with that of the bytes the file was found to hold, so a file changed
  /// in between is never copied unnoticed.
  std::optional<std::uint64_t> append_start_of(int folder_fd, const std::string& name,
                                               std::uint64_t size);
  /// Fsyncs when `durable`, closes and renames the file to `name`.
  WrittenFile commit(const std::string& name, bool durable);

 private:
  int folder_fd_;
  std::string temp_name_;
  int fd_ = -1;
  bool committed_ = false;
};

/// Writes `bytes` to the new file `temp_name` in `folder_fd`, fsyncs it when `durable`, and
/// renames it over `name`. On any failure
/// the temporary file is removed, `name` is left as it was, and OutputIoError (bare reason,
/// e.g. "No space left on device") is thrown. `permissions` of 0 means "0666 minus umask";
/// otherwise they are applied exactly (to keep a replaced file's mode).
WrittenFile replace_file_atomically(int folder_fd, const std::string& name, std::string_view bytes,
                                    const std::string& temp_name, mode_t permissions, bool durable);

/// Creates the file `name`, which must not exist, atomically without a temporary name: the
/// bytes go to an unnamed file (O_TMPFILE) that is linked in as `name` once complete (fsynced
/// first when `durable`). Half the directory operations of a temporary file + rename, which is
/// what a first export of 184,000 files spends most of its time on with ext4. Returns nullopt,
/// having created nothing, when the file system or the environment cannot do it (no
/// O_TMPFILE; neither CAP_DAC_READ_SEARCH for linking by descriptor nor /proc) or `name`
/// appeared meanwhile: then use replace_file_atomically.
/// Throws OutputIoError (bare reason) on write errors; `name` is then not created.
std::optional<WrittenFile> create_file_atomically(int folder_fd, const std::string& name,
                                                  std::string_view bytes, bool durable);

/// Whether create_file_atomically may link by descriptor (linkat with AT_EMPTY_PATH) before
/// trying the /proc/self/fd path; for tests of the fallback. Allowed by default.
void allow_descriptor_links(bool allowed);
/// Whether a file has been linked in by descriptor in this process.
bool descriptor_links_used();

/// Removes the file `name`; throws OutputIoError (bare reason) unless it is already gone.
void remove_file(int folder_fd, const std::string& name);

}  // namespace castmap
