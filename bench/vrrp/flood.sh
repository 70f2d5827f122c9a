#!/usr/bin/env bash
# Flood: RATE bad adverts per second for SECONDS at a VRRP master (VRRPv3, VRID 51, advert_int
# 1 s, priority 200, with a backup of priority 100), first for a routerd pair, then for a
# Debian keepalived pair with the same configuration, in the same run. The flood is
# tests/integration/vrrp/flood_junk.c, rate-limited: a quarter each of adverts for VRIDs
# nobody has, adverts for VRID 51 with a routed TTL, adverts for VRID 51 with a bad checksum,
# and noise. A watcher on the LAN times both routers' adverts (advert_gaps.py).
# Prints for each daemon: the master's largest advert gap, the watch's start and end counted
# as adverts (goal: interval + 10 ms), the backup's adverts (must be 0), the log lines both
# daemons wrote during the flood, and the CPU time of the master's VRRP thread (routerd: the thread named "vrrp"; keepalived: its VRRP
# child process), then routerd / keepalived (goal <= 0.5).
# Usage: flood.sh BUILD_DIR [RATE] [SECONDS]   (root; defaults 10000 and 10)
source "$(dirname "$0")/../../tests/integration/lib/common.sh"
source "$(dirname "$0")/../../tests/integration/lib/netns.sh"
source "$(dirname "$0")/../../tests/integration/vrrp/lib.sh"
require_root
command -v keepalived >/dev/null || { echo "SKIP: keepalived is not installed"; exit 77; }
BUILD_DIR=$(realpath "$1")
RATE=${2:-10000}
FLOOD_SECONDS=${3:-10}
ROUTERD=$BUILD_DIR/kernel/routerd ROUTERCTL=$BUILD_DIR/kernel/routerctl PLUGINS=$BUILD_DIR/plugins
VRRP_TESTS=$(dirname "$0")/../../tests/integration/vrrp
make_workdir
vrrp_lab
ns_add mon
lan_join lan mon eth0 172.16.0.20/24
cc -O2 -Wall -o "$WORKDIR/flood_junk" "$VRRP_TESTS/flood_junk.c" || fail "cannot build the flooder"

routerd_config() { # routerd_config PRIORITY
    cat <<TOML
[vrrp.instance.VI_1]
interface = "eth0"
virtual_router_id = 51
version = 3
priority = $1
advert_int = "1s"
virtual_ipaddress = ["172.16.0.100/24"]
TOML
}

keepalived_config() { # keepalived_config PRIORITY
    cat <<CONF
global_defs { vrrp_version 3 }
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 51
    priority $1
    advert_int 1
    virtual_ipaddress { 172.16.0.100/24 }
}
CONF
}

start_daemon() { # start_daemon KIND HOST PRIORITY
    local kind=$1 host=$2
    mkdir -p "$WORKDIR/$host"
    rm -f "$WORKDIR/$host"/state.db* "$WORKDIR/$host"/*.pid "$WORKDIR/$host/log"
    if [ "$kind" = routerd ]; then
        routerd_config "$3" >"$WORKDIR/$host/conf"
        ip netns exec "$(ns "$host")" "$ROUTERD" --foreground --config "$WORKDIR/$host/conf" \
            --plugin-dir "$PLUGINS" --state-db "$WORKDIR/$host/state.db" \
            --control-socket "$WORKDIR/$host/routerd.sock" >"$WORKDIR/$host/log" 2>&1 &
    else
        keepalived_config "$3" >"$WORKDIR/$host/conf"
        ip netns exec "$(ns "$host")" keepalived -n -l -D -P -f "$WORKDIR/$host/conf" \
            -p "$WORKDIR/$host/k.pid" -r "$WORKDIR/$host/kv.pid" >"$WORKDIR/$host/log" 2>&1 &
    fi
    eval "DAEMON_$host=$!"
    PIDS+=("$!")
}

stop_all() {
    local host child
    for host in r1 r2; do
        child=$(cat "$WORKDIR/$host/kv.pid" 2>/dev/null) || child=""
        eval "kill -9 \$DAEMON_$host $child" 2>/dev/null || true
        eval "wait \$DAEMON_$host" 2>/dev/null || true
        [ -z "$child" ] || wait_for 10 sh -c "! kill -0 $child"
        ip -n "$(ns "$host")" addr del 172.16.0.100/24 dev eth0 2>/dev/null || true
    done
}

vip_on() { ip -n "$(ns "$1")" -o addr show dev eth0 | grep -w 172.16.0.100 >/dev/null; }

# The /proc stat file of the master's VRRP thread or process.
vrrp_stat() { # vrrp_stat KIND
    if [ "$1" = routerd ]; then
        local comm
        for comm in /proc/"$DAEMON_r1"/task/*/comm; do
            [ "$(cat "$comm")" = vrrp ] && echo "${comm%comm}stat" && return
        done
        fail "routerd has no thread named vrrp"
    fi
    echo "/proc/$(cat "$WORKDIR/r1/kv.pid")/stat"
}
cpu_ticks() { awk '{print $14 + $15}' "$1"; } # utime + stime (the names hold no spaces)
log_lines() { cat "$WORKDIR"/r1/log "$WORKDIR"/r2/log | wc -l; }
# State changes either daemon logged from line FIRST of both logs on.
state_changes() {
    cat "$WORKDIR"/r1/log "$WORKDIR"/r2/log | tail -n +"$1" |
        grep -c -E ': (MASTER|BACKUP|FAULT) -> |Entering [A-Z]+ STATE' || true
}

