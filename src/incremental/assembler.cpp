// Assembling files from fragments (see assembler.hpp): the fragment stream, then one path for a
// single file and one for a family of parts.
#include "src/incremental/assembler.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "exporters/gzip.hpp"
#include "src/base/parallel.hpp"
#include "src/incremental/findings_codec.hpp"

namespace castmap {
namespace {

/// A member's fragment in the order of the assembly, as rendered or recalled.
struct Piece {
  std::string_view bytes;
  const void* source = nullptr;  ///< the buffer `bytes` points into (pieces of one join up)
  std::size_t member = 0;
  std::uint64_t key = 0;  ///< 0: not remembered for the next run
  std::string note;       ///< the findings, encoded, to remember with it
};

/// The fragments of an assembly, in member order, rendered (or recalled) a wave at a time in
/// parallel chunks as they are asked for. Each wave's rendered bytes sit in one buffer per chunk,
/// so that consecutive pieces are handed on as one write; the wave before the current one stays
/// alive, so a consumer may hold a joined-up run of pieces across one wave boundary.
class FragmentStream {
 public:
  FragmentStream(const Assembly& assembly, const AssemblySetup& setup)
      : assembly_(assembly), setup_(setup) {}

  /// The next piece with bytes, or null when every member was taken.
  Piece* next() {
    while (true) {
      for (; at_ < current_.pieces.size(); ++at_)
        if (!current_.pieces[at_].bytes.empty()) return &current_.pieces[at_];
      if (rendered_ == assembly_.members.size()) return nullptr;
      render_wave();
    }
  }
  /// Moves past the piece next() returned.
  void drop() { ++at_; }
  std::vector<Finding>& findings() { return findings_; }
  /// Takes every remaining piece (when the target did not ask for the bytes, e.g. after a failed
  /// write: the findings must still be made).
  void drain() {
    while (next()) drop();
  }

 private:
  static constexpr std::size_t kChunkMembers = 128;
  static constexpr std::size_t kWaveChunks = 16;

  struct Chunk {
    std::string buffer;
    std::vector<Finding> findings;
  };
  struct Wave {
    std::vector<Chunk> chunks;
    std::vector<Piece> pieces;
  };

  void render_wave() {
    previous_ = std::move(current_);
    current_ = Wave{};
    at_ = 0;
    const std::size_t first = rendered_;
    const std::size_t count =
        std::min(kChunkMembers * kWaveChunks, assembly_.members.size() - first);
    const std::size_t chunk_count = (count + kChunkMembers - 1) / kChunkMembers;
    current_.chunks.resize(chunk_count);
    current_.pieces.resize(count);
    parallel_for(chunk_count, [&](std::size_t c) {
      const std::size_t begin = c * kChunkMembers, end = std::min(count, begin + kChunkMembers);
      render_chunk(current_.chunks[c], first + begin, first + end, &current_.pieces[begin]);
    });
    for (Chunk& chunk : current_.chunks)
      for (Finding& finding : chunk.findings) findings_.push_back(std::move(finding));
    rendered_ += count;
  }

  /// Members [begin, end) of the assembly into `chunk`, their pieces into `pieces`.
  void render_chunk(Chunk& chunk, std::size_t begin, std::size_t end, Piece* pieces) {
    const bool episodes = assembly_.episode_members;
    std::vector<std::pair<std::size_t, std::size_t>> spans(end - begin);  // rendered: at, size
    for (std::size_t m = begin; m < end; ++m) {
      Piece& piece = pieces[m - begin];
      piece.member = assembly_.members[m];
      piece.key =
          episodes ? setup_.keys.fragment(piece.member, setup_.exporter, assembly_.path) : 0;
      if (recall(piece, chunk)) continue;
      RenderReport report;
      const std::size_t at = chunk.buffer.size();
      assembly_.append_fragment(piece.member, chunk.buffer, report);
      spans[m - begin] = {at, chunk.buffer.size() - at};
      piece.source = &chunk.buffer;
      piece.note = encode_findings(report.items());
      add_findings(chunk, piece.member, report.take());
    }
    // The buffer is complete: point the rendered pieces into it.
    for (std::size_t m = begin; m < end; ++m) {
      Piece& piece = pieces[m - begin];
      if (piece.source == &chunk.buffer)
        piece.bytes =
            std::string_view(chunk.buffer).substr(spans[m - begin].first, spans[m - begin].second);
    }
  }

