// Placeholder for the json-chapters exporter (replaced by the real implementation).
#include <memory>

#include "exporters/exporter.hpp"

namespace castmap {
namespace {
class Stub final : public Exporter {
 public:
  std::string_view name() const override { return "json-chapters"; }
  std::string_view description() const override { return "not implemented yet"; }
  void render(const ExportContext&, OutputSink&) const override {}
};
}  // namespace
std::unique_ptr<Exporter> make_json_chapters_exporter() { return std::make_unique<Stub>(); }
}  // namespace castmap
