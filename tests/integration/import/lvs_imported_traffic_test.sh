#!/usr/bin/env bash
# An imported LVS configuration carries traffic: the reference page's load-balancing
# keepalived.conf (tests/data/keepalived/archwiki-load-balancer.conf), imported, runs the
# reference setup's traffic test (../ipvs/reference_setup_test.sh) in place of the shipped
# etc/examples/load-balancer.toml.
# Usage: lvs_imported_traffic_test.sh ROUTERD ROUTERCTL BUILD_DIR SOURCE_DIR
set -euo pipefail
ROUTERD=$1 ROUTERCTL=$2 BUILD=$3 SOURCE=$4
imported=$(mktemp /tmp/routerd-imported-lb.XXXXXX.toml)
trap 'rm -f "$imported"' EXIT
"$ROUTERD" import-keepalived "$SOURCE/tests/data/keepalived/archwiki-load-balancer.conf" -o "$imported"
"$(dirname "$0")/../ipvs/reference_setup_test.sh" "$ROUTERD" "$ROUTERCTL" "$BUILD" "$SOURCE" "$imported"
