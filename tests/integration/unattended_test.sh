#!/usr/bin/env bash
# Integration test for unattended runs (cron/CI/Kubernetes): incremental writes keep mtimes,
# exactly the dependent outputs change, deleted episodes are pruned, foreign files survive,
# --check/--dry-run write nothing, the lock, the run report, and the exit statuses.
# Usage: unattended_test.sh CASTMAP_BINARY
set -uo pipefail
castmap="$1"
here="$(cd "$(dirname "$0")" && pwd)"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
failures=0; checks=0
check() { # description, condition...
  local what="$1"; shift
  checks=$((checks+1))
  if "$@"; then echo "ok   $what"; else echo "FAIL $what"; failures=$((failures+1)); fi
}
status_of() { "$@" >"$work/last.out" 2>"$work/last.err"; echo $?; }
# Outputs only: the manifest legitimately records new mtimes after the touch below.
snapshot() { (cd "$work/out" && find . -type f -not -name '.castmap*' -printf '%P %T@ %s\n' | sort); }
files() { (cd "$work/out" && find . -type f -not -name '.castmap*' -printf '%P\n' | sort); }

python3 "$here/make_catalog.py" "$work/content" 40
cat > "$work/castmap.yaml" <<YAML
site: {base_url: "https://it.example", title: Integration, description: Integration test catalog}
content: content
output: out
urls:
  enclosure: "https://media.it.example/{media_id}.mp3"
  video: "https://media.it.example/{media_id}.mp4"
  thumbnail: "https://media.it.example/{media_id}.jpg"
YAML
run() { "$castmap" export --config "$work/castmap.yaml" "$@"; }

check "first run exits 0" test "$(status_of run --report "$work/report.json")" = 0
check "report has counts" python3 -c "
import json,sys; r=json.load(open('$work/report.json'))
assert r['episodes']['exported']==40, r['episodes']
assert r['files']['rss']['created']>=4 and r['exit_status']==0 and 'started_at' in r and 'diagnostics' in r"
check "summary line on stderr" grep -q '^castmap: 40 episodes' "$work/last.err"
check "no progress bar when stderr is not a terminal" test -z "$(tr -cd '\r' < "$work/last.err")"
if command -v script >/dev/null; then
  # On a terminal a bar appears once a run lasts more than half a second.
  python3 "$here/make_catalog.py" "$work/content-tty" 1500
  CASTMAP_PROGRESS_DELAY_MS=0 script -qc "'$castmap' export --config '$work/castmap.yaml' --content '$work/content-tty' --out '$work/out-tty'" /dev/null > "$work/tty.log" 2>&1
  check "progress bar on a terminal" grep -q 'loaded [0-9]*/[0-9]* files' "$work/tty.log"
fi
echo "foreign" > "$work/out/feeds/keep-me.txt"
touch -d '2001-01-01' $(find "$work/out" -type f -not -name '.castmap*')
before=$(snapshot)

check "second run exits 0" test "$(status_of run)" = 0
check "second run rewrites nothing (mtimes equal)" test "$before" = "$(snapshot)"
check "--check on an up-to-date folder exits 0" test "$(status_of run --check)" = 0
check "--check prints nothing when up to date" test ! -s "$work/last.out"

# Change one episode's title: its JSON chapters (which carry the title), its show feed, all.xml
# and the sitemap change; its WebVTT track (chapter titles only) does not.
sed -i "s/^title: 'Episode 5 & <stuff>'/title: 'Episode five'/" "$work/content/videos/show-2/ep-00005.md"
check "--check after an edit exits 4" test "$(status_of run --check)" = 4
expected_changes=$(sort <<LIST
change chapters/episode-00005.json
change feeds/all.xml
change feeds/show-2.xml
change sitemap-episodes-1.xml
LIST
)
check "--check lists exactly the dependent outputs" test "$(sort "$work/last.out")" = "$expected_changes"
check "--dry-run exits 0 with the same list" test "$(status_of run --dry-run)" = 0
check "--dry-run lists the same" test "$(sort "$work/last.out")" = "$expected_changes"
check "--check/--dry-run wrote nothing" test "$before" = "$(snapshot)"
run --quiet
changed=$(diff <(echo "$before") <(snapshot) | grep '^>' | awk '{print $2}' | sort | tr '\n' ' ')
check "only dependent outputs were rewritten ($changed)" test "$changed" = "chapters/episode-00005.json feeds/all.xml feeds/show-2.xml sitemap-episodes-1.xml "

