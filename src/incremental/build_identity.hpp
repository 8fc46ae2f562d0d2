// The identity of the running castmap build, folded into the configuration fingerprint: state
// that castmap keeps between runs (parse cache, run state, inputs digests in the manifest) is
// only trusted by the very build that wrote it, even when two builds share a version number
// (development builds, a patched package).
#pragma once

#include <cstdint>

namespace castmap {

/// Size and modification time of the running executable (/proc/self/exe), hashed; computed
/// once per process. 0 when the executable cannot be inspected (then only the version counts).
std::uint64_t build_identity();

}  // namespace castmap
