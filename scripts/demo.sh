#!/usr/bin/env bash
# routerd's main job on an embedded default, for a first look: installs what it needs, builds
# routerd, then runs the two-router VRRP failover demo in network namespaces (needs root).
# `scripts/demo-checker.sh build` shows a health check built with the SDK instead.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh >/dev/null
exec scripts/demo-failover.sh build
