// Where rendered files go: the output folder (OutputWriter) or memory (MemoryTarget: tests,
// `castmap chapters convert`, library users). Implementations are thread-safe: files arrive
// from many workers at once.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace castmap {

class OutputTarget {
 public:
  /// What a file was rendered from, kept with it for the next run (src/incremental): the
  /// digest of its inputs (0: unknown) and the diagnostics rendering it reported, encoded.
  struct Record {
    std::uint64_t inputs = 0;
    std::string note;
  };
  /// Hands one consecutive piece of a streamed file over.
  using PieceWriter = std::function<void(std::string_view)>;
  /// Writes a whole file, piece by piece, through the PieceWriter it is given.
  using FileProducer = std::function<void(const PieceWriter&)>;

  virtual ~OutputTarget() = default;
  /// `path` is relative to the output folder, '/'-separated; `exporter` names the format.
  virtual void write(std::string_view exporter, std::string path, std::string bytes,
                     Record record) = 0;
  /// write() for a file too large to hold whole (feeds/all.xml of 100,000 episodes is 300 MB).
  /// The default collects the pieces.
  virtual void write_streamed(std::string_view exporter, std::string path,
                              const FileProducer& produce, Record record) {
    std::string bytes;
    produce([&bytes](std::string_view piece) { bytes.append(piece); });
    write(exporter, std::move(path), std::move(bytes), std::move(record));
  }
};

/// Keeps every file in memory, by path.
class MemoryTarget final : public OutputTarget {
 public:
  void write(std::string_view, std::string path, std::string bytes, Record) override {
    std::lock_guard lock(mutex_);
    files_[std::move(path)] = std::move(bytes);
  }
  const std::map<std::string, std::string>& files() const { return files_; }
  std::map<std::string, std::string> take() { return std::move(files_); }

 private:
  std::mutex mutex_;
  std::map<std::string, std::string> files_;
};

}  // namespace castmap