  /// Takes the piece from the last run's file when it is there for the same inputs.
  bool recall(Piece& piece, Chunk& chunk) {
    if (piece.key == 0 || !setup_.fragments) return false;
    const std::optional<RecalledFragment> recalled =
        setup_.fragments->recall(setup_.exporter, piece.key);
    if (!recalled || recalled->bytes.empty()) return false;
    std::optional<std::vector<Diagnostic>> findings = decode_findings(recalled->note);
    if (!findings) return false;  // a damaged note: render, which reports again
    piece.bytes = recalled->bytes;
    // Recalled pieces join up by address alone: the old file's bytes, in their order there.
    piece.source = nullptr;
    piece.note = std::string(recalled->note);
    add_findings(chunk, piece.member, std::move(*findings));
    return true;
  }

  void add_findings(Chunk& chunk, std::size_t member, std::vector<Diagnostic> found) {
    const std::size_t episode =
        assembly_.episode_members ? member : std::numeric_limits<std::size_t>::max();
    for (Diagnostic& d : found) chunk.findings.push_back({episode, std::move(d)});
  }

  const Assembly& assembly_;
  const AssemblySetup& setup_;
  Wave previous_, current_;
  std::size_t at_ = 0;        ///< the next piece of `current_`
  std::size_t rendered_ = 0;  ///< members rendered (or recalled) so far
  std::vector<Finding> findings_;
};

/// Hands consecutive pieces on as one write when they lie one after another in one buffer (a
/// chunk's rendered bytes, or an old file's recalled ones).
class JoinedWriter {
 public:
  explicit JoinedWriter(const OutputTarget::PieceWriter& write) : write_(write) {}
  void add(const Piece& piece) {
    if (!run_.empty() && piece.source == source_ && run_.data() + run_.size() == piece.bytes.data())
      run_ = std::string_view(run_.data(), run_.size() + piece.bytes.size());
    else {
      flush();
      run_ = piece.bytes;
      source_ = piece.source;
    }
  }
  void write(std::string_view bytes) {
    flush();
    write_(bytes);
  }
  void flush() {
    if (!run_.empty()) write_(run_);
    run_ = {};
  }

