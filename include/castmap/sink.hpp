// Where an export into memory (or anywhere a program wants: a bucket, an archive, a cache)
// delivers its files: an interface receiving each file's path and bytes, and a ready-made sink
// keeping them in memory.
#pragma once

#include <castmap/version.hpp>

#include <map>
#include <memory>  // unique_ptr
#include <string>

CASTMAP_BEGIN_NAMESPACE

/// Receives the files of an export (export_into() in <castmap/export.hpp>).
class FileSink {
 public:
  virtual ~FileSink() = default;
  /// One output file: `path` relative to the output folder, '/'-separated, never absolute and
  /// never with `..` (e.g. "feeds/all.xml"), each path once per export; `bytes` its whole
  /// content. Called from castmap's worker threads, one call at a time, in no fixed order.
  /// An exception thrown here ends the export: the report says ExportStatus::io with its
  /// message, and no further file is delivered.
  virtual void write(const std::string& path, std::string bytes) = 0;
};

/// Keeps every file in memory, by path.
class MemorySink final : public FileSink {
 public:
  MemorySink();
  ~MemorySink() override;
  MemorySink(const MemorySink&) = delete;  // take() moves the files out
  MemorySink& operator=(const MemorySink&) = delete;

  void write(const std::string& path, std::string bytes) override;
  /// Every file received so far, by path.
  const std::map<std::string, std::string>& files() const;
  /// The files, moved out; the sink is empty after.
  std::map<std::string, std::string> take();

 private:
  struct Target;  // src/output's MemoryTarget
  std::unique_ptr<Target> target_;
};

CASTMAP_END_NAMESPACE
