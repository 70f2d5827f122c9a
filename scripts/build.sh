#!/usr/bin/env bash
# Configures and builds routerd into build/ (Ninja, ccache, two jobs).
set -euo pipefail
cd "$(dirname "$0")/.."
# Paths relative to the checkout, and the working directory left out of the hash (it is only
# in the debug information): another clone of the same sources hits the same cache.
export CCACHE_BASEDIR=$PWD CCACHE_NOHASHDIR=true
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DROUTERD_WERROR=ON >/dev/null
cmake --build build -j2
