#!/usr/bin/env bash
# Quick start 1: install what is missing, build castmap, export the bundled examples/ catalog into
# out/examples and list what was written.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DCASTMAP_BUILD_TESTS=OFF >/dev/null
cmake --build build/release --target castmap
./build/release/castmap export --config examples/castmap.yaml
find out/examples -type f -not -name '.castmap*' | sort
