// pugixml glue shared by the XML exporters: one save routine so every XML file castmap writes
// has the same declaration (`<?xml version="1.0" encoding="UTF-8"?>`), two-space indent and
// LF line endings.
#pragma once

#include <pugixml.hpp>

#include <string>

namespace castmap {

/// A document whose first child is the UTF-8 declaration; append the root element to it.
pugi::xml_document new_xml_document();

/// Serializes with a two-space indent. pugixml escapes text and attributes exactly once.
std::string save_xml(const pugi::xml_document& document);

}  // namespace castmap
