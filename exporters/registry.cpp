// The explicit exporter registry: adding a format means adding its file and one line below.
#include "exporters/registry.hpp"

#include <algorithm>
#include <cctype>
#include <memory>

namespace castmap {

// Each exporter file defines exactly one of these factories.
std::unique_ptr<Exporter> make_rss_exporter();
std::unique_ptr<Exporter> make_json_chapters_exporter();
std::unique_ptr<Exporter> make_webvtt_exporter();
std::unique_ptr<Exporter> make_sitemap_exporter();
std::unique_ptr<Exporter> make_atom_exporter();
std::unique_ptr<Exporter> make_json_feed_exporter();
std::unique_ptr<Exporter> make_transcripts_exporter();
std::unique_ptr<Exporter> make_psc_exporter();
std::unique_ptr<Exporter> make_ffmetadata_exporter();
std::unique_ptr<Exporter> make_matroska_exporter();
std::unique_ptr<Exporter> make_mp4chaps_exporter();
std::unique_ptr<Exporter> make_youtube_exporter();

namespace {
std::vector<std::unique_ptr<Exporter>> build_registry() {
  std::vector<std::unique_ptr<Exporter>> list;
  list.push_back(make_rss_exporter());
  list.push_back(make_json_chapters_exporter());
  list.push_back(make_webvtt_exporter());
  list.push_back(make_sitemap_exporter());
  list.push_back(make_atom_exporter());
  list.push_back(make_json_feed_exporter());
  list.push_back(make_transcripts_exporter());
  list.push_back(make_psc_exporter());
  list.push_back(make_ffmetadata_exporter());
  list.push_back(make_matroska_exporter());
  list.push_back(make_mp4chaps_exporter());
  list.push_back(make_youtube_exporter());
  return list;
}

bool iequals(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}
}  // namespace

const std::vector<const Exporter*>& all_exporters() {
  static const auto owned = build_registry();
  static const auto view = [] {
    std::vector<const Exporter*> pointers;
    for (const auto& e : owned) pointers.push_back(e.get());
    return pointers;
  }();
  return view;
}

const Exporter* find_exporter(std::string_view name) {
  for (const Exporter* e : all_exporters())
    if (iequals(e->info().name, name)) return e;
  return nullptr;
}

FormatSet published_formats(const std::vector<std::string>& names) {
  std::vector<const FormatInfo*> formats;
  for (const Exporter* e : all_exporters()) {
    const bool listed = names.empty()
                            ? e->info().on_by_default
                            : std::any_of(names.begin(), names.end(), [e](const std::string& name) {
                                return iequals(e->info().name, name);
                              });
    if (listed) formats.push_back(&e->info());
  }
  return FormatSet(std::move(formats));
}

}  // namespace castmap
