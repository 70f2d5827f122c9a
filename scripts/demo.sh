#!/usr/bin/env bash
# routerd's main job on an embedded default, for a first look: builds routerd, then runs it
# with the example checker from the SDK against a real TCP server on 127.0.0.1, and shows the
# health check following the server as it stops and comes back, through routerctl.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh >/dev/null
exec scripts/demo-checker.sh build
