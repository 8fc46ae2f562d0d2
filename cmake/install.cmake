# `cmake --install` and the CMake package: the tool (component `castmap`: binary, man page, bash
# completion, JSON Schema of castmap.yaml, copyright) and the library (component `dev`:
# libcastmap.a, <castmap/...> headers, castmapConfig.cmake with castmap::castmap), then the .deb
# packages built from those components (cmake/package.cmake). Included from the top-level CMakeLists.txt when CASTMAP_INSTALL is on.
include(CMakePackageConfigHelpers)

set(CASTMAP_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/castmap)
set(CASTMAP_DEV_DOCDIR ${CMAKE_INSTALL_DATAROOTDIR}/doc/libcastmap-dev)

install(TARGETS castmap RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT castmap)
install(TARGETS castmap_core EXPORT castmapTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/castmap
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT dev FILES_MATCHING PATTERN "*.hpp")
install(EXPORT castmapTargets NAMESPACE castmap:: DESTINATION ${CASTMAP_CMAKE_DIR} COMPONENT dev)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/castmapConfig.cmake.in
  ${PROJECT_BINARY_DIR}/castmapConfig.cmake INSTALL_DESTINATION ${CASTMAP_CMAKE_DIR})
# While castmap is 0.x a minor release may change the API, so 0.1.x satisfies
# find_package(castmap 0.1) but 0.2 does not; from 1.0 on this becomes SameMajorVersion.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/castmapConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/castmapConfig.cmake
              ${PROJECT_BINARY_DIR}/castmapConfigVersion.cmake
              ${PROJECT_SOURCE_DIR}/cmake/castmapDependencies.cmake
  DESTINATION ${CASTMAP_CMAKE_DIR} COMPONENT dev)

# The man page and the changelog are installed gzipped (-n: no name or time stamp inside, so the
# package is reproducible), as Debian policy wants.
find_program(CASTMAP_GZIP gzip REQUIRED)
set(_castmap_gzipped "")
foreach(_source docs/man/castmap.1 packaging/changelog)
  get_filename_component(_name ${_source} NAME)
  set(_copy ${PROJECT_BINARY_DIR}/gzipped/${_name})
  add_custom_command(OUTPUT ${_copy}.gz
    COMMAND ${CMAKE_COMMAND} -E copy ${PROJECT_SOURCE_DIR}/${_source} ${_copy}
    COMMAND ${CASTMAP_GZIP} -9nf ${_copy}
    DEPENDS ${PROJECT_SOURCE_DIR}/${_source} VERBATIM)
  list(APPEND _castmap_gzipped ${_copy}.gz)
endforeach()
add_custom_target(castmap_gzipped_docs ALL DEPENDS ${_castmap_gzipped})

install(FILES ${PROJECT_BINARY_DIR}/gzipped/castmap.1.gz
  DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT castmap)
# For editors: the man page says where it is (# yaml-language-server: $schema=...).
install(FILES ${PROJECT_SOURCE_DIR}/schema/castmap.schema.json
  DESTINATION ${CMAKE_INSTALL_DATADIR}/castmap COMPONENT castmap)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/castmap.bash-completion
  DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/bash-completion/completions RENAME castmap
  COMPONENT castmap)
# Every Debian package has its copyright file and changelog in its own doc folder.
install(FILES ${PROJECT_SOURCE_DIR}/packaging/copyright ${PROJECT_BINARY_DIR}/gzipped/changelog.gz
  DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT castmap)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/copyright ${PROJECT_BINARY_DIR}/gzipped/changelog.gz
  DESTINATION ${CASTMAP_DEV_DOCDIR} COMPONENT dev)

include(${PROJECT_SOURCE_DIR}/cmake/package.cmake)
