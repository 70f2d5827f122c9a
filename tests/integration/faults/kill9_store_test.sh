#!/usr/bin/env bash
# kill -9 of a MASTER at 50 random instants (`repetitions`: 13 in the sanitizer pass) (loading plugins, opening the store, becoming
# MASTER, adding its 20 VIPs, writing their records and its history). Each run alternates
# between two sets of VIPs, so what a killed run added is stale for the next one. Whenever a
# run is up (its control socket answers): no VIP of the other set is on the interface (the
# start removed the killed run's leftovers before opening the socket), and a VIP of its own
# only while it is MASTER. After every kill the store passes `PRAGMA integrity_check`.
# Usage: kill9_store_test.sh ROUTERD ROUTERCTL PLUGIN_DIR SOURCE_DIR [KILLS]
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/../vrrp/lib.sh"
source "$(dirname "$0")/lib.sh"
require_root
ROUTERD=$1 ROUTERCTL=$2 PLUGINS=$3 KILLS=$(repetitions "${5:-50}")
make_workdir
trap 'status=$?; [ $status -eq 0 ] || dump_logs; cleanup; exit $status' EXIT
vrrp_lab

vip_config() {  # vip_config SUBNET: owner of 172.16.SUBNET.1..20
    cat <<TOML
[vrrp.instance.VI_1]
interface = "eth0"
virtual_router_id = 118
priority = 255
advert_int = "1s"
virtual_ipaddress = [$(for n in $(seq 1 20); do echo "\"172.16.$1.$n\""; done | paste -sd, -)]
TOML
}
vip_config 3 >"$WORKDIR/set3.toml"
vip_config 4 >"$WORKDIR/set4.toml"
on_r1() { ip -n "$(ns r1)" -o addr show dev eth0 | grep -c " 172\.16\.$1\." || true; }

start_r1() {  # start_r1 SET: starts r1 on set SET's configuration, its pid in $pid
    rm -f "$WORKDIR/r1/routerd.sock"
    mkdir -p "$WORKDIR/r1"
    ip netns exec "$(ns r1)" "$ROUTERD" --foreground --log-level debug \
        --config "$WORKDIR/set$1.toml" --plugin-dir "$PLUGINS" \
        --state-db "$WORKDIR/r1/state.db" --control-socket "$WORKDIR/r1/routerd.sock" \
        >>"$WORKDIR/r1/log" 2>&1 &
    pid=$!
    PIDS+=("$pid")
}
stop_r1() {  # kill -9, then wait for the process to be gone
    kill -9 "$pid"
    wait "$pid" 2>/dev/null || true
    forget_pid "$pid"
}

# The kill instants are spread over one and a half times a measured start to MASTER with all
# 20 VIPs (about 0.6 s for a release build, several seconds for an instrumented one), so that
# every build has kills in each phase of the start.
begun=$(now_ms)
start_r1 4
wait_for 60 sh -c "[ \$(ip -n $(ns r1) -o addr show dev eth0 | grep -c ' 172\.16\.4\.') -eq 20 ]"
window=$((($(now_ms) - begun) * 3 / 2))
stop_r1
echo "a start to MASTER with 20 VIPs took $((window * 2 / 3)) ms: kills fall within $window ms"

checked=0 with_vips=0
for round in $(seq 1 "$KILLS"); do
    own=$((3 + round % 2)) other=$((4 - round % 2))
    start_r1 "$own"
    sleep_until_ms $(($(now_ms) + RANDOM % window))
    if [ -S "$WORKDIR/r1/routerd.sock" ] && ctl_in r1 status >/dev/null 2>&1; then
        stale=$(on_r1 "$other")
        [ "$stale" -eq 0 ] || fail "round $round: $stale VIPs of the killed run are still on eth0"
        mine=$(on_r1 "$own")
        # Read after the addresses: an owner once MASTER stays so.
        state=$(vrrp_state r1 VI_1)
        [ "$mine" -eq 0 ] || [ "$state" = MASTER ] ||
            fail "round $round: $mine VIPs on eth0 while $state"
        checked=$((checked + 1))
    fi
    stop_r1
    left=$(on_r1 "$own")
    [ "$left" -eq 0 ] || with_vips=$((with_vips + 1))
    verdict=$(sqlite3 "$WORKDIR/r1/state.db" 'PRAGMA integrity_check' 2>&1 || true)
    [ "$verdict" = ok ] || fail "round $round: integrity_check after the kill: $verdict"
done
echo "$KILLS kills: $with_vips left VIPs behind, $checked runs checked while up; integrity_check ok after each"
[ "$with_vips" -gt 0 ] || fail "no kill landed after a VIP was added: the test proved nothing"
[ "$checked" -gt 0 ] || fail "no run was up before its kill: the test proved nothing"

# A last start with neither set configured removes every leftover.
pair_config 100 >"$WORKDIR/none.toml"
start_routerd r1 "$WORKDIR/none.toml"
wait_for 10 sh -c "[ \$(ip -n $(ns r1) -o addr show dev eth0 | grep -c ' 172\.16\.[34]\.') -eq 0 ]"
kill -TERM "$PID_r1"
wait "$PID_r1" || fail "routerd did not exit cleanly"
forget_pid "$PID_r1"
[ "$(sqlite3 "$WORKDIR/r1/state.db" 'PRAGMA integrity_check')" = ok ] || fail "integrity_check at the end"
echo "kill9_store: pass"
