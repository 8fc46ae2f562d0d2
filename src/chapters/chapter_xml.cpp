// XML reading and writing for the chapter formats.
#include "src/chapters/chapter_xml.hpp"

#include <cstring>

#include "src/base/text.hpp"

namespace castmap {

FieldPosition XmlChapterFile::position_of(const pugi::xml_node& node) const {
  const std::ptrdiff_t offset = node.offset_debug();
  if (offset < 0) return {1, 1};
  // offset_debug() points at the element's name; its `<` is one byte before.
  return lines.at(offset > 0 ? static_cast<std::size_t>(offset) - 1 : 0);
}

SourceLocation XmlChapterFile::where(const pugi::xml_node& node) const {
  const FieldPosition at = position_of(node);
  return {path, at.line, at.column};
}

bool parse_xml_chapter_file(XmlChapterFile& file, std::string_view bytes,
                            DiagnosticSink& diagnostics, unsigned extra_flags) {
  const pugi::xml_parse_result result =
      file.document.load_buffer(bytes.data(), bytes.size(), pugi::parse_default | extra_flags);
  if (result) return true;
  const FieldPosition at =
      file.lines.at(result.offset > 0 ? static_cast<std::size_t>(result.offset) : 0);
  diagnostics.error({file.path, at.line, at.column}, "xml-syntax",
                    std::string("not well-formed XML: ") + result.description());
  return false;
}

std::string_view local_name(const pugi::xml_node& node) {
  const std::string_view name = node.name();
  const std::size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

std::string_view namespace_of(const pugi::xml_node& node) {
  const std::string_view name = node.name();
  const std::size_t colon = name.find(':');
  const std::string attribute =
      colon == std::string_view::npos ? "xmlns" : "xmlns:" + std::string(name.substr(0, colon));
  for (pugi::xml_node at = node; at && at.type() == pugi::node_element; at = at.parent())
    if (const pugi::xml_attribute declared = at.attribute(attribute.c_str()))
      return declared.value();
  return {};
}

std::string_view xml_safe(std::string_view text, std::string& scratch) {
  bool ascii = true;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r') {
      ascii = false;
      break;
    }
    if (byte >= 0x80) ascii = false;
  }
  if (ascii) return text;
  bool changed = false;
  scratch = clean_text(text, &changed);
  return changed ? std::string_view(scratch) : text;
}

pugi::xml_document new_chapter_xml_document() {
  pugi::xml_document document;
  pugi::xml_node declaration = document.append_child(pugi::node_declaration);
  declaration.append_attribute("version") = "1.0";
  declaration.append_attribute("encoding") = "UTF-8";
  return document;
}

std::string save_chapter_xml(const pugi::xml_document& document) {
  struct StringWriter : pugi::xml_writer {
    std::string bytes;
    void write(const void* data, std::size_t size) override {
      bytes.append(static_cast<const char*>(data), size);
    }
  } writer;
  document.save(writer, "  ", pugi::format_indent, pugi::encoding_utf8);
  return std::move(writer.bytes);
}

}  // namespace castmap
