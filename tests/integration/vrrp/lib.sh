# Shared by the VRRP integration tests: a LAN with routers r1, r2 and a client, and routerd
# run inside a router's namespace.
# Usage (after common.sh and netns.sh): vrrp_lab; start_routerd r1 CONFIG; ...

vrrp_lab() {
    lan_add lan
    ns_add r1
    ns_add r2
    ns_add client
    lan_join lan r1 eth0 172.16.0.1/24 2001:db8::1/64
    lan_join lan r2 eth0 172.16.0.2/24 2001:db8::2/64
    lan_join lan client eth0 172.16.0.10/24 2001:db8::10/64
}

# start_routerd HOST CONFIG [STATE_DB]: routerd in HOST's namespace, state (unless given) and
# socket in $WORKDIR/HOST.
start_routerd() {
    local host=$1 config=$2 state_db=${3:-$WORKDIR/$1/state.db}
    mkdir -p "$WORKDIR/$host"
    # `ip netns exec` execs routerd in place: $! is routerd itself, for kill -9.
    ip netns exec "$(ns "$host")" "$ROUTERD" --foreground --log-level debug --config "$config" \
        --plugin-dir "$PLUGINS" --state-db "$state_db" \
        --control-socket "$WORKDIR/$host/routerd.sock" >>"$WORKDIR/$host/log" 2>&1 &
    eval "PID_$host=$!"
    PIDS+=("$!")
    wait_for 10 test -S "$WORKDIR/$host/routerd.sock"
}

ctl_in() {
    local host=$1
    shift
    "$ROUTERCTL" --socket "$WORKDIR/$host/routerd.sock" "$@"
}

# vrrp_state HOST INSTANCE: MASTER, BACKUP, FAULT or INIT, from routerctl's table, whose row
# for an instance is "NAME  STATE  PRIORITY ..." (no python: its start alone takes over a
# second on a loaded 2-core machine, too slow for polling a transition).
vrrp_state() {
    ctl_in "$1" vrrp 2>/dev/null | awk -v name="$2" '$1 == name && NF > 2 { state = $2 } END { print state }'
}

state_is() { [ "$(vrrp_state "$1" "$2")" = "$3" ]; }

# one_master R1_INSTANCE R2_INSTANCE: exactly one of them is MASTER.
one_master() {
    local masters=0
    state_is r1 "$1" MASTER && masters=$((masters + 1))
    state_is r2 "$2" MASTER && masters=$((masters + 1))
    [ "$masters" -eq 1 ]
}

# A routerd that has exited is no longer cleanup's to kill: its pid may be someone else's soon.
forget_pid() {
    local kept=() p
    for p in "${PIDS[@]}"; do [ "$p" = "$1" ] || kept+=("$p"); done
    PIDS=("${kept[@]}")
}

has_address() { ip -n "$(ns "$1")" -o addr show dev eth0 | grep -w "$2" >/dev/null; }

mac_of() { ip -n "$(ns "$1")" -o link show dev eth0 | grep -o 'link/ether [0-9a-f:]*' | cut -d' ' -f2; }

# The MAC the client's neighbour table has for ADDRESS.
client_neighbour_mac() { ip -n "$(ns client)" neigh show "$1" | grep -o 'lladdr [0-9a-f:]*' | cut -d' ' -f2; }

# start_keepalived CONFIG: Debian's keepalived (VRRP only) in r2's namespace, logging to
# $WORKDIR/keepalived.log.
start_keepalived() {
    ip netns exec "$(ns r2)" keepalived --dont-fork --log-console --log-detail --vrrp \
        --use-file "$1" --pid "$WORKDIR/keepalived.pid" \
        --vrrp_pid "$WORKDIR/keepalived-vrrp.pid" >>"$WORKDIR/keepalived.log" 2>&1 &
    KEEPALIVED_PID=$!
    PIDS+=("$KEEPALIVED_PID")
}

# Kills keepalived and its VRRP child (which outlives its parent for a moment to resign), and
# gives r2 back its own addresses only.
stop_keepalived() {
    kill -9 "$KEEPALIVED_PID" 2>/dev/null || true
    wait "$KEEPALIVED_PID" 2>/dev/null || true
    pkill -9 -f "[k]eepalived.*$WORKDIR" 2>/dev/null || true
    wait_for 10 sh -c "! pgrep -f '[k]eepalived.*$WORKDIR'"
    rm -f "$WORKDIR"/keepalived*.pid
    ip -n "$(ns r2)" addr flush dev eth0 scope global 2>/dev/null || true
    ip -n "$(ns r2)" addr add 172.16.0.2/24 dev eth0
    ip -n "$(ns r2)" -6 addr add 2001:db8::2/64 dev eth0 nodad
}

dump_logs() {
    local host
    for host in r1 r2; do
        if [ -f "$WORKDIR/$host/log" ]; then
            echo "--- $host log ---" >&2
            tail -n 40 "$WORKDIR/$host/log" >&2
        fi
    done
}
