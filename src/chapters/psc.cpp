// Podlove Simple Chapters, via pugixml.
#include "src/chapters/psc.hpp"

#include <string>

#include "src/chapters/chapter_xml.hpp"
#include "src/chapters/clock_time.hpp"

namespace castmap {

namespace {

bool is_psc_namespace(std::string_view uri) {
  return uri == kPscNamespace || uri == "https://podlove.org/simple-chapters";
}

void set_attribute(pugi::xml_node node, const char* name, std::string_view value,
                   std::string& scratch) {
  const std::string_view safe = xml_safe(value, scratch);
  node.append_attribute(name).set_value(safe.data(), safe.size());
}

ChapterNote no_chapters_note() {
  return {Severity::warning, "psc-no-chapters",
          "no visible chapter to write: a psc:chapters element needs at least one", 1,
          std::nullopt};
}

pugi::xml_node append_root(pugi::xml_node parent, bool declare_namespace) {
  pugi::xml_node chapters = parent.append_child("psc:chapters");
  chapters.append_attribute("version") = "1.2";
  if (declare_namespace)
    chapters.append_attribute("xmlns:psc").set_value(kPscNamespace.data(), kPscNamespace.size());
  return chapters;
}

void append_chapter_elements(pugi::xml_node chapters, const ChapterListView& view) {
  std::string start, scratch;
  for (const ChapterView& chapter : view.chapters) {
    if (!chapter.toc) continue;
    pugi::xml_node element = chapters.append_child("psc:chapter");
    start.clear();
    append_clock(start, chapter.start_ms);
    element.append_attribute("start").set_value(start.data(), start.size());
    set_attribute(element, "title", chapter.title, scratch);
    if (chapter.url) set_attribute(element, "href", *chapter.url, scratch);
    if (chapter.image) set_attribute(element, "image", *chapter.image, scratch);
  }
}

}  // namespace

std::optional<ChapterList> read_psc(std::string_view bytes, std::string_view path,
                                    DiagnosticSink& diagnostics) {
  XmlChapterFile file(bytes, path);
  if (!parse_xml_chapter_file(file, bytes, diagnostics)) return std::nullopt;
  const pugi::xml_node root = file.document.document_element();
  if (local_name(root) != "chapters" || !is_psc_namespace(namespace_of(root))) {
    diagnostics.error(file.where(root), "chapter-file-invalid",
                      "not Podlove Simple Chapters: the root element must be \"chapters\" in the "
                      "namespace " +
                          std::string(kPscNamespace));
    return std::nullopt;
  }
  ChapterList list;
  list.source_path = std::string(path);
  RoundedTimes rounded;
  for (const pugi::xml_node element : root.children()) {
    if (element.type() != pugi::node_element || local_name(element) != "chapter" ||
        !is_psc_namespace(namespace_of(element)))
      continue;
    ChapterEntry entry;
    entry.position = file.position_of(element);
    entry.title = element.attribute("title").value();
    if (const pugi::xml_attribute href = element.attribute("href")) entry.url = href.value();
    if (const pugi::xml_attribute image = element.attribute("image")) entry.image = image.value();
    const pugi::xml_attribute start = element.attribute("start");
    const auto time = start ? parse_clock(start.value(), kNptClock) : std::nullopt;
    if (!time) {
      diagnostics.warning(
          file.where(element), "chapter-start-invalid",
          "chapter " + quoted_title(entry.title) + " was dropped: " +
              (start ? "its start " + quoted_title(start.value()) +
                           " is not Normal Play Time (37, 7:48, 35:12.250, 05:12:03.500)"
                     : std::string("it has no start")));
      continue;
    }
    if (time->rounded) rounded.add(entry.position);
    entry.start_ms = time->milliseconds;
    list.chapters.push_back(std::move(entry));
  }
  rounded.report(list.source_path, diagnostics);
  return list;
}

std::vector<ChapterNote> append_psc_chapters(pugi::xml_node parent, const ChapterListView& view,
                                             bool declare_namespace) {
  if (!has_visible_chapter(view)) return {no_chapters_note()};
  append_chapter_elements(append_root(parent, declare_namespace), view);
  return {};
}

RenderedChapters write_psc(const ChapterListView& view) {
  pugi::xml_document document = new_chapter_xml_document();
  pugi::xml_node chapters = append_root(document, true);
  RenderedChapters rendered;
  if (has_visible_chapter(view)) {
    append_chapter_elements(chapters, view);
  } else {
    rendered.notes.push_back(no_chapters_note());
  }
  rendered.bytes = save_chapter_xml(document);
  return rendered;
}

}  // namespace castmap
