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
  "$castmap" export --config "$case_dir/castmap.yaml" --out "$work/$name" --quiet || true
done
corpus="$shared/corpus/rawkode-academy"
if [ -d "$corpus" ]; then
  "$castmap" export --config "$root/tests/corpus/castmap.yaml" --content "$corpus" --out "$work/corpus" --quiet || true
fi
bash "$validator" "$work" || status=1
exit $status
