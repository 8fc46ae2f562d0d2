#!/usr/bin/env bash
# The CLI's own output, as a hostile input or a bad day meets it: every printed line is one line
# (file names and values with newlines or escape sequences are escaped), output that cannot be
# written (a full disk, a closed pipe, --report /dev/full) is exit status 3 with a message naming
# the file, --report inside the output folder and a bad --base-url are usage errors (2).
# Usage: cli_output_test.sh CASTMAP_BINARY SOURCE_DIR
set -uo pipefail
castmap="$1"
root="$2"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
failures=0
check() { # description, condition...
  local what="$1"; shift
  if "$@"; then echo "ok   $what"; else echo "FAIL $what"; failures=$((failures+1)); fi
}
status_of() { "$@" >"$work/out.txt" 2>"$work/err.txt"; echo $?; }
examples="$root/examples/castmap.yaml"

# --- one line per diagnostic, whatever the file names and values hold -----------------------
mkdir -p "$work/content/videos"
evil_name=$'evil\nx.md:1:1: error: forged [code]\x1b[2J\u202e.md'
printf -- '---\nid: a\nslug: a\ntitle: "x"\npublishedAt: nonsense\n---\n' >"$work/content/videos/$evil_name"
printf -- '---\nid: b\nslug: b\ntitle: "Bell\\a and \\e[31mred\\u2028line"\npublishedAt: 2024-01-01\nchapters:\n  - {startTime: 0, title: "\\u202egnp.exe", url: "javascript:alert(1)"}\n---\n' \
  >"$work/content/videos/b.md"
cat >"$work/castmap.yaml" <<YAML
site: {base_url: "https://cli.example"}
content: content
YAML
for format in text json; do
  status=$(status_of "$castmap" validate --config "$work/castmap.yaml" --format "$format")
  check "validate --format $format exits 1 (content errors)" test "$status" = 1
  check "validate --format $format: no raw ESC, CR, BEL or U+2028/U+202E" \
    python3 -c "
import sys
data = open('$work/out.txt', 'rb').read()
for bad in (b'\x1b', b'\r', b'\x07', '\u2028'.encode(), '\u202e'.encode()):
    assert bad not in data, bad
"
done
status_of "$castmap" validate --config "$work/castmap.yaml" >/dev/null
check "text diagnostics: every line is a diagnostic or the summary" python3 -c "
import re
for line in open('$work/out.txt', encoding='utf-8').read().split('\n')[:-1]:
    assert re.match(r'^[^\n]+:\d+:\d+: (error|warning|note): .* \[[a-z0-9-]+\]$', line) or \
           line.startswith('castmap: '), repr(line)
"
check "text diagnostics: the forged path is shown escaped" \
  grep -qF 'evil\nx.md:1:1: error: forged [code]\x1b[2J\u202e.md' "$work/out.txt"
check "text diagnostics: the javascript: chapter link is reported" grep -q 'invalid-link' "$work/out.txt"
status_of "$castmap" validate --config "$work/castmap.yaml" --format json >/dev/null
check "json diagnostics: every line is valid JSON" python3 -c "
import json
for line in open('$work/out.txt', encoding='utf-8').read().split('\n')[:-1]:
    json.loads(line)
"
check "a forged command-line value is escaped in CLI11's error" \
  test "$(status_of "$castmap" export --format $'x\n/evil.md:1:1: error: forged')" = 2
check "  ... on one line" grep -qF 'x\n/evil.md:1:1: error: forged' "$work/err.txt"

# --- output that cannot be written ------------------------------------------------------------
check "validate > /dev/full exits 3" \
  test "$("$castmap" validate --config "$examples" >/dev/full 2>"$work/err.txt"; echo $?)" = 3
check "  ... and names standard output and the file" \
  grep -qF 'cannot write standard output (/dev/full): No space left on device' "$work/err.txt"
check "exporters > /dev/full exits 3" \
  test "$("$castmap" exporters >/dev/full 2>/dev/null; echo $?)" = 3
