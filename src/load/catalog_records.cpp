// Show, person and technology parsing. Keys other than the ones listed in catalog_records.hpp
// are ignored, as for episodes.
#include "src/load/catalog_records.hpp"

#include "src/base/url_check.hpp"
#include "src/load/front_matter_document.hpp"
#include "src/load/input_text.hpp"
#include "src/load/json_object.hpp"
#include "src/load/yaml_fields.hpp"

namespace castmap {

namespace {

/// Person fields shared by the JSON and front-matter forms; several spellings are in use.
enum class PersonKey { name, handle, url, image, other };

PersonKey person_key(std::string_view key) {
  if (key == "name") return PersonKey::name;
  if (key == "handle") return PersonKey::handle;
  if (key == "href" || key == "url" || key == "website") return PersonKey::url;
  if (key == "img" || key == "image" || key == "avatar") return PersonKey::image;
  return PersonKey::other;
}

/// The first of several spellings (href/url/website, img/image/avatar) wins.
void assign_person_field(Person& person, PersonKey which, std::string text) {
  switch (which) {
    case PersonKey::name:
      person.name = std::move(text);
      break;
    case PersonKey::handle:
      person.handle = std::move(text);
      break;
    case PersonKey::url:
      if (!person.url) person.url = std::move(text);
      break;
    case PersonKey::image:
      if (!person.image) person.image = std::move(text);
      break;
    case PersonKey::other:
      break;
  }
}

/// A person's link (`href`/`url`/`website`, `img`/`image`/`avatar`) as check_url() leaves it;
/// nullopt after report(message) when it fails, so that a `javascript:` or relative link never
/// reaches podcast:person. Other fields pass unchanged.
template <typename Report>
std::optional<std::string> checked_person_field(PersonKey which, std::string_view key,
                                                std::string text, const Report& report) {
  if (which != PersonKey::url && which != PersonKey::image) return text;
  CheckedUrl checked = check_url(text);
  if (checked.ok()) return std::move(checked.url);
  report(dropped_link_message("person " + std::string(key), text, checked));
  return std::nullopt;
}

}  // namespace

std::optional<Show> parse_show(std::string_view bytes, std::string_view path,
                               std::string_view file_id, const LoaderLimits& limits,
                               DiagnosticSink& diagnostics) {
  auto document = parse_front_matter_document(bytes, path, limits, diagnostics);
  if (!document) return std::nullopt;
  YamlFields fields(path, document->yaml_first_line, diagnostics);
  Show show;
  show.source_path = path;
  show.file_id = file_id;
  for (const auto& [key, value] : document->root().pairs()) {
    if (!key.IsScalar() || value.IsNull()) continue;
    const std::string_view name = key.Scalar();
    if (name != "id" && name != "name" && name != "description" && name != "hosts") continue;
    show.positions.insert_or_assign(std::string(name), fields.value_position(key, value));
    if (name == "id") {
      if (auto id = fields.text(value, name)) show.id = std::move(*id);
    } else if (name == "name") {
      if (auto text = fields.text(value, name)) show.name = std::move(*text);
    } else if (name == "description") {
      if (auto text = fields.text(value, name)) show.description = std::move(*text);
    } else {
      show.hosts = fields.text_list(value, name, &show.positions);
    }
  }
  // The front matter id wins over the file name (the catalog links episodes by it).
  if (show.id.empty()) show.id = file_id;
  return show;
}

std::optional<Person> parse_person_json(std::string_view bytes, std::string_view path,
                                        std::string_view id, const LoaderLimits& limits,
                                        DiagnosticSink& diagnostics) {
  if (bytes.size() > limits.max_file_bytes) {
    diagnostics.error({std::string(path), 0, 0}, "file-too-large",
                      "file is " + std::to_string(bytes.size()) + " bytes, over the limit of " +
                          std::to_string(limits.max_file_bytes));
    return std::nullopt;
  }
  std::string cleaned;
  std::string_view input = clean_input(bytes, path, diagnostics, cleaned);
  auto members = read_json_object(input, path, diagnostics);
  if (!members) return std::nullopt;
  Person person;
  person.id = id;
  person.source_path = path;
  for (JsonMember& member : *members) {
    PersonKey which = person_key(member.key);
    if (which == PersonKey::other || member.kind == JsonMember::Kind::null) continue;
    if (member.kind != JsonMember::Kind::scalar) {
      diagnostics.warning(
          {std::string(path), member.position.line, member.position.column}, "invalid-type",
          member.key + " must be a single value, not " +
              (member.kind == JsonMember::Kind::array ? "an array" : "an object") + "; ignored");
      continue;
    }
    // A link is located at its member (the JSON position), so a dropped one is easy to find.
    std::optional<std::string> text =
        checked_person_field(which, member.key, std::move(member.text), [&](std::string message) {
          diagnostics.warning({std::string(path), member.position.line, member.position.column},
                              "invalid-link", std::move(message));
        });
    if (text) assign_person_field(person, which, std::move(*text));
  }
  return person;
}

std::optional<Person> parse_person_front_matter(std::string_view bytes, std::string_view path,
                                                std::string_view id, const LoaderLimits& limits,
                                                DiagnosticSink& diagnostics) {
  auto document = parse_front_matter_document(bytes, path, limits, diagnostics);
  if (!document) return std::nullopt;
  YamlFields fields(path, document->yaml_first_line, diagnostics);
  Person person;
  person.id = id;
  person.source_path = path;
  for (const auto& [key, value] : document->root().pairs()) {
    if (!key.IsScalar()) continue;
    PersonKey which = person_key(key.Scalar());
    if (which == PersonKey::other) continue;
    auto text = fields.text(value, key.Scalar());
    const auto& link_node = value;  // a lambda may not capture a structured binding (C++20)
    if (text)
      text = checked_person_field(which, key.Scalar(), std::move(*text), [&](std::string message) {
        fields.warning(link_node, "invalid-link", std::move(message));
      });
    if (!text) continue;
    assign_person_field(person, which, std::move(*text));
  }
  return person;
}

std::optional<Technology> parse_technology(std::string_view bytes, std::string_view path,
                                           std::string_view id, const LoaderLimits& limits,
                                           DiagnosticSink& diagnostics) {
  auto document = parse_front_matter_document(bytes, path, limits, diagnostics);
  if (!document) return std::nullopt;
  YamlFields fields(path, document->yaml_first_line, diagnostics);
  Technology technology;
  technology.id = id;
  technology.source_path = path;
  if (auto name = document->root().find("name")) {
    if (auto text = fields.text(*name, "name")) technology.name = std::move(*text);
  }
  if (technology.name.empty()) technology.name = technology.id;
  return technology;
}

}  // namespace castmap
