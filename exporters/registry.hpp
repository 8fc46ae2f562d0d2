// The list of exporters castmap knows, in a fixed order (the order `castmap exporters` prints
// and the order they run in).
#pragma once

#include <string_view>
#include <vector>

#include "exporters/exporter.hpp"

namespace castmap {

/// Every registered exporter, in registration order.
const std::vector<const Exporter*>& all_exporters();

/// The exporter with this name (case-insensitive), or nullptr.
const Exporter* find_exporter(std::string_view name);

/// The formats a site publishes: those `names` lists (the `exporters` setting), or every
/// registered one that is on by default (FormatInfo::on_by_default) when it is empty. Unknown names
/// are skipped (the caller validates them).
FormatSet published_formats(const std::vector<std::string>& names);

}  // namespace castmap
