// The renderer's OutputTarget in front of a library user's FileSink: calls it one at a time, and
// turns an exception it throws into a failure the export reports, so that nothing a user's code
// throws travels through castmap's worker threads.
#pragma once

#include <castmap/sink.hpp>

#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/output/output_target.hpp"

namespace castmap {

class SinkTarget final : public OutputTarget {
 public:
  explicit SinkTarget(FileSink& sink) : sink_(sink) {}

  /// Hands the file to the sink, unless an earlier call failed.
  void write(std::string_view exporter, std::string path, std::string bytes,
             Record record) override;

  /// What the sink's first exception said; nullopt when every call returned.
  std::optional<std::string> failure() const;
  /// The paths the sink took, in the order it took them.
  std::vector<std::string> take_written();

 private:
  FileSink& sink_;
  mutable std::mutex mutex_;
  std::optional<std::string> failure_;
  std::vector<std::string> written_;
};

}  // namespace castmap
