#!/usr/bin/env bash
# CI step: fail when the committed outputs in public/ are not what castmap would produce now.
set -uo pipefail
castmap export --config castmap.yaml --out public --check
case $? in
  0) echo "outputs are up to date" ;;
  4) echo "outputs are stale: run 'castmap export' and commit the result" >&2; exit 1 ;;
  *) echo "castmap failed" >&2; exit 1 ;;
esac
