// pugixml glue for the XML chapter formats (PSC, Matroska): parsing with located errors,
// node positions, text that XML can always carry, and the same serialization as castmap's
// other XML files (UTF-8 declaration, two-space indent, LF).
#pragma once

#include <pugixml.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "src/chapters/text_lines.hpp"
#include "src/model/diagnostics.hpp"

namespace castmap {

/// A parsed XML chapter file and the positions of its nodes.
struct XmlChapterFile {
  pugi::xml_document document;
  LineIndex lines;
  std::string path;

  explicit XmlChapterFile(std::string_view bytes, std::string_view file_path)
      : lines(bytes), path(file_path) {}
  FieldPosition position_of(const pugi::xml_node& node) const;
  SourceLocation where(const pugi::xml_node& node) const;
};

/// Parses `bytes` (pugixml: no DTD, no entity expansion); a document that is not well-formed
/// XML is reported as xml-syntax at pugixml's offset and gives false.
bool parse_xml_chapter_file(XmlChapterFile& file, std::string_view bytes,
                            DiagnosticSink& diagnostics, unsigned extra_flags = 0);

/// An element's name without its prefix.
std::string_view local_name(const pugi::xml_node& node);
/// The namespace URI of an element's prefix (or of the default namespace), looked up on the
/// element and its ancestors; empty when undeclared.
std::string_view namespace_of(const pugi::xml_node& node);

/// `text` as XML can carry it: ill-formed UTF-8 replaced, characters XML 1.0 forbids removed
/// (nothing is copied when there is nothing to change, which is always after normalizing).
std::string_view xml_safe(std::string_view text, std::string& scratch);

/// A document with the `<?xml version="1.0" encoding="UTF-8"?>` declaration.
pugi::xml_document new_chapter_xml_document();
/// Serializes like castmap's other XML files.
std::string save_chapter_xml(const pugi::xml_document& document);

}  // namespace castmap
