#!/usr/bin/env bash
# `castmap init` as users run it: on a copy of examples/ (without its castmap.yaml) it writes a
# castmap.yaml that the JSON Schema and `castmap validate` both accept, with the show it found;
# it never replaces an existing castmap.yaml without --force (exit 2), and refuses a missing
# folder (exit 2). usage: init_test.sh CASTMAP REPO
set -euo pipefail
castmap=$1 repo=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/castmap-init.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() { echo "init_test: $*" >&2; exit 1; }
status() { set +e; "$@" >"$work/stdout" 2>"$work/stderr"; local s=$?; set -e; echo $s; }

cp -r "$repo/examples" "$work/content"
rm "$work/content/castmap.yaml"
[ "$(status "$castmap" init "$work/content")" = 0 ] || fail "init failed: $(cat "$work/stderr")"
config=$work/content/castmap.yaml
grep -q '^  byte-sized:' "$config" || fail "the example show is not in $config"
[ "$(status "$castmap" validate --config "$config")" = 0 ] ||
  fail "validate rejects the starter config: $(cat "$work/stdout" "$work/stderr")"
grep -q ' 0 errors, 0 warnings' "$work/stdout" || fail "validate: $(cat "$work/stdout")"
python3 "$repo/tests/schema/validate_configs.py" "$repo" "$castmap" "$config" >/dev/null ||
  fail "the schema rejects the starter config"
# With the base URL and the audio files' URL set, it exports.
sed -i 's|^  # base_url: .*|  base_url: https://podcasts.example.com|; s|^  # enclosure: |  enclosure: |' \
  "$config"
[ "$(status "$castmap" export --config "$config" --quiet)" = 0 ] ||
  fail "export with the starter config: $(cat "$work/stderr")"
test -f "$work/content/out/feeds/byte-sized.xml" || fail "no feed written"

# An existing castmap.yaml is kept unless --force.
echo "# mine" >"$config"
[ "$(status "$castmap" init "$work/content")" = 2 ] || fail "init replaced an existing castmap.yaml"
grep -q -- '--force' "$work/stderr" || fail "the refusal does not mention --force"
[ "$(cat "$config")" = "# mine" ] || fail "the existing castmap.yaml changed"
[ "$(status "$castmap" init --force "$work/content")" = 0 ] || fail "init --force failed"
grep -q '^  byte-sized:' "$config" || fail "init --force did not write the starter config"

[ "$(status "$castmap" init "$work/missing")" = 2 ] || fail "init of a missing folder is not exit 2"
mkdir "$work/empty"
[ "$(status "$castmap" init "$work/empty")" = 0 ] || fail "init of an empty folder failed"
[ "$(status "$castmap" validate --config "$work/empty/castmap.yaml")" = 0 ] ||
  fail "validate rejects the starter config of an empty folder"
echo "init_test: passed"
