// Matroska chapters XML via pugixml.
#include "src/chapters/matroska.hpp"

#include <string>

#include "src/chapters/chapter_xml.hpp"
#include "src/chapters/clock_time.hpp"

namespace castmap {

namespace {

/// The text of an element, all its character data joined (a comment may split it).
std::string element_text(const pugi::xml_node& element) {
  std::string text;
  for (const pugi::xml_node child : element.children())
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata)
      text += child.value();
  return text;
}

std::string trimmed(std::string text) {
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

/// Counts what the reader leaves out, each kind named once.
struct LeftOut {
  std::size_t editions = 0, nested = 0, disabled = 0, displays = 0;
  FieldPosition first_edition, first_nested, first_disabled, first_display;

  void report(const std::string& path, DiagnosticSink& diagnostics) const {
    const auto note = [&](std::size_t count, FieldPosition at, const std::string& what) {
      if (count > 0)
        diagnostics.note({path, at.line, at.column}, "chapter-file-field-ignored",
                         std::to_string(count) + " " + what);
    };
    note(editions, first_edition, "more edition(s) were ignored: castmap reads the default one");
    note(nested, first_nested,
         "nested chapter(s) were ignored: castmap's chapters are a flat list");
    note(disabled, first_disabled, "disabled chapter(s) (ChapterFlagEnabled 0) were ignored");
    note(displays, first_display,
         "more ChapterDisplay(s) were ignored: castmap keeps the first title of a chapter");
  }
};

std::optional<std::int64_t> clock_of(const pugi::xml_node& element, bool& rounded) {
  const auto time = parse_clock(trimmed(element_text(element)), kMatroskaClock);
  if (!time) return std::nullopt;
  rounded = rounded || time->rounded;
  return time->milliseconds;
}

void append_text_element(pugi::xml_node parent, const char* name, std::string_view text) {
  parent.append_child(name).append_child(pugi::node_pcdata).set_value(text.data(), text.size());
}

}  // namespace

std::optional<ChapterList> read_matroska_chapters(std::string_view bytes, std::string_view path,
                                                  DiagnosticSink& diagnostics) {
  XmlChapterFile file(bytes, path);
  // A title of spaces only is still a title.
  if (!parse_xml_chapter_file(file, bytes, diagnostics, pugi::parse_ws_pcdata_single))
    return std::nullopt;
  const pugi::xml_node root = file.document.document_element();
  if (std::string_view(root.name()) != "Chapters") {
    diagnostics.error(file.where(root), "chapter-file-invalid",
                      "not Matroska chapters: the root element must be \"Chapters\"");
    return std::nullopt;
  }
  ChapterList list;
  list.source_path = std::string(path);
  LeftOut left_out;
  pugi::xml_node edition;
  for (const pugi::xml_node candidate : root.children("EditionEntry")) {
    if (!edition) {
      edition = candidate;
    } else if (trimmed(element_text(candidate.child("EditionFlagDefault"))) == "1" &&
               trimmed(element_text(edition.child("EditionFlagDefault"))) != "1") {
      edition = candidate;
    }
  }
  for (const pugi::xml_node other : root.children("EditionEntry"))
    if (other != edition && left_out.editions++ == 0)
      left_out.first_edition = file.position_of(other);
  RoundedTimes rounded_times;
  for (const pugi::xml_node atom : edition.children("ChapterAtom")) {
    for (const pugi::xml_node nested : atom.children("ChapterAtom"))
      if (left_out.nested++ == 0) left_out.first_nested = file.position_of(nested);
    ChapterEntry entry;
    entry.position = file.position_of(atom);
    if (trimmed(element_text(atom.child("ChapterFlagEnabled"))) == "0") {
      if (left_out.disabled++ == 0) left_out.first_disabled = entry.position;
      continue;
    }
    std::size_t displays = 0;
    for (const pugi::xml_node display : atom.children("ChapterDisplay")) {
      if (displays++ == 0) {
        entry.title = element_text(display.child("ChapterString"));
      } else if (left_out.displays++ == 0) {
        left_out.first_display = file.position_of(display);
      }
    }
    entry.toc = trimmed(element_text(atom.child("ChapterFlagHidden"))) != "1";
    bool rounded = false;
    const pugi::xml_node start = atom.child("ChapterTimeStart");
    const auto start_ms = start ? clock_of(start, rounded) : std::nullopt;
    if (!start_ms) {
      diagnostics.warning(file.where(atom), "chapter-start-invalid",
                          "chapter " + quoted_title(entry.title) + " was dropped: " +
                              (start ? "its ChapterTimeStart " + quoted_title(element_text(start)) +
                                           " is not HH:MM:SS.nnnnnnnnn"
                                     : std::string("it has no ChapterTimeStart")));
      continue;
    }
    entry.start_ms = *start_ms;
    if (const pugi::xml_node end = atom.child("ChapterTimeEnd")) {
      entry.end_ms = clock_of(end, rounded);
      if (!entry.end_ms)
        diagnostics.warning(file.where(end), "invalid-type",
                            "ChapterTimeEnd " + quoted_title(element_text(end)) +
                                " is not HH:MM:SS.nnnnnnnnn; ignored");
    }
    if (rounded) rounded_times.add(entry.position);
    list.chapters.push_back(std::move(entry));
  }
  left_out.report(list.source_path, diagnostics);
  rounded_times.report(list.source_path, diagnostics);
  return list;
}

RenderedChapters write_matroska_chapters(const ChapterListView& view) {
  pugi::xml_document document = new_chapter_xml_document();
  pugi::xml_node edition = document.append_child("Chapters").append_child("EditionEntry");
  std::string time, scratch;
  const std::size_t count = view.chapters.size();
  for (std::size_t i = 0; i < count; ++i) {
    const ChapterView& chapter = view.chapters[i];
    pugi::xml_node atom = edition.append_child("ChapterAtom");
    time.clear();
    append_matroska_clock(time, chapter.start_ms);
    append_text_element(atom, "ChapterTimeStart", time);
    const auto end = written_end(view, i, i + 1 < count ? std::optional(i + 1) : std::nullopt);
    if (end && *end > chapter.start_ms) {
      time.clear();
      append_matroska_clock(time, *end);
      append_text_element(atom, "ChapterTimeEnd", time);
    }
    if (!chapter.toc) append_text_element(atom, "ChapterFlagHidden", "1");
    pugi::xml_node display = atom.append_child("ChapterDisplay");
    append_text_element(display, "ChapterString", xml_safe(chapter.title, scratch));
    append_text_element(display, "ChapterLanguage", "und");
  }
  RenderedChapters rendered;
  rendered.bytes = save_chapter_xml(document);
  return rendered;
}

}  // namespace castmap
