#!/usr/bin/env bash
# Runs every fuzz target of a CASTMAP_FUZZ build for SECONDS each (default 20), from its seed
# corpus in tests/fuzz/seeds/<name>/ plus a working corpus in BUILD/fuzz-corpus/<name>/. A crash,
# leak, timeout or undefined behaviour fails the run and leaves the input in BUILD/.
# Usage: tests/fuzz/run-all.sh BUILD_DIR [SECONDS]
set -euo pipefail
build=$1
seconds=${2:-20}
root="$(cd "$(dirname "$0")/../.." && pwd)"
shopt -s nullglob
targets=("$build"/tests/fuzz/castmap_fuzz_*)
if [ "${#targets[@]}" -eq 0 ]; then echo "fuzz: no targets in $build/tests/fuzz" >&2; exit 1; fi
for target in "${targets[@]}"; do
  name=${target##*/castmap_fuzz_}
  mkdir -p "$build/fuzz-corpus/$name"
  echo "fuzz: $name for $seconds s"
  "$target" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
    -artifact_prefix="$build/fuzz-$name-" -print_final_stats=0 \
    "$build/fuzz-corpus/$name" "$root/tests/fuzz/seeds/$name" 2>"$build/fuzz-$name.log" ||
    { tail -40 "$build/fuzz-$name.log" >&2; echo "fuzz: $name FAILED" >&2; exit 1; }
done
echo "fuzz: ${#targets[@]} targets, $seconds s each, without a crash, leak or undefined behaviour"