declare -A CPU
printf '%-10s %7s %14s %11s %14s %13s %9s %10s\n' daemon sent master_adverts largest_gap \
    backup_adverts state_changes log_lines vrrp_cpu_s
for kind in routerd keepalived; do
    start_daemon "$kind" r1 200
    wait_for 15 vip_on r1
    start_daemon "$kind" r2 100
    sleep 5 # r2 hears r1 and settles as backup
    ! vip_on r2 || fail "$kind: r2 took the VIP before the flood"
    [ "$kind" = routerd ] || wait_for 5 test -s "$WORKDIR/r1/kv.pid"
    stat=$(vrrp_stat "$kind")
    for host in r1 r2; do
        address=172.16.0.1
        [ "$host" = r1 ] || address=172.16.0.2
        ip netns exec "$(ns mon)" python3 "$VRRP_TESTS/advert_gaps.py" --dev eth0 \
            --src "$address" --seconds $((FLOOD_SECONDS + 3)) --edges >"$WORKDIR/gaps.$host" &
        eval "WATCH_$host=$!"
    done
    sleep 1
    lines_before=$(log_lines)
    cpu_before=$(cpu_ticks "$stat")
    sent=$(ip netns exec "$(ns client)" "$WORKDIR/flood_junk" eth0 172.16.0.10 51 \
        "$FLOOD_SECONDS" "$RATE")
    cpu_after=$(cpu_ticks "$stat")
    wait "$WATCH_r1" "$WATCH_r2"
    lines=$(($(log_lines) - lines_before))
    changes=$(state_changes $((lines_before + 1)))
    read -r gap adverts <"$WORKDIR/gaps.r1"
    read -r _ backup_adverts <"$WORKDIR/gaps.r2"
    if [ "$kind" = routerd ]; then # what reached the VRRP thread (the rest: the kernel filter)
        COUNTED=$(ctl_in r1 --json vrrp json | python3 -c 'import json, sys
r = json.load(sys.stdin)["result"]
print("drops", r["instances"]["VI_1"]["drops"], "receive", r["receive"])')
    fi
    CPU[$kind]=$(python3 -c "print(($cpu_after - $cpu_before) / $(getconf CLK_TCK))")
    printf '%-10s %7s %14s %11s %14s %13s %9s %10s\n' "$kind" "$sent" "$adverts" "${gap}s" \
        "$backup_adverts" "$changes" "$lines" "${CPU[$kind]}"
    stop_all
done
echo "routerd's master counted $COUNTED"
python3 -c "r, k = ${CPU[routerd]}, ${CPU[keepalived]}
print(f'VRRP CPU routerd / keepalived = {r / k:.2f} (goal <= 0.5)' if k else 'keepalived used no measurable CPU')"
