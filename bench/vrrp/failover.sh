#!/usr/bin/env bash
# Failover time: from the master's death (daemon SIGKILLed and its link cut, as if powered
# off) to the VIP answering pings from a client, for a routerd pair and a keepalived pair on
# the same namespace lab, in the same run, against the protocol's bound:
#   VRRPv2 advert_int 1 s:     3 x 1 s + (256 - 150) / 256 s      = 3414 ms
#   VRRPv3 advert_int 100 ms:  3 x 100 ms + (256 - 150) x 10 ms / 256 = 340 ms (centiseconds)
# Prints each run and the medians, and routerd / keepalived ratios.
# Usage: failover.sh BUILD_DIR [RUNS]   (root; RUNS per case, default 5)
source "$(dirname "$0")/../../tests/integration/lib/common.sh"
source "$(dirname "$0")/../../tests/integration/lib/netns.sh"
source "$(dirname "$0")/../../tests/integration/vrrp/lib.sh"
require_root
BUILD_DIR=$(realpath "$1")
RUNS=${2:-5}
ROUTERD=$BUILD_DIR/kernel/routerd ROUTERCTL=$BUILD_DIR/kernel/routerctl PLUGINS=$BUILD_DIR/plugins
make_workdir
vrrp_lab

routerd_config() {  # routerd_config VERSION INTERVAL PRIORITY
    cat <<TOML
[vrrp.instance.VI_1]
interface = "eth0"
virtual_router_id = 60
version = $1
advert_int = "$2"
priority = $3
virtual_ipaddress = ["172.16.0.100"]
TOML
}

keepalived_config() {  # keepalived_config VERSION INTERVAL_SECONDS PRIORITY
    cat <<CONF
global_defs { vrrp_version $1 }
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 60
    priority $3
    advert_int $2
    virtual_ipaddress { 172.16.0.100/32 }
}
CONF
}

start_daemon() {  # start_daemon KIND HOST VERSION INTERVAL PRIORITY
    local kind=$1 host=$2
    mkdir -p "$WORKDIR/$host"
    rm -f "$WORKDIR/$host"/state.db* "$WORKDIR/$host"/*.pid
    if [ "$kind" = routerd ]; then
        routerd_config "$3" "$4" "$5" >"$WORKDIR/$host/conf"
        ip netns exec "$(ns "$host")" "$ROUTERD" --foreground --config "$WORKDIR/$host/conf" \
            --plugin-dir "$PLUGINS" --state-db "$WORKDIR/$host/state.db" \
            --control-socket "$WORKDIR/$host/routerd.sock" >"$WORKDIR/$host/log" 2>&1 &
    else
        local seconds=${4%s}
        [[ $4 == *ms ]] && seconds=$(python3 -c "print(${4%ms}/1000)")
        keepalived_config "$3" "$seconds" "$5" >"$WORKDIR/$host/conf"
        ip netns exec "$(ns "$host")" keepalived --dont-fork --log-console --vrrp \
            --use-file "$WORKDIR/$host/conf" --pid "$WORKDIR/$host/k.pid" \
            --vrrp_pid "$WORKDIR/$host/kv.pid" >"$WORKDIR/$host/log" 2>&1 &
    fi
    eval "DAEMON_$host=$!"
}

stop_all() {
    kill -9 "$DAEMON_r1" "$DAEMON_r2" 2>/dev/null || true
    pkill -9 -f "[k]eepalived.*$WORKDIR" 2>/dev/null || true
    wait "$DAEMON_r1" "$DAEMON_r2" 2>/dev/null || true
    local host
    for host in r1 r2; do
        ip -n "$(ns "$host")" link set eth0 up
        ip -n "$(ns "$host")" addr del 172.16.0.100/32 dev eth0 2>/dev/null || true
    done
}

vip_on() { ip -n "$(ns "$1")" -o addr show dev eth0 | grep -w 172.16.0.100 >/dev/null; }

one_run() {  # one_run KIND VERSION INTERVAL -> prints milliseconds
    local kind=$1
    start_daemon "$kind" r1 "$2" "$3" 200
    wait_for 15 vip_on r1
    start_daemon "$kind" r2 "$2" "$3" 150
    sleep 3  # r2 settles as backup and the client learns r1's MAC
    in_ns client ping -c 1 -W 1 172.16.0.100 >/dev/null
        # The link goes first, so that nothing (keepalived's VRRP child resigning as its parent
    # dies, say) reaches the LAN after the moment of death.
    ip -n "$(ns r1)" link set eth0 down
    local start=$(date +%s%N)
    kill -9 "$DAEMON_r1"
    pkill -9 -f "[k]eepalived.*$WORKDIR/r1" 2>/dev/null || true
    until in_ns client ping -c 1 -W 0.02 172.16.0.100 >/dev/null 2>&1; do :; done
    echo $((($(date +%s%N) - start) / 1000000))
    stop_all
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }

printf '%-22s %-10s %s\n' "case" "daemon" "failover ms (runs) -> median"
for case in "2 1s 3414" "3 100ms 340"; do
    set -- $case
    declare -A result=()
    for kind in routerd keepalived; do
        runs=()
        for _ in $(seq "$RUNS"); do runs+=("$(one_run "$kind" "$1" "$2")"); done
        result[$kind]=$(printf '%s\n' "${runs[@]}" | median)
        printf '%-22s %-10s %s -> %s\n' "VRRPv$1 advert $2 (bound $3)" "$kind" "${runs[*]}" \
            "${result[$kind]}"
    done
    python3 -c "r, k, b = ${result[routerd]}, ${result[keepalived]}, $3
print(f'  routerd/keepalived = {r / k:.2f}; routerd - bound = {r - b:+d} ms; keepalived - bound = {k - b:+d} ms')"
done