# Delete an episode: its files are pruned, foreign files stay.
rm "$work/content/videos/show-1/ep-00001.md"
run --quiet
check "deleted episode's chapter files are pruned" test ! -e "$work/out/chapters/episode-00001.vtt"
check "foreign file untouched" test "$(cat "$work/out/feeds/keep-me.txt")" = foreign
check "no temporary files left" test -z "$(find "$work/out" -name '.castmap-tmp-*')"

# --only runs a subset and does not prune the others.
check "--only rss exits 0" test "$(status_of run --only rss)" = 0
check "--only kept chapter files" test -e "$work/out/chapters/episode-00002.json"
check "unknown exporter is a usage error (2)" test "$(status_of run --only nope)" = 2

# Lock: another run holds the folder.
flock "$work/out/.castmap.lock" sleep 3 & holder=$!
sleep 0.5
check "locked folder exits 5" test "$(status_of run)" = 5
check "lock message names the folder" grep -q "output folder .* is in use by another castmap run" "$work/last.err"
check "--wait-lock waits and succeeds" test "$(status_of run --wait-lock)" = 0
wait $holder

# Content errors: one broken episode gives 1, the others are still exported.
printf -- '---\nid: broken\ntitle: [\n---\n' > "$work/content/videos/standalone/broken.md"
check "a broken episode gives exit 1" test "$(status_of run)" = 1
check "its diagnostic is located" grep -qE 'broken.md:[0-9]+:[0-9]+: error: .*\[' "$work/last.err"
check "other episodes still exported" test -e "$work/out/chapters/episode-00002.json"
rm "$work/content/videos/standalone/broken.md"

# A command-line option that shapes outputs reaches the incremental layer like a config key:
# the re-run with another --base-url equals a cold run with it (src/config/config_provenance).
check "re-run with --base-url exits 0" test "$(status_of run --base-url https://moved.example)" = 0
check "cold run with --base-url exits 0" test "$(status_of run --base-url https://moved.example --out "$work/cold")" = 0
check "re-run with --base-url equals a cold run" diff -r --exclude=".castmap*" --exclude=keep-me.txt "$work/out" "$work/cold"
check "the new base URL is in the feeds" grep -q 'https://moved.example' "$work/out/feeds/all.xml"
check "back without it" test "$(status_of run)" = 0
check "and the old base URL is back" test -z "$(grep -l 'moved.example' -r "$work/out" --exclude='.castmap*')"
rm -rf "$work/cold"

check "missing content folder exits 2" test "$(status_of "$castmap" export --content "$work/nope" --base-url https://x.example --out "$work/out2")" = 2
check "bad config exits 2" test "$(status_of "$castmap" export --config "$work/content/shows/show-0.md")" = 2

# Faults that need root to stage (read-only mount, full disk).
if [ "$(id -u)" -eq 0 ] && mkdir -p "$work/ro" && mount -t tmpfs -o ro,size=64k tmpfs "$work/ro" 2>/dev/null; then
  check "read-only output folder exits 3" test "$(status_of run --out "$work/ro/out")" = 3
  check "read-only: clear message" grep -qi "read-only\|cannot" "$work/last.err"
  umount "$work/ro"
  mkdir -p "$work/small"
  mount -t tmpfs -o size=1m tmpfs "$work/small"
  cp -a "$work/out" "$work/small/" 2>/dev/null   # a complete previous export that fits
  rm -rf "$work/small/out"; run --out "$work/small/out" --quiet; prev=$?
  python3 "$here/make_catalog.py" "$work/content-big" 3000
  sed "s|content: content|content: content-big|" "$work/castmap.yaml" > "$work/big.yaml"
  st=$(status_of "$castmap" export --config "$work/big.yaml" --out "$work/small/out")
  check "the small disk first holds a complete export" test "$prev" = 0
  check "full disk exits 3" test "$st" = 3
  check "full disk: message says no space" grep -qi "no space" "$work/last.err"
  check "full disk: every existing output still parses" python3 "$here/check_outputs.py" "$work/small/out"
  umount "$work/small"
else
  echo "skip: read-only and full-disk checks need root and tmpfs mounts"
fi

echo "$((checks-failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
