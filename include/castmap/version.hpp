// castmap's version, and the versioned namespace every public declaration lives in (fmt's
// scheme). CMake reads the project version from the three macros below: change it here.
#pragma once

#define CASTMAP_VERSION_MAJOR 0
#define CASTMAP_VERSION_MINOR 1
#define CASTMAP_VERSION_PATCH 0

/// MAJOR * 10000 + MINOR * 100 + PATCH, for `#if CASTMAP_VERSION_NUMBER >= 100`.
#define CASTMAP_VERSION_NUMBER \
  (CASTMAP_VERSION_MAJOR * 10000 + CASTMAP_VERSION_MINOR * 100 + CASTMAP_VERSION_PATCH)

// Public declarations go between these. The inline namespace is part of every mangled name:
// when an ABI change bumps it, a program mixing old headers with a new library fails to link
// instead of misbehaving. It is v0 while castmap is 0.x.
#define CASTMAP_BEGIN_NAMESPACE \
  namespace castmap {           \
  inline namespace v0 {
#define CASTMAP_END_NAMESPACE \
  }                           \
  }

CASTMAP_BEGIN_NAMESPACE

/// The version of the castmap headers in use, as CASTMAP_VERSION_NUMBER.
inline constexpr int version_number = CASTMAP_VERSION_NUMBER;

CASTMAP_END_NAMESPACE
