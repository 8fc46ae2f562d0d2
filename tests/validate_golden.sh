#!/usr/bin/env bash
# Exports every golden case (and the real corpus) with the castmap binary and runs the third-party
# validators from ../shared/tools over the output. Exit 77 (skip) when ../shared is absent.
set -uo pipefail
castmap="$1"; root="$2"
shared="$root/../shared"
validator="$shared/tools/validate-output.sh"
if [ ! -x "$validator" ] && [ ! -f "$validator" ]; then echo "skip: $validator not found"; exit 77; fi
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
status=0
for case_dir in "$root"/golden/*/; do
  name=$(basename "$case_dir")
  "$castmap" export --config "$case_dir/castmap.yaml" --out "$work/$name" --quiet
  st=$?; [ "$st" -le 1 ] || { echo "FAIL export of golden/$name exited $st"; status=1; }
done
corpus="$shared/corpus/rawkode-academy"
if [ -d "$corpus" ]; then
  "$castmap" export --config "$root/tests/corpus/castmap.yaml" --content "$corpus" --out "$work/corpus" --quiet \
    || { echo "FAIL export of the corpus"; status=1; }
  # The sitemap's parts are at the site root (sitemap-*.xml), beside its index (sitemap.xml).
  count=$(find "$work/corpus" -maxdepth 1 -name 'sitemap-*.xml' -exec grep -c '<loc>' {} + | awk -F: '{s+=$NF} END {print s+0}')
  feeds=$(ls "$work/corpus/feeds" | wc -l)
  echo "corpus: $feeds feeds, $count sitemap URLs (3 shows have episodes: expect 4 feeds; 311 episodes + 3 show pages)"
  [ "$feeds" -eq 4 ] && [ "$count" -eq 314 ] || status=1
fi
# Transcripts are subtitles, not chapter tracks: the validator reads every .vtt as a chapter
# track, so they are checked apart, by the same W3C parser in its subtitles mode.
transcripts="$work-transcripts"; trap 'rm -rf "$work" "$transcripts"' EXIT
for folder in "$work"/*/transcripts; do
  [ -d "$folder" ] || continue
  mkdir -p "$transcripts/$(basename "$(dirname "$folder")")"
  mv "$folder" "$transcripts/$(basename "$(dirname "$folder")")/"
done
bash "$validator" "$work" || status=1
mapfile -t subtitles < <(find "$transcripts" -name '*.vtt' 2>/dev/null | sort)
if [ "${#subtitles[@]}" -gt 0 ]; then
  # Where validate-output.sh installed the validators and their dependencies.
  node "${CASTMAP_VALIDATORS_HOME:-/tmp/castmap-validators}/validate-vtt.mjs" --mode=subtitles \
    "${subtitles[@]}" || status=1
fi
# Chromium must read each chapter track with the same cues as the JSON chapters file.
python3 "$root/tests/compare_browser_chapters.py" "$work" || status=1
exit $status
