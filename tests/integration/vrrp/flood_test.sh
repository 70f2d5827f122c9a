#!/usr/bin/env bash
# A flood of junk protocol-112 datagrams must not starve a master's advert timer. r1 (master,
# priority 200) and r2 (backup, 100) run VRID 51 with a 1 s interval; the client floods the
# VRRP group from two processes for 10 s (flood_junk.c, sendmmsg: nobody's VRIDs, routed TTLs,
# bad checksums, noise), while a fourth host watches the wire for r1's adverts (advert_gaps.py).
# The backup must never become MASTER, and r1's adverts must keep their rhythm: the longest
# gap between two of them stays well under the 2.2 s a flood caused before routerd filtered
# in the kernel and bounded its receive turns. The receive counters show in routerctl.
# Usage: flood_test.sh ROUTERD ROUTERCTL PLUGIN_DIR SOURCE_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/lib.sh"
require_root
ROUTERD=$1 ROUTERCTL=$2 PLUGINS=$3 SOURCE_DIR=$4
HERE="$SOURCE_DIR/tests/integration/vrrp"
FLOOD_SECONDS=10
MAX_GAP=1.5
make_workdir
trap 'status=$?; [ $status -eq 0 ] || dump_logs; cleanup; exit $status' EXIT
vrrp_lab
ns_add mon
lan_join lan mon eth0 172.16.0.20/24

for host in r1 r2; do
    priority=200
    [ "$host" = r1 ] || priority=100
    cat >"$WORKDIR/$host.toml" <<TOML
[vrrp.instance.VI_1]
interface = "eth0"
virtual_router_id = 51
version = 3
priority = $priority
advert_int = "1s"
virtual_ipaddress = ["172.16.0.100/24"]
TOML
done
cc -O2 -Wall -o "$WORKDIR/flood_junk" "$HERE/flood_junk.c" || fail "cannot build the flooder"
start_routerd r1 "$WORKDIR/r1.toml"
wait_for 10 state_is r1 VI_1 MASTER || fail "r1 did not become MASTER"
start_routerd r2 "$WORKDIR/r2.toml"
wait_for 10 state_is r2 VI_1 BACKUP || fail "r2 did not become BACKUP"
sleep 2

transitions() {
    ctl_in "$1" --json vrrp json | python3 -c \
        "import json,sys; print(json.load(sys.stdin)['result']['instances']['VI_1']['transitions'])"
}
r1_before=$(transitions r1)
r2_before=$(transitions r2)

ip netns exec "$(ns mon)" python3 "$HERE/advert_gaps.py" --dev eth0 --src 172.16.0.1 \
    --seconds $((FLOOD_SECONDS + 2)) >"$WORKDIR/gaps" &
WATCHER=$!
PIDS+=("$WATCHER")
sleep 0.5
for n in 1 2; do
    ip netns exec "$(ns client)" "$WORKDIR/flood_junk" eth0 172.16.0.10 51 "$FLOOD_SECONDS" \
        >"$WORKDIR/flood$n" &
    PIDS+=("$!")
    eval "FLOOD$n=$!"
done
split=0
end=$((SECONDS + FLOOD_SECONDS))
while [ "$SECONDS" -lt "$end" ]; do
    ! state_is r2 VI_1 MASTER || split=1
    sleep 0.3
done
wait "$FLOOD1" "$FLOOD2" || fail "the flood failed"
wait "$WATCHER" || fail "the watcher failed"

read -r gap adverts <"$WORKDIR/gaps"
sent=$(($(cat "$WORKDIR/flood1") + $(cat "$WORKDIR/flood2")))
received=$(ctl_in r1 --json vrrp json | python3 -c '
import json, sys
r = json.load(sys.stdin)["result"]
i = r["instances"]["VI_1"]
print("drops", i["drops"], "unknown VRID", r["unknown_vrid_drops"], "receive", r.get("receive"))')
echo "flood: $sent datagrams in ${FLOOD_SECONDS}s; r1 adverts seen: $adverts, longest gap ${gap}s"
echo "r1: $received"
[ "$split" -eq 0 ] || fail "r2 became MASTER during the flood (split brain)"
[ "$(transitions r2)" = "$r2_before" ] || fail "r2 changed state during the flood"
[ "$(transitions r1)" = "$r1_before" ] || fail "r1 changed state during the flood"
state_is r1 VI_1 MASTER || fail "r1 is no longer MASTER"
python3 -c "import sys; sys.exit(not float(sys.argv[1]) <= float(sys.argv[2]))" "$gap" "$MAX_GAP" ||
    fail "r1's adverts stopped for ${gap}s during the flood (at most ${MAX_GAP}s allowed)"
echo PASS
