# `cpack -G DEB` (run in the build folder): two Debian packages from the install components,
# `castmap` (the tool) and `libcastmap-dev` (the library for find_package(castmap)). The tool's
# dependencies come from dpkg-shlibdeps, the library's from cmake/castmapDependencies.cmake.
set(CASTMAP_PACKAGE_MAINTAINER
    "castmap maintainers <maintainers@users.noreply.r-seed-3e5c88cb.example>"
    CACHE STRING "Maintainer field of the .deb packages")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME castmap)
set(CPACK_PACKAGE_VENDOR "castmap")
set(CPACK_PACKAGE_CONTACT "${CASTMAP_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/packages)
set(CPACK_STRIP_FILES ON)
set(CPACK_COMPONENTS_ALL castmap dev)
set(CPACK_DEB_COMPONENT_INSTALL ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # <name>_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_ENABLE_COMPONENT_DEPENDS OFF)

set(CPACK_DEBIAN_CASTMAP_PACKAGE_NAME castmap)
set(CPACK_DEBIAN_CASTMAP_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_CASTMAP_DESCRIPTION
"podcast feeds, chapter files and sitemaps from a Markdown catalog
castmap turns a catalog of episodes (Markdown files with YAML front matter)
into podcast RSS feeds (RSS 2.0 with the iTunes and Podcasting 2.0
namespaces), JSON and WebVTT chapter files, and XML sitemaps with the video
extension. Output is deterministic, every file is written atomically,
unchanged files are not touched and stale ones are pruned, so it can run
unattended from cron, systemd timers or Kubernetes.")

set(CPACK_DEBIAN_DEV_PACKAGE_NAME libcastmap-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
string(REPLACE ";" ", " CPACK_DEBIAN_DEV_PACKAGE_DEPENDS "${castmap_dependency_debs}")
set(CPACK_DEBIAN_DEV_DESCRIPTION
"castmap library: podcast feeds and sitemaps from a Markdown catalog
The static library and headers of castmap, with its CMake package:
find_package(castmap) gives the target castmap::castmap.")

include(CPack)
