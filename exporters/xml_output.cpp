// XML serialization through pugixml's string writer.
#include "exporters/xml_output.hpp"

namespace castmap {

namespace {
struct StringWriter : pugi::xml_writer {
  std::string bytes;
  void write(const void* data, size_t size) override {
    bytes.append(static_cast<const char*>(data), size);
  }
};

/// Appends to a string the caller owns.
struct AppendingWriter : pugi::xml_writer {
  explicit AppendingWriter(std::string& target) : out(target) {}
  std::string& out;
  void write(const void* data, size_t size) override {
    out.append(static_cast<const char*>(data), size);
  }
};

constexpr const char* kIndent = "  ";
constexpr unsigned kFormat = pugi::format_indent;
}  // namespace

pugi::xml_document new_xml_document() {
  pugi::xml_document document;
  auto declaration = document.append_child(pugi::node_declaration);
  declaration.append_attribute("version") = "1.0";
  declaration.append_attribute("encoding") = "UTF-8";
  return document;
}

std::string save_xml(const pugi::xml_document& document) {
  StringWriter writer;
  writer.bytes.reserve(4096);
  document.save(writer, kIndent, kFormat, pugi::encoding_utf8);
  return std::move(writer.bytes);
}

void append_xml_node(std::string& out, const pugi::xml_node& node, unsigned depth) {
  AppendingWriter writer(out);
  node.print(writer, kIndent, kFormat, pugi::encoding_utf8, depth);
}

std::size_t closing_tag_line(std::string_view document_text, std::string_view name) {
  const std::string closing = "</" + std::string(name) + ">";
  const std::size_t at = document_text.rfind(closing);
  if (at == std::string_view::npos) return at;
  // The closing tag's own indentation stays in front of it, after the children.
  const std::size_t line_break = document_text.rfind('\n', at);
  return line_break == std::string_view::npos ? 0 : line_break + 1;
}

}  // namespace castmap
