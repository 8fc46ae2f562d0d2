#!/usr/bin/env bash
# Builds the Debian packages with `cpack -G DEB` in castmap's build folder and checks them as a
# user would meet them: dpkg-deb --info/--contents (fields, every shared library the binary
# needs is a dependency, the files each package holds), lintian (no error or warning; the info
# tags are printed), then both unpacked into a temporary root (dpkg -x): the installed castmap
# exports examples/ exactly as golden/examples/expected, its man page renders, and a consumer
# project builds against the unpacked libcastmap-dev.
# usage: deb_test.sh BUILD_DIR SOURCE_DIR VERSION GENERATOR [CXX]
set -euo pipefail
build=$(realpath "$1") source=$(realpath "$2") version=$3 generator=$4 cxx=${5:-c++}
work=$(mktemp -d "${TMPDIR:-/tmp}/castmap-deb.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() { echo "deb_test: $*" >&2; exit 1; }

arch=$(dpkg --print-architecture)
rm -rf "$build/packages"
(cd "$build" && cpack -G DEB >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack failed"; }
tool=$build/packages/castmap_${version}_$arch.deb
dev=$build/packages/libcastmap-dev_${version}_$arch.deb
test -f "$tool" && test -f "$dev" || fail "cpack made $(ls "$build/packages")"

field() { dpkg-deb --field "$1" "$2"; }
dpkg-deb --info "$tool"
for package in "$tool" "$dev"; do
  for name in Package Version Architecture Maintainer Section Priority Description Depends; do
    [ -n "$(field "$package" "$name")" ] || fail "$(basename "$package") has no $name"
  done
  [ "$(field "$package" Version)" = "$version" ] || fail "$(basename "$package"): wrong Version"
done
[ "$(field "$tool" Section)" = utils ] || fail "castmap is not in section utils"
[ "$(field "$dev" Section)" = libdevel ] || fail "libcastmap-dev is not in section libdevel"

contents() { dpkg-deb --contents "$1" | awk '{print $6}' | sed 's|^\./|/|'; }
contents "$tool" >"$work/tool.files"
contents "$dev" >"$work/dev.files"
cat "$work/tool.files"
for file in /usr/bin/castmap /usr/share/man/man1/castmap.1.gz \
  /usr/share/bash-completion/completions/castmap /usr/share/castmap/castmap.schema.json \
  /usr/share/doc/castmap/copyright /usr/share/doc/castmap/changelog.gz; do
  grep -qx "$file" "$work/tool.files" || fail "castmap does not install $file"
done
for file in /usr/include/castmap/version.hpp /usr/include/castmap/castmap.hpp \
  /usr/share/doc/libcastmap-dev/copyright; do
  grep -qx "$file" "$work/dev.files" || fail "libcastmap-dev does not install $file"
done
grep -q '^/usr/lib/.*libcastmap\.a$' "$work/dev.files" || fail "libcastmap-dev has no libcastmap.a"
grep -q '/castmapConfig\.cmake$' "$work/dev.files" || fail "libcastmap-dev has no castmapConfig.cmake"
! grep '^/usr/include/.' "$work/dev.files" | grep -qv '^/usr/include/castmap\(/[a-z_]*\.hpp\)\?/\?$' ||
  fail "libcastmap-dev installs headers other than the public ones (/usr/include/castmap/*.hpp)"
! grep -q '^/usr/include/src\|^/usr/lib\|^/usr/include' "$work/tool.files" ||
  fail "castmap holds library files"

# dpkg-shlibdeps: every shared library the binary links directly (its NEEDED entries) comes from
# a package castmap depends on. Libraries those load in turn (libcurl's nghttp2, ...) come with
# their own packages' dependencies, as Debian policy has it.
dpkg-deb -x "$tool" "$work/root"
dpkg-deb -x "$dev" "$work/root"
depends=$(field "$tool" Depends)
needed=$(readelf -d "$work/root/usr/bin/castmap" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
for library in $(ldd "$work/root/usr/bin/castmap" | awk '$3 ~ /^\// {print $1 " " $3}' |
                 while read -r name path; do
                   grep -qxF "$name" <<<"$needed" && echo "$path"
                 done); do
  owner=$(dpkg -S "$(realpath "$library")" 2>/dev/null || dpkg -S "$library" 2>/dev/null) ||
    fail "no package owns $library"
  package=${owner%%:*}
  [[ ", $depends," == *", $package "* || ", $depends," == *", $package,"* ]] ||
    fail "castmap loads $library from $package, which Depends ($depends) lacks"
done

lintian_status=0
lintian --fail-on error,warning --display-info "$tool" "$dev" >"$work/lintian.txt" 2>&1 ||
  lintian_status=$?
# Errors and warnings in full; info tags once each, with how many files they name.
grep -E '^[EW]: ' "$work/lintian.txt" || true
grep '^I: ' "$work/lintian.txt" | awk '{print "I:", $2, $3}' | sort | uniq -c || true
[ "$lintian_status" = 0 ] || fail "lintian found errors or warnings (above)"

# The unpacked tool works: version, an export identical to the golden one, its man page.
root=$work/root
[ "$("$root/usr/bin/castmap" --version)" = "castmap $version" ] || fail "wrong --version"
"$root/usr/bin/castmap" export --config "$source/examples/castmap.yaml" --out "$work/out" --quiet ||
  fail "the installed castmap cannot export examples/"
diff -r --exclude='.castmap*' "$source/golden/examples/expected" "$work/out" ||
  fail "the installed castmap's export differs from golden/examples/expected"
MANWIDTH=80 LC_ALL=C.UTF-8 man --warnings -l "$root/usr/share/man/man1/castmap.1.gz" \
  >"$work/man.txt" 2>"$work/man.err" || fail "man cannot render the installed man page"
grep -q "castmap init" "$work/man.txt" || fail "the installed man page does not render"
[ ! -s "$work/man.err" ] || fail "the installed man page renders with warnings: $(cat "$work/man.err")"
bash -n "$root/usr/share/bash-completion/completions/castmap" || fail "bad bash completion"
zcat "$root/usr/share/doc/castmap/changelog.gz" | head -1 | grep -q "^castmap ($version) " ||
  fail "the changelog's latest entry is not $version (packaging/changelog)"

# The library package: a consumer finds castmap::castmap in the unpacked /usr.
bash "$source/tests/packaging/consumer_test.sh" prefix "$root/usr" "$source" "$version" \
  "$generator" "$cxx"
echo "deb_test: passed"
