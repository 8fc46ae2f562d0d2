// Podlove Simple Chapters 1.2 (https://podlove.org/simple-chapters): a `psc:chapters` element
// holding `psc:chapter start="NPT" title="…" href="…" image="…"` elements, as a standalone
// document (chapters/<slug>.psc.xml) or inside an RSS item.
#pragma once

#include <pugixml.hpp>

#include <optional>
#include <string_view>
#include <vector>

#include "src/chapters/chapter_list.hpp"
#include "src/chapters/chapter_notes.hpp"
#include "src/model/diagnostics.hpp"

namespace castmap {

inline constexpr std::string_view kPscNamespace = "http://podlove.org/simple-chapters";

/// Reads a PSC document: its root must be `chapters` in the PSC namespace (any prefix; the
/// https spelling of the URI is accepted too), else chapter-file-invalid (an error, nullopt).
/// Each `chapter` child's `start` is Normal Play Time (`37`, `7:48`, `35:12.250`,
/// `05:12:03.500`); a missing or unreadable one drops the chapter (chapter-start-invalid).
/// `href` and `image` become url and img. Other elements and attributes are ignored.
std::optional<ChapterList> read_psc(std::string_view bytes, std::string_view path,
                                    DiagnosticSink& diagnostics);

/// Appends `<psc:chapters version="1.2">` with one `<psc:chapter>` per visible chapter
/// (toc: false ones cannot be marked hidden in PSC and are left out) to `parent`, e.g. an RSS
/// `<item>`. `declare_namespace` puts `xmlns:psc` on the element itself; leave it false when the
/// document's root declares it (once per feed). Starts are written `HH:MM:SS.mmm`. Returns
/// psc-no-chapters (and appends nothing) when there is no visible chapter: the spec requires
/// at least one.
std::vector<ChapterNote> append_psc_chapters(pugi::xml_node parent, const ChapterListView& view,
                                             bool declare_namespace);

/// The standalone document: the UTF-8 declaration and a `psc:chapters` root declaring the
/// namespace (empty, with psc-no-chapters, when no chapter is visible).
RenderedChapters write_psc(const ChapterListView& view);

}  // namespace castmap
