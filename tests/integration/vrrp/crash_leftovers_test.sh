#!/usr/bin/env bash
# A crash at any instant leaves no VIP behind that the next start does not remove: routerd
# records each VIP in its state database before adding it. Twenty times (`repetitions`: five in
# the sanitizer pass), a routerd that becomes MASTER at once (priority 255) with 100 VIPs is
# killed with -9 at a different instant (before, during and after it adds them); then a routerd
# whose configuration has none of those VIPs starts on the same state database and must remove
# every one left on the interface.
# Usage: crash_leftovers_test.sh ROUTERD ROUTERCTL PLUGIN_DIR SOURCE_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/lib.sh"
require_root
ROUTERD=$1 ROUTERCTL=$2 PLUGINS=$3 SOURCE_DIR=$4
make_workdir
trap 'status=$?; [ $status -eq 0 ] || dump_logs; cleanup; exit $status' EXIT
vrrp_lab

vips() { for n in $(seq 1 100); do echo "\"172.16.1.$n\""; done | paste -sd, -; }
cat >"$WORKDIR/many-vips.toml" <<TOML
[vrrp.instance.VI_1]
interface = "eth0"
virtual_router_id = 151
priority = 255
advert_int = "1s"
virtual_ipaddress = [$(vips)]
TOML
cat >"$WORKDIR/other-vip.toml" <<TOML
[vrrp.instance.VI_2]
interface = "eth0"
virtual_router_id = 152
priority = 100
advert_int = "1s"
virtual_ipaddress = ["172.16.2.1"]
TOML

left_on_r1() { ip -n "$(ns r1)" -o addr show dev eth0 | grep -c ' 172\.16\.1\.' || true; }
none_left() { [ "$(left_on_r1)" -eq 0 ]; }

killed_with_vips=0 rounds=$(repetitions 20)
for round in $(seq 1 "$rounds"); do
    mkdir -p "$WORKDIR/r1"
    ip netns exec "$(ns r1)" "$ROUTERD" --foreground --log-level debug \
        --config "$WORKDIR/many-vips.toml" --plugin-dir "$PLUGINS" \
        --state-db "$WORKDIR/r1/state.db" --control-socket "$WORKDIR/r1/routerd.sock" \
        >>"$WORKDIR/r1/log" 2>&1 &
    pid=$!
    PIDS+=("$pid")
    if [ $((round % 4)) -eq 0 ]; then
        # Some rounds at a time after the start rather than after the first VIP.
        sleep "0.$((round * 4))"
    else
        wait_for 20 sh -c "[ \$(ip -n $(ns r1) -o addr show dev eth0 | grep -c ' 172\.16\.1\.') -gt 0 ]"
        sleep "0.00$((round % 10))"
    fi
    kill -9 "$pid"
    wait "$pid" 2>/dev/null || true
    forget_pid "$pid"
    left=$(left_on_r1)
    [ "$left" -gt 0 ] && killed_with_vips=$((killed_with_vips + 1))
    rm -f "$WORKDIR/r1/routerd.sock"

    start_routerd r1 "$WORKDIR/other-vip.toml"
    echo "round $round: killed with $left of 100 VIPs on eth0"
    wait_for 20 none_left
    kill -TERM "$PID_r1"
    wait "$PID_r1" || fail "round $round: routerd did not exit cleanly"
    forget_pid "$PID_r1"
done
echo "$killed_with_vips of $rounds kills left VIPs behind, every one removed by the next start"
[ "$killed_with_vips" -gt 0 ] || fail "no kill landed after a VIP was added: the test proved nothing"
echo "crash_leftovers: pass"
