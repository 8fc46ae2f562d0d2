// A compact binary encoding of the parsed model for the parse cache. Why not MessagePack via
// nlohmann-json: a warm re-run of 100,000 episodes must load the whole cached catalog in a few
// hundred milliseconds, and building JSON values first costs several times that. The format is
// private to one castmap version (the cache header carries the version), and every read is
// bounds-checked: a damaged cache is detected and rebuilt, never trusted.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/model/diagnostics.hpp"
#include "src/model/model.hpp"

namespace castmap {

class BinaryWriter {
 public:
  void u64(std::uint64_t value);
  void f64(double value);
  void str(std::string_view value);
  void boolean(bool value) { u64(value ? 1 : 0); }
  /// Exactly eight bytes (checksums), so a reader can find them at the end of a file.
  void fixed64(std::uint64_t value);
  void episode(const Episode& episode);
  void diagnostic(const Diagnostic& diagnostic);
  std::string& bytes() { return bytes_; }
  /// Appends the content_hash() of everything written so far, as fixed64(): the framing of
  /// castmap's state files, which verified_body() checks.
  void seal();

 private:
  std::string bytes_;
};

/// Reads what BinaryWriter wrote. After any out-of-bounds or malformed read, ok() is false and
/// every further read returns a default value.
class BinaryReader {
 public:
  explicit BinaryReader(std::string_view bytes) : bytes_(bytes) {}
  std::uint64_t u64();
  double f64();
  std::string str();
  /// The next string without copying it: valid as long as the bytes read from.
  std::string_view view();
  bool boolean() { return u64() != 0; }
  std::uint64_t fixed64();
  std::size_t position() const { return position_; }
  /// A list length; anything implausible marks the input damaged instead of allocating.
  std::size_t length();
  Episode episode();
  Diagnostic diagnostic();
  bool ok() const { return ok_; }
  bool at_end() const { return position_ == bytes_.size(); }

 private:
  std::string_view bytes_;
  std::size_t position_ = 0;
  bool ok_ = true;
};

/// The body of bytes that end in the content_hash() of that body (BinaryWriter::seal(), or a
/// writer that hashed as it streamed), or nullopt when they are too short or the hash differs:
/// a damaged state file.
std::optional<std::string_view> verified_body(std::string_view bytes);

}  // namespace castmap