 private:
  const OutputTarget::PieceWriter& write_;
  std::string_view run_;
  const void* source_ = nullptr;
};

/// The notes the last run kept with every member's fragment in the file `path`, decoded:
/// nullopt when one is not known (then the file is rendered again, to report them).
std::optional<std::vector<Finding>> recorded_findings(const Assembly& assembly,
                                                      const AssemblySetup& setup) {
  std::vector<Finding> findings;
  for (const std::size_t member : assembly.members) {
    const std::optional<std::string_view> note = setup.fragments->recorded_note(
        setup.exporter, assembly.path, setup.keys.fragment(member, setup.exporter, assembly.path));
    if (!note) return std::nullopt;
    std::optional<std::vector<Diagnostic>> found = decode_findings(*note);
    if (!found) return std::nullopt;
    for (Diagnostic& d : *found) findings.push_back({member, std::move(d)});
  }
  return findings;
}

/// One file: kept when the last run assembled it from the same inputs, else streamed.
AssemblyResult assemble_file(const Assembly& assembly, const AssemblySetup& setup) {
  AssemblyResult result;
  result.parts.push_back({&assembly, assembly.path, {}, 0});
  const std::uint64_t key =
      assembly.episode_members
          ? setup.keys.assembly(setup.exporter, assembly.path, assembly.members)
          : 0;
  if (key != 0 && setup.folder && setup.fragments) {
    const Manifest& previous = setup.folder->previous_manifest();
    const auto known = previous.find(assembly.path);
    if (known != previous.end() && known->second.inputs == key) {
      std::optional<std::vector<Finding>> findings = recorded_findings(assembly, setup);
      if (findings && setup.folder->keep_if_unchanged(setup.exporter, assembly.path, key)) {
        result.parts.back().members = assembly.members;
        result.findings = std::move(*findings);
        return result;
      }
    }
  }

  FragmentStream stream(assembly, setup);
  std::vector<FragmentPlacement> placed;
  bool produced = false;
  const std::string head = assembly.head();
  setup.out.write_streamed(
      setup.exporter, assembly.path,
      [&](const OutputTarget::PieceWriter& write) {
        produced = true;
        JoinedWriter out(write);
        out.write(head);
        std::uint64_t offset = head.size();
        bool first = true;
        while (Piece* piece = stream.next()) {
          if (!first && !assembly.separator.empty()) {
            out.write(assembly.separator);
            offset += assembly.separator.size();
          }
          first = false;
          out.add(*piece);
          result.parts.back().members.push_back(piece->member);
          if (piece->key != 0)
            placed.push_back({piece->key, offset, static_cast<std::uint32_t>(piece->bytes.size()),
                              std::move(piece->note)});
          offset += piece->bytes.size();
          stream.drop();
        }
        out.write(assembly.tail());
      },
      {key, {}});
  if (!produced) stream.drain();
  if (setup.fragments && produced) setup.fragments->remember(assembly.path, std::move(placed));
  result.findings = std::move(stream.findings());
  return result;
}

/// A family of parts: filled in member order to at most max_fragments fragments and max_bytes
/// bytes each (exactly: the sizes are the real bytes). Parts whose name is known up front and
/// that are not compressed stream to their files as they fill; the others are collected whole.
AssemblyResult assemble_parts(const Assembly& assembly, const AssemblySetup& setup) {
  const PartLimits& limits = *assembly.split;
  const std::string head = assembly.head(), tail = assembly.tail();
  const std::size_t frame = head.size() + tail.size();
  const bool streamed = !assembly.gzip && !limits.unnumbered_when_only;
  const std::size_t max_fragments = std::max<std::size_t>(limits.max_fragments, 1);
  constexpr std::size_t kPieceBytes = 256 * 1024;
  AssemblyResult result;
  FragmentStream stream(assembly, setup);
  while (Piece* first = stream.next()) {
    (void)first;
    AssembledPart part{
        &assembly,
        limits.prefix + "-" + std::to_string(result.parts.size() + 1) + limits.extension,
        {},
        0};
    bool filled = false;
    std::vector<FragmentPlacement> placed;
    const auto fill = [&](const OutputTarget::PieceWriter& write) {
      filled = true;
      std::string piece_bytes(head);
      std::size_t bytes = frame;
      while (Piece* piece = stream.next()) {
        const std::size_t size = piece->bytes.size();
        const std::string_view separator =
            part.members.empty() ? std::string_view() : std::string_view(assembly.separator);
        if (!part.members.empty() && (part.members.size() >= max_fragments ||
                                      bytes + separator.size() + size > limits.max_bytes))
          break;
        if (frame + size > limits.max_bytes) ++part.oversized_fragments;
        piece_bytes += separator;
        bytes += separator.size();
        if (streamed && piece->key != 0)
          placed.push_back({piece->key, head.size() + (bytes - frame),
                            static_cast<std::uint32_t>(size), std::move(piece->note)});
        piece_bytes += piece->bytes;
        bytes += size;
        part.members.push_back(piece->member);
        stream.drop();
        if (piece_bytes.size() >= kPieceBytes) {
          write(piece_bytes);
          piece_bytes.clear();
        }
      }
      piece_bytes += tail;
      write(piece_bytes);
    };
    if (streamed) {
      setup.out.write_streamed(setup.exporter, part.path, fill, {});
      // A writer that has already failed does not ask for the bytes; the fragments still have
      // to be taken, or this loop would never end.
      if (!filled) fill([](std::string_view) {});
      if (setup.fragments) setup.fragments->remember(part.path, std::move(placed));
    } else {
      std::string bytes;
      // Filled to at most max_bytes (50 MB): growing by doubling would hold the old and the
      // new buffer at once, and pages reserved but never touched cost no memory.
      bytes.reserve(std::min<std::size_t>(limits.max_bytes, std::size_t{64} << 20) + tail.size());
      fill([&bytes](std::string_view piece) { bytes += piece; });
      if (limits.unnumbered_when_only && result.parts.empty() && stream.next() == nullptr)
        part.path = limits.prefix + limits.extension;
      // A target may keep what it gets (tests do): a small part is not handed over in a large
      // buffer.
      if (!assembly.gzip && bytes.capacity() > 2 * bytes.size()) bytes.shrink_to_fit();
      setup.out.write(setup.exporter, part.path,
                      assembly.gzip ? gzip_compress(bytes) : std::move(bytes), {});
    }
    result.parts.push_back(std::move(part));
  }
  result.findings = std::move(stream.findings());
  return result;
}

}  // namespace

AssemblyResult assemble(const Assembly& assembly, const AssemblySetup& setup) {
  return assembly.split ? assemble_parts(assembly, setup) : assemble_file(assembly, setup);
}

}  // namespace castmap
