#!/usr/bin/env bash
# Integration test: kill -9 export runs at random moments, many times, and check that every
# output always parses (complete old or complete new version), then that a full run cleans up
# the temporary files killed runs left behind.
# Usage: kill_test.sh CASTMAP_BINARY [ROUNDS]
set -uo pipefail
castmap="$1"; rounds="${2:-25}"
here="$(cd "$(dirname "$0")" && pwd)"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
python3 "$here/make_catalog.py" "$work/content" 2000
cat > "$work/castmap.yaml" <<YAML
site: {base_url: "https://kill.example", title: Kill test}
content: content
output: out
urls: {enclosure: "https://m.kill.example/{media_id}.mp3", thumbnail: "https://m.kill.example/{id}.jpg", video: "https://m.kill.example/{id}.mp4"}
YAML
"$castmap" export --config "$work/castmap.yaml" --quiet || { echo "initial export failed"; exit 1; }
start=$(date +%s%N); "$castmap" export --config "$work/castmap.yaml" --quiet --out "$work/timing"; end=$(date +%s%N)
full_ms=$(( (end - start) / 1000000 )); [ "$full_ms" -lt 20 ] && full_ms=20
echo "a full cold run takes ${full_ms} ms; killing at random moments within it"
failures=0
for ((i = 1; i <= rounds; i++)); do
  # Alternate the content so each run really rewrites files.
  python3 "$here/make_catalog.py" "$work/content" 2000 --title-suffix " v$((i % 2))"
  "$castmap" export --config "$work/castmap.yaml" --quiet & pid=$!
  sleep "$(python3 -c "import random; print(random.uniform(0, $full_ms / 1000.0))")"
  kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  if ! python3 "$here/check_outputs.py" "$work/out" >"$work/check.log"; then
    echo "FAIL round $i: broken output after kill"; cat "$work/check.log" | head; failures=$((failures+1))
  fi
done
"$castmap" export --config "$work/castmap.yaml" --quiet
leftover=$(find "$work/out" -name '.castmap-tmp-*' | wc -l)
[ "$leftover" -eq 0 ] || { echo "FAIL: $leftover temporary files left after a full run"; failures=$((failures+1)); }
python3 "$here/check_outputs.py" "$work/out" || failures=$((failures+1))
echo "$((rounds + 2 - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
