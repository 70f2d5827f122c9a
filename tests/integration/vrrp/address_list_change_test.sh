#!/usr/bin/env bash
# A rolling change of the virtual address list: one router is reloaded (SIGHUP) with a second
# VIP, some seconds later the other, while the client pings the first VIP. In between, the two
# advertise different address lists (RFC 5798 §7.1):
#  - owner: r1 has priority 255. r2 processes its adverts anyway: never two masters;
#  - skip_check_adv_addr on r2: it keeps following the master it follows: never two masters;
#  - neither: r2 drops r1's adverts (address_list_mismatch) and takes over too, until it is
#    reloaded as well; then the pair settles again.
# Each time the mismatch shows in `routerctl vrrp` and is logged once, not once per advert.
# Usage: address_list_change_test.sh ROUTERD ROUTERCTL PLUGIN_DIR SOURCE_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/lib.sh"
require_root
ROUTERD=$1 ROUTERCTL=$2 PLUGINS=$3 SOURCE_DIR=$4
make_workdir
trap 'status=$?; [ $status -eq 0 ] || dump_logs; cleanup; exit $status' EXIT
vrrp_lab

ONE='"172.16.0.100"'
TWO='"172.16.0.100", "172.16.0.101"'
config() {  # config PRIORITY VIPS [EXTRA_LINE]
    printf '[vrrp.instance.VI_1]\ninterface = "eth0"\nvirtual_router_id = 61\npriority = %s\n' "$1"
    printf 'advert_int = "1s"\nvirtual_ipaddress = [%s]\n%s\n' "$2" "${3:-}"
}

reload() {  # reload HOST: SIGHUP, then wait until routerd applied it
    local host=$1 pid count
    pid=$(eval echo "\$PID_$host")
    count=$(grep -c "reload applied" "$WORKDIR/$host/log" || true)
    kill -HUP "$pid"
    wait_for 10 sh -c "[ \$(grep -c 'reload applied' '$WORKDIR/$host/log') -gt $count ]"
}

# Samples both routers' states every 0.2 s into $WORKDIR/states (from the text of
# `routerctl vrrp`: cheaper than parsing its JSON on a busy machine).
state_of() { ctl_in "$1" vrrp 2>/dev/null | awk '$1 == "VI_1" { print $2 }'; }
watch_states() {
    while true; do
        echo "$(state_of r1) $(state_of r2)"
        sleep 0.2
    done >"$WORKDIR/states"
}

# routerctl vrrp's table: INSTANCE STATE PRIORITY BASE INTERFACE VRID VERSION MASTER ...
follows_r1() { ctl_in r2 vrrp | awk '$1 == "VI_1" && $8 == "172.16.0.1" { found = 1 } END { exit !found }'; }
mismatch_shown() { ctl_in r2 vrrp | grep -F "address list mismatch: 172.16.0.1 advertises [\"172.16.0.100\",\"172.16.0.101\"]"; }
dropped_by_r2() {
    ctl_in r2 --json vrrp json | python3 -c "import json,sys
print(json.load(sys.stdin)['result']['instances']['VI_1']['drops'].get('address_list_mismatch', 0))"
}
mismatch_lines() {
    grep -c "VI_1: 172.16.0.1 advertises \[172.16.0.100, 172.16.0.101\] but ours is \[172.16.0.100\]" \
        "$WORKDIR/r2/log" || true
}

# rolling_change NAME R1_PRIORITY R2_EXTRA SPLIT: SPLIT is "split" when r2 is expected to take
# over during the change, else "one-master".
rolling_change() {
    local name=$1 priority=$2 extra=$3 split=$4
    echo "== $name"
    rm -rf "$WORKDIR/r1" "$WORKDIR/r2"
    config "$priority" "$ONE" >"$WORKDIR/r1.toml"
    config 100 "$ONE" "$extra" >"$WORKDIR/r2.toml"
    start_routerd r1 "$WORKDIR/r1.toml"
    wait_for 10 state_is r1 VI_1 MASTER
    start_routerd r2 "$WORKDIR/r2.toml"
    wait_for 10 state_is r2 VI_1 BACKUP
    # r2 has heard r1 (skip_check_adv_addr trusts only a master already followed).
    wait_for 10 follows_r1
    ip netns exec "$(ns client)" ping -n -i 0.2 -W 1 172.16.0.100 >"$WORKDIR/ping" 2>&1 &
    local ping=$!
    watch_states &
    local watcher=$!
    PIDS+=("$ping" "$watcher")

    config "$priority" "$TWO" >"$WORKDIR/r1.toml"
    reload r1
    wait_for 5 mismatch_shown
    sleep 5  # longer than r2's master down interval (3 s + skew)
    mismatch_shown >/dev/null || fail "the mismatch is no longer shown"
    ctl_in r2 vrrp | grep "address list mismatch" | sed 's/^ */r2: /'
    [ "$(mismatch_lines)" = 1 ] || fail "the mismatch was logged $(mismatch_lines) times"
    if [ "$split" = split ]; then
        state_is r2 VI_1 MASTER || fail "r2 did not take over while it dropped r1's adverts"
        [ "$(dropped_by_r2)" -gt 0 ] || fail "r2 did not count the dropped adverts"
    else
        state_is r2 VI_1 BACKUP || fail "r2 left BACKUP during the change"
    fi

    config 100 "$TWO" "$extra" >"$WORKDIR/r2.toml"
    reload r2  # a new instance on r2, with the new list: nothing left to compare
    wait_for 10 state_is r2 VI_1 BACKUP
    ! ctl_in r2 vrrp | grep -q "address list mismatch" || fail "the mismatch is still shown"
    state_is r1 VI_1 MASTER || fail "r1 is not MASTER after the change"
    sleep 1

    kill "$watcher" && wait "$watcher" 2>/dev/null || true
    kill -INT "$ping" && wait "$ping" 2>/dev/null || true
    local both
    both=$(grep -c "^MASTER MASTER$" "$WORKDIR/states" || true)
    echo "$name: $(grep -c . "$WORKDIR/states") samples, $both with two masters;" \
        "ping: $(grep -o '[0-9]* packets transmitted, [0-9]* received' "$WORKDIR/ping")"
    if [ "$split" != split ] && [ "$both" -gt 0 ]; then fail "two masters during the change"; fi
    kill -TERM "$PID_r1" "$PID_r2"
    wait "$PID_r1" "$PID_r2" || true
}

rolling_change "owner (priority 255)" 255 "" one-master
rolling_change "skip_check_adv_addr" 200 "skip_check_adv_addr = true" one-master
rolling_change "neither: the backup takes over until it has the new list too" 200 "" split
echo "address list change: pass"
