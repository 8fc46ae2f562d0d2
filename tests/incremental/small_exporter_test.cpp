// A new exporter gets incremental re-runs for free: this one writes a file per episode and one
// file assembled from per-episode fragments, with no caching code at all (NotesExporter, under
// 60 lines), and a re-run after one edit renders only what that edit touched.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>

#include "exporters/exporter.hpp"
#include "src/incremental/renderer.hpp"
#include "src/output/output_writer.hpp"
#include "tests/support/catalog_fixtures.hpp"
#include "tests/support/golden_support.hpp"

using namespace castmap;
namespace fs = std::filesystem;

namespace {

std::atomic<int> files_rendered{0}, fragments_rendered{0};  // the test's own counters

// ---- the whole exporter -------------------------------------------------------------------
/// notes/<slug>.txt per episode, and notes/index.txt listing every episode.
class NotesExporter final : public Exporter {
 public:
  const FormatInfo& info() const override {
    static const FormatInfo format{"notes", "plain-text notes", "text/plain", "notes/{slug}.txt"};
    return format;
  }
  bool writes_episode_files() const override { return true; }
  std::optional<std::string> render_episode_file(const RenderContext&, const Episode& episode,
                                                 RenderReport& report) const override {
    ++files_rendered;
    if (episode.description.empty())
      report.warning(episode.location_of("description"), "notes-empty", "no description");
    return episode.title + "\n\n" + episode.description + "\n";
  }

  class Index final : public Assembly {
   public:
    explicit Index(const RenderContext& ctx) : ctx_(ctx) {
      path = "notes/index.txt";
      for (std::size_t i = 0; i < ctx.catalog.episodes.size(); ++i) members.push_back(i);
    }
    std::string head() const override { return "Episodes of " + ctx_.config.site.title + "\n"; }
    std::string tail() const override { return "(end)\n"; }
    void append_fragment(std::size_t member, std::string& out, RenderReport&) const override {
      ++fragments_rendered;
      const Episode& episode = ctx_.catalog.episodes[member];
      out += "- " + episode.slug + ": " + episode.title + "\n";
    }

   private:
    const RenderContext& ctx_;
  };
  std::vector<std::unique_ptr<Assembly>> plan_assemblies(const RenderContext& ctx,
                                                         RenderReport&) const override {
    std::vector<std::unique_ptr<Assembly>> files;
    files.push_back(std::make_unique<Index>(ctx));
    return files;
  }
};
// -------------------------------------------------------------------------------------------

Episode episode(int n) {
  Episode e = testing::sample_episode("ep-" + std::to_string(n));
  e.title = "Episode " + std::to_string(n);
  if (n % 3 == 0) e.description.clear();
  e.published = std::chrono::sys_seconds(std::chrono::hours(24 * (1000 - n)));
  return e;
}

struct Run {
  std::map<std::string, std::string> files;
  std::vector<Diagnostic> diagnostics;
  int files_rendered = 0, fragments_rendered = 0;
};

Run render(const Catalog& catalog, const fs::path& folder) {
  files_rendered = fragments_rendered = 0;
  Config config;
  config.site.title = "Notes";
  DiagnosticSink diagnostics;
  const FormatSet formats;
  const RenderContext ctx{catalog, config, formats};
  {
    OutputWriter writer(WriterOptions{folder});
    Renderer renderer(ctx, input_keys_of(catalog, 7), writer, &writer, diagnostics);
    renderer.render(NotesExporter());
    renderer.finish();
    writer.finish();
  }
  return {testing::read_tree(folder), diagnostics.sorted(), files_rendered, fragments_rendered};
}

}  // namespace

TEST_CASE("a small exporter without caching code gets incremental re-runs", "[incremental]") {
  testing::TempDir work("castmap-small-exporter");
  Catalog catalog;
  for (int n = 1; n <= 30; ++n) catalog.episodes.push_back(episode(n));
  catalog.index();
  const fs::path folder = work.path() / "out";
  const Run cold = render(catalog, folder);
  CHECK(cold.files_rendered == 30);
  CHECK(cold.fragments_rendered == 30);
  CHECK(cold.diagnostics.size() == 10);
  // Age the outputs and let a run record it: files written in the manifest's clock tick are
  // compared, never kept.
  for (const auto& entry : fs::recursive_directory_iterator(folder))
    if (entry.is_regular_file() && !entry.path().filename().string().starts_with(".castmap"))
      fs::last_write_time(entry.path(), fs::file_time_type::clock::now() - std::chrono::hours(1));
  render(catalog, folder);

  const Run unchanged = render(catalog, folder);
  CHECK(unchanged.files_rendered == 0);  // every file kept, its findings reported again
  CHECK(unchanged.fragments_rendered == 0);
  CHECK(unchanged.diagnostics == cold.diagnostics);

  catalog.episodes[4].title = "Episode 5, retitled";
  const Run edited = render(catalog, folder);
  CHECK(edited.files_rendered == 1);      // only the edited episode's file
  CHECK(edited.fragments_rendered == 1);  // index.txt: the other 29 lines recalled
  CHECK(edited.diagnostics == cold.diagnostics);
  testing::TempDir fresh("castmap-small-exporter-cold");
  CHECK(testing::compare_trees(render(catalog, fresh.path() / "out").files, edited.files) == "");
}
