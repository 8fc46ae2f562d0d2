#!/usr/bin/env bash
# Runs every fuzz target of a CASTMAP_FUZZ build for SECONDS each (default 20), JOBS at a time
# (default: the number of cores), from its seed corpus in tests/fuzz/seeds/<name>/ plus a working
# corpus in BUILD/fuzz-corpus/<name>/. A crash, leak, timeout or undefined behaviour fails the
# run and leaves the input in BUILD/ (fuzz-<name>-crash-...) with the log in BUILD/fuzz-<name>.log.
# Usage: tests/fuzz/run-all.sh BUILD_DIR [SECONDS] [JOBS]
set -euo pipefail
build=$1
seconds=${2:-20}
jobs=${3:-$(nproc)}
root="$(cd "$(dirname "$0")/../.." && pwd)"
shopt -s nullglob
targets=("$build"/tests/fuzz/castmap_fuzz_*)
if [ "${#targets[@]}" -eq 0 ]; then echo "fuzz: no targets in $build/tests/fuzz" >&2; exit 1; fi

# One target: its own corpus folder, artifacts and log, so several can run side by side.
fuzz_one() {
  local target=$1 name=${1##*/castmap_fuzz_}
  mkdir -p "$build/fuzz-corpus/$name"
  if "$target" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
      -artifact_prefix="$build/fuzz-$name-" -print_final_stats=0 \
      "$build/fuzz-corpus/$name" "$root/tests/fuzz/seeds/$name" 2>"$build/fuzz-$name.log"; then
    echo "fuzz: $name ran $seconds s"
  else
    tail -40 "$build/fuzz-$name.log" >&2
    echo "fuzz: $name FAILED" >&2
    return 1
  fi
}
export -f fuzz_one
export build seconds root
printf '%s\0' "${targets[@]}" | xargs -0 -n 1 -P "$jobs" bash -c 'fuzz_one "$0"' ||
  { echo "fuzz: a target failed (see above)" >&2; exit 1; }
echo "fuzz: ${#targets[@]} targets, $seconds s each, $jobs at a time," \
  "without a crash, leak or undefined behaviour"
