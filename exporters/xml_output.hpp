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

/// Appends `node` to `out` exactly as save_xml() would print it `depth` levels deep, so a large
/// document can be built and printed in pieces (in parallel, without one tree of everything).
void append_xml_node(std::string& out, const pugi::xml_node& node, unsigned depth);

/// Where children printed by append_xml_node go in `document_text` (saved by save_xml) to
/// become the last children of its last `<name>` element: the start of the line holding
/// `</name>`. npos when there is no such closing tag. (Text and attribute values never contain
/// a literal `</`: pugixml escapes `<`.)
std::size_t closing_tag_line(std::string_view document_text, std::string_view name);

}  // namespace castmap
