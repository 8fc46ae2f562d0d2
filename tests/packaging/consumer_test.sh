#!/usr/bin/env bash
# Builds and runs the consumer project tests/find-package against castmap, as a user would:
#   consumer_test.sh install BUILD_DIR SOURCE_DIR VERSION GENERATOR [CXX]
#     `cmake --install` of castmap's build folder into a temporary prefix, then
#     find_package(castmap VERSION) from there;
#   consumer_test.sh subdirectory BUILD_DIR SOURCE_DIR VERSION GENERATOR [CXX]
#     add_subdirectory() of the source tree (which builds castmap's library again, unoptimized);
#   consumer_test.sh prefix PREFIX SOURCE_DIR VERSION GENERATOR [CXX]
#     find_package(castmap VERSION) from a prefix castmap is installed in already (the
#     libcastmap-dev package unpacked, for tests/packaging/deb_test.sh).
# The consumer (README.md's library example) loads examples/castmap.yaml, exports it into memory
# and converts a chapter list: it must print the version, the catalog and the WebVTT track.
set -euo pipefail
mode=$1 build=$2 source=$3 version=$4 generator=$5 cxx=${6:-c++}
work=$(mktemp -d "${TMPDIR:-/tmp}/castmap-consumer.XXXXXX")
trap 'rm -rf "$work"' EXIT

configure=(-G "$generator" -DCMAKE_CXX_COMPILER="$cxx" -DCASTMAP_EXPECTED_VERSION="$version")
case $mode in
  install)
    cmake --install "$build" --prefix "$work/prefix" >/dev/null
    test -f "$work/prefix/include/castmap/version.hpp"
    test -f "$work/prefix/include/castmap/castmap.hpp"
    test ! -e "$work/prefix/include/src"  # internal headers stay internal
    cmake -S "$source/tests/find-package" -B "$work/build" "${configure[@]}" \
      -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
    ;;
  prefix)
    cmake -S "$source/tests/find-package" -B "$work/build" "${configure[@]}" \
      -DCMAKE_PREFIX_PATH="$build" >/dev/null
    ;;
  subdirectory)
    # A unity build, as .ci/run's own: compiling the library a third time is most of this test.
    cmake -S "$source/tests/find-package" -B "$work/build" "${configure[@]}" \
      -DCASTMAP_SOURCE_DIR="$source" -DCMAKE_UNITY_BUILD=ON >/dev/null
    ;;
  *) echo "consumer_test: unknown mode $mode" >&2; exit 2 ;;
esac
cmake --build "$work/build" >/dev/null
out=$("$work/build/consumer" "$source/examples/castmap.yaml")
echo "$out"
first=${out%%$'\n'*}
[[ $first =~ ^castmap\ ${version//./\\.}:\ [1-9][0-9]*\ episodes,\ [1-9][0-9]*\ shows,\ [1-9][0-9]*\ files\ \([1-9][0-9]*\ bytes\),\ 0\ errors$ ]] ||
  { echo "consumer_test: unexpected first line" >&2; exit 1; }
[[ $out == *$'\nWEBVTT'*'Build caches'* ]] || { echo "consumer_test: no WebVTT track" >&2; exit 1; }
