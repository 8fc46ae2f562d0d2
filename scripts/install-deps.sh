#!/usr/bin/env bash
# Installs the Debian 12 packages castmap needs to build (and, with --test, to run every test and
# the real consumers the tests read outputs back with), only when something is missing (so it is
# quick on a machine that already has them). Needs root for apt-get.
set -euo pipefail
packages=(build-essential cmake ninja-build pkg-config
          libpugixml-dev libyaml-cpp-dev libhowardhinnant-date-dev libcli11-dev nlohmann-json3-dev
          zlib1g-dev libutf8proc-dev libcmark-dev libcurl4-openssl-dev libxxhash-dev nettle-dev)
if [ "${1:-}" = "--test" ]; then
  # Sanitizers and fuzzing (clang), the test framework, and the consumers tests read outputs with.
  packages+=(clang libclang-rt-14-dev catch2 libxml2-utils python3 python3-jsonschema time
             ffmpeg mkvtoolnix dpkg-dev lintian file python3-yaml man-db
             python3-feedparser)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then echo "install-deps: run as root (apt-get)" >&2; exit 2; fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
