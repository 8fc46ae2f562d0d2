// XML serialization through pugixml's string writer.
#include "src/xml_output.hpp"

namespace castmap {

namespace {
struct StringWriter : pugi::xml_writer {
  std::string bytes;
  void write(const void* data, size_t size) override {
    bytes.append(static_cast<const char*>(data), size);
  }
};
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
  document.save(writer, "  ", pugi::format_indent, pugi::encoding_utf8);
  return std::move(writer.bytes);
}

}  // namespace castmap
