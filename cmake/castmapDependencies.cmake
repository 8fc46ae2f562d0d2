# The libraries castmap's library links, found the same way when castmap is built (the top-level
# CMakeLists.txt includes this file) and when an installed castmap is used (castmapConfig.cmake
# includes it, so a consumer's find_package(castmap) finds them too). A new dependency is one
# castmap_dependency() line at the end of this file:
#
#   castmap_dependency(<target> PACKAGE <find_package arguments>... DEB <Debian -dev package>)
#   castmap_dependency(<target> PKG_CONFIG <module> DEB <Debian -dev package>)
#
# For PKG_CONFIG, <target> is PkgConfig::<module>. castmap_core links every <target>
# (castmap_dependency_targets); libcastmap-dev depends on every DEB package
# (castmap_dependency_debs).

include(CMakeFindDependencyMacro)

# A macro, not a function: find_dependency() returns from the including file when a
# dependency is missing, and pkg_check_modules() sets its results in the caller's scope.
macro(castmap_dependency _castmap_target)
  cmake_parse_arguments(_castmap_dep "" "PKG_CONFIG;DEB" "PACKAGE" ${ARGN})
  if(_castmap_dep_PKG_CONFIG)
    if(castmap_finding_installed)
      find_dependency(PkgConfig)
      pkg_check_modules(${_castmap_dep_PKG_CONFIG} QUIET IMPORTED_TARGET ${_castmap_dep_PKG_CONFIG})
      if(NOT TARGET ${_castmap_target})
        set(castmap_FOUND FALSE)
        set(castmap_NOT_FOUND_MESSAGE
            "castmap needs the pkg-config module ${_castmap_dep_PKG_CONFIG} (${_castmap_dep_DEB})")
        return()
      endif()
    else()
      find_package(PkgConfig REQUIRED)
      pkg_check_modules(${_castmap_dep_PKG_CONFIG} REQUIRED IMPORTED_TARGET
                        ${_castmap_dep_PKG_CONFIG})
    endif()
  elseif(castmap_finding_installed)
    find_dependency(${_castmap_dep_PACKAGE})
  else()
    find_package(${_castmap_dep_PACKAGE} REQUIRED)
  endif()
  list(APPEND castmap_dependency_targets ${_castmap_target})
  list(APPEND castmap_dependency_debs ${_castmap_dep_DEB})
endmacro()

set(castmap_dependency_targets "")
set(castmap_dependency_debs "")
castmap_dependency(Threads::Threads PACKAGE Threads DEB libc6-dev)
castmap_dependency(yaml-cpp::yaml-cpp PACKAGE yaml-cpp DEB libyaml-cpp-dev)
castmap_dependency(pugixml::pugixml PACKAGE pugixml DEB libpugixml-dev)
castmap_dependency(date::date PACKAGE date DEB libhowardhinnant-date-dev)
castmap_dependency(nlohmann_json::nlohmann_json PACKAGE nlohmann_json 3 DEB nlohmann-json3-dev)
castmap_dependency(ZLIB::ZLIB PACKAGE ZLIB DEB zlib1g-dev)
castmap_dependency(PkgConfig::nettle PKG_CONFIG nettle DEB nettle-dev)
castmap_dependency(PkgConfig::libxxhash PKG_CONFIG libxxhash DEB libxxhash-dev)
castmap_dependency(PkgConfig::libutf8proc PKG_CONFIG libutf8proc DEB libutf8proc-dev)
castmap_dependency(CURL::libcurl PACKAGE CURL DEB libcurl4-openssl-dev)

# yaml-cpp 0.7 (Debian 12) names its target plainly; give it the namespaced spelling.
if(TARGET yaml-cpp AND NOT TARGET yaml-cpp::yaml-cpp)
  add_library(yaml-cpp::yaml-cpp ALIAS yaml-cpp)
endif()
