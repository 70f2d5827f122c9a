#!/usr/bin/env bash
# Soak: every core busy (one busy loop per core, at the same nice level as routerd) for
# SOAK_SECONDS (300) while a pair runs at advert_int 1 s: no spurious transition (neither
# router changes state, the VIP stays on the MASTER only).
# Usage: SOAK_SECONDS=300 tests/soak/cpu_hog.sh ROUTERD ROUTERCTL PLUGIN_DIR
source "$(dirname "$0")/../integration/lib/common.sh"
source "$(dirname "$0")/../integration/lib/netns.sh"
source "$(dirname "$0")/../integration/vrrp/lib.sh"
source "$(dirname "$0")/../integration/faults/lib.sh"
require_root
ROUTERD=$1 ROUTERCTL=$2 PLUGINS=$3 SOAK_SECONDS=${SOAK_SECONDS:-300}
make_workdir
trap 'status=$?; [ $status -eq 0 ] || dump_logs; cleanup; exit $status' EXIT
vrrp_lab

pair_config 200 >"$WORKDIR/r1.toml"
pair_config 100 >"$WORKDIR/r2.toml"
start_routerd r1 "$WORKDIR/r1.toml"
start_routerd r2 "$WORKDIR/r2.toml"
wait_for 10 state_is r1 VI_1 MASTER
wait_for 10 state_is r2 VI_1 BACKUP
transitions() { grep -c "\[vrrp\] VI_1: .* -> " "$WORKDIR/$1/log" || true; }
r1_before=$(transitions r1) r2_before=$(transitions r2)

for _ in $(seq 1 "$(nproc)"); do
    nice -n 0 sh -c 'while :; do :; done' &
    PIDS+=("$!")
done
echo "$(nproc) busy loops for ${SOAK_SECONDS} s"
deadline=$((SECONDS + SOAK_SECONDS))
checks=0
while [ $SECONDS -lt $deadline ]; do
    sleep 5
    settled_pair && state_is r1 VI_1 MASTER ||
        fail "after $((SOAK_SECONDS - deadline + SECONDS)) s: the pair is not r1 MASTER with the VIP"
    checks=$((checks + 1))
done
r1_made=$(($(transitions r1) - r1_before)) r2_made=$(($(transitions r2) - r2_before))
echo "under load (1-min load average $(cut -d' ' -f1 /proc/loadavg)): $checks checks," \
    "r1 made $r1_made transitions, r2 $r2_made"
[ "$r1_made" -eq 0 ] && [ "$r2_made" -eq 0 ] || fail "spurious transitions under a CPU hog"
echo "cpu_hog: pass"
