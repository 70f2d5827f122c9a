#!/usr/bin/env bash
# routerd's main job on an embedded default: the reference page's failover pair
# (etc/examples/failover-{master,backup}.toml) as two routers and a client in network
# namespaces on this machine. Watch the master hold 172.16.0.100, die (kill -9 and its link
# cut, as if powered off), the backup take over within the protocol's bound, and the master
# come back. Everything it creates is removed at the end.
# Usage: demo-failover.sh BUILD_DIR
source "$(dirname "$0")/../tests/integration/lib/common.sh"
source "$(dirname "$0")/../tests/integration/lib/netns.sh"
source "$(dirname "$0")/../tests/integration/vrrp/lib.sh"
require_root
BUILD_DIR=$(realpath "$1")
SOURCE_DIR=$(realpath "$(dirname "$0")/..")
ROUTERD=$BUILD_DIR/kernel/routerd ROUTERCTL=$BUILD_DIR/kernel/routerctl PLUGINS=$BUILD_DIR/plugins
make_workdir
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

say "A LAN with two routers (r1 172.16.0.1, r2 172.16.0.2) and a client (172.16.0.10)"
vrrp_lab
say "r1: $SOURCE_DIR/etc/examples/failover-master.toml"
cat "$SOURCE_DIR/etc/examples/failover-master.toml"
start_routerd r1 "$SOURCE_DIR/etc/examples/failover-master.toml"
start_routerd r2 "$SOURCE_DIR/etc/examples/failover-backup.toml"
wait_for 10 state_is r1 VI_1 MASTER
wait_for 10 state_is r2 VI_1 BACKUP
say "routerctl vrrp on r1, then on r2"
ctl_in r1 vrrp
ctl_in r2 vrrp
say "The client pings the VIP; it is at r1's MAC ($(mac_of r1))"
in_ns client ping -c 2 -i 0.2 172.16.0.100 | tail -2
echo "client's neighbour entry: $(client_neighbour_mac 172.16.0.100)"

say "r1 dies: routerd killed with SIGKILL and its link cut"
kill -9 "$PID_r1"
ip -n "$(ns r1)" link set eth0 down
start=$(date +%s%N)
until in_ns client ping -c 1 -W 0.05 172.16.0.100 >/dev/null 2>&1; do :; done
took=$((($(date +%s%N) - start) / 1000000))
echo "the VIP answers again after ${took} ms (protocol bound: 3 x 1 s + 414 ms skew = 3414 ms)"
echo "client's neighbour entry: $(client_neighbour_mac 172.16.0.100) (r2 is $(mac_of r2))"
ctl_in r2 vrrp

say "r1 comes back: it removes the VIP its killed run left behind, then preempts (priority 255)"
ip -n "$(ns r1)" link set eth0 up
start_routerd r1 "$SOURCE_DIR/etc/examples/failover-master.toml"
wait_for 15 state_is r1 VI_1 MASTER
grep "left behind" "$WORKDIR/r1/log" || true
wait_for 10 state_is r2 VI_1 BACKUP
ctl_in r1 vrrp

say "r1 stops cleanly (SIGTERM): it resigns with priority 0 and r2 takes over at once"
kill -TERM "$PID_r1"
start=$(date +%s%N)
wait_for 5 has_address r2 172.16.0.100
echo "r2 holds the VIP after $((($(date +%s%N) - start) / 1000000)) ms"
wait "$PID_r1" || true
say "Done: removing the namespaces and $WORKDIR"