check "--help > /dev/full exits 3" test "$("$castmap" --help >/dev/full 2>/dev/null; echo $?)" = 3
check "export with stderr on /dev/full exits 3" \
  test "$("$castmap" export --config "$examples" --out "$work/out-full" 2>/dev/full; echo $?)" = 3
# A pipe whose reader is gone before castmap writes: EPIPE, not a silent death by SIGPIPE.
check "validate into a closed pipe exits 3 with a message" python3 -c "
import os, subprocess
r, w = os.pipe(); os.close(r)
p = subprocess.run(['$castmap', 'validate', '--config', '$examples'], stdout=w,
                   stderr=subprocess.PIPE)
assert p.returncode == 3, p.returncode
assert b'cannot write standard output' in p.stderr and b'Broken pipe' in p.stderr, p.stderr
"
# As root, a device of our own like /dev/full: a castmap that renamed its report over the path
# would replace the device node, and it must never be the machine's /dev/full.
full=/dev/full
if [ "$(id -u)" = 0 ] && mknod "$work/full" c 1 7 2>/dev/null; then full="$work/full"; fi
check "export --report $full exits 3" \
  test "$(status_of "$castmap" export --config "$examples" --out "$work/out" --report "$full")" = 3
check "  ... naming the report" \
  grep -qF "cannot write report '$full': No space left on device" "$work/err.txt"
check "  ... and $full is still the device" test -c "$full"
# /dev/stdout's stand-in: a link to the process's standard output of our own, so that a castmap
# that renamed over the path would replace this link, never the machine's /dev/stdout.
ln -s /proc/self/fd/1 "$work/stdout"
check "export --report <link to stdout> writes the report in place" python3 -c "
import json, os, subprocess
p = subprocess.run(['$castmap', 'export', '--config', '$examples', '--out', '$work/out',
                    '--report', '$work/stdout'], capture_output=True)
assert os.path.islink('$work/stdout')
assert p.returncode == 0, (p.returncode, p.stderr)
assert json.loads(p.stdout)['exit_status'] == 0
"
mkfifo "$work/fifo"
check "export --report to a FIFO nobody reads exits 3 at once (no hang)" \
  test "$(status_of timeout 60 "$castmap" export --config "$examples" --out "$work/out" --report "$work/fifo")" = 3
check "export --report into a missing folder exits 3 naming it" \
  test "$(status_of "$castmap" export --config "$examples" --out "$work/out" --report "$work/no/such/r.json")" = 3
check "  ... naming it" grep -qF "cannot write report '$work/no/such/r.json'" "$work/err.txt"

# --- usage errors ------------------------------------------------------------------------------
check "--report inside the output folder exits 2" \
  test "$(status_of "$castmap" export --config "$examples" --out "$work/out" --report "$work/out/sub/r.json")" = 2
check "  ... with a message" grep -q "is inside the output folder" "$work/err.txt"
check "  ... and writes nothing" test ! -e "$work/out/sub"
check "--report beside the output folder is fine" \
  test "$(status_of "$castmap" export --config "$examples" --out "$work/out" --report "$work/out-report.json")" = 0
check "--base-url javascript: exits 2" \
  test "$(status_of "$castmap" export --config "$examples" --out "$work/out" --base-url 'javascript:alert(1)')" = 2
check "  ... naming the flag" grep -qF -- '--base-url: "javascript:alert(1)" has the scheme' "$work/err.txt"
check "--base-url with a query exits 2" \
  test "$(status_of "$castmap" export --config "$examples" --out "$work/out" --base-url 'https://x.example/?a=1')" = 2
check "--base-url is normalized like site.base_url" \
  test "$(status_of "$castmap" export --config "$examples" --out "$work/out-case" --base-url 'HTTPS://Upper.Example/')" = 0
check "  ... in the feed" grep -q '<link>https://upper.example/shows/byte-sized/</link>' "$work/out-case/feeds/byte-sized.xml"

[ "$failures" -eq 0 ] && echo "all checks passed" || echo "$failures checks failed"
exit $((failures > 0))
