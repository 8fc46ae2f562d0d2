// SinkTarget, and the public MemorySink (kept in src/output's MemoryTarget).
#include "src/api/sink_target.hpp"

#include <exception>
#include <utility>

namespace castmap {

void SinkTarget::write(std::string_view, std::string path, std::string bytes, Record) {
  std::lock_guard lock(mutex_);
  if (failure_) return;
  try {
    sink_.write(path, std::move(bytes));
    written_.push_back(std::move(path));
  } catch (const std::exception& e) {
    failure_ = "the FileSink failed on '" + path + "': " + e.what();
  } catch (...) {
    failure_ = "the FileSink failed on '" + path + "' (an exception that is no std::exception)";
  }
}

std::optional<std::string> SinkTarget::failure() const {
  std::lock_guard lock(mutex_);
  return failure_;
}

std::vector<std::string> SinkTarget::take_written() {
  std::lock_guard lock(mutex_);
  return std::move(written_);
}

}  // namespace castmap

CASTMAP_BEGIN_NAMESPACE

struct MemorySink::Target {
  MemoryTarget files;
};

MemorySink::MemorySink() : target_(std::make_unique<Target>()) {}
MemorySink::~MemorySink() = default;

void MemorySink::write(const std::string& path, std::string bytes) {
  target_->files.write({}, path, std::move(bytes), {});
}

const std::map<std::string, std::string>& MemorySink::files() const {
  return target_->files.files();
}

std::map<std::string, std::string> MemorySink::take() { return target_->files.take(); }

CASTMAP_END_NAMESPACE
