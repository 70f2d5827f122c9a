# FRR per namespace for the BGP labs (bash; source after lib/common.sh and lib/netns.sh). Each
# namespace runs its own zebra, bfdd and bgpd from Debian's frr package under an FRR
# pathspace named after the namespace (-N): their sockets, pid files, configuration and logs
# live in /run/frr/<namespace>/, which the daemons (user frr) can read, and which cleanup
# removes. No system-wide FRR is used or needed.

FRR_DIRS=()

frr_cleanup() {
    local dir
    for dir in "${FRR_DIRS[@]}"; do rm -rf "$dir"; done
}
CLEANUP_HOOKS+=(frr_cleanup)

# require_frr: skip (77) without Debian's frr.
require_frr() {
    if [ ! -x /usr/lib/frr/bgpd ] || ! command -v vtysh >/dev/null; then
        echo "SKIP: needs Debian's frr package (zebra, bfdd, bgpd, vtysh)"
        exit 77
    fi
}

frr_dir() { echo "/run/frr/$(ns "$1")"; }

# frr_daemon HOST DAEMON: starts one FRR daemon in HOST with $(frr_dir HOST)/DAEMON.conf.
frr_daemon() {
    local host=$1 daemon=$2 dir
    dir=$(frr_dir "$host")
    in_ns "$host" "/usr/lib/frr/$daemon" -d -N "$(ns "$host")" -f "$dir/$daemon.conf" \
        -i "$dir/$daemon.pid" --log "file:$dir/$daemon.log" -u frr -g frr
}

# frr_start HOST ZEBRA_CONF BFDD_CONF BGPD_CONF: zebra, bfdd and bgpd in HOST with these
# configurations (texts).
frr_start() {
    local host=$1 dir
    dir=$(frr_dir "$host")
    install -d -o frr -g frr -m 755 "$dir"
    FRR_DIRS+=("$dir")
    printf '%s\n' "$2" >"$dir/zebra.conf"
    printf '%s\n' "$3" >"$dir/bfdd.conf"
    printf '%s\n' "$4" >"$dir/bgpd.conf"
    chown frr:frr "$dir"/*.conf
    frr_daemon "$host" zebra
    wait_for 10 test -S "$dir/zserv.api"
    frr_daemon "$host" bfdd
    frr_daemon "$host" bgpd
}

# frr_kill HOST: kill -9 to every FRR daemon of HOST (a node whose routing dies at once).
frr_kill() {
    local dir pid
    dir=$(frr_dir "$1")
    for pid in "$dir"/*.pid; do kill -9 "$(cat "$pid")" 2>/dev/null || true; done
}

# vty HOST COMMAND...: vtysh commands in HOST's FRR.
vty() {
    local host=$1 args=() c
    shift
    for c in "$@"; do args+=(-c "$c"); done
    vtysh -N "$(ns "$host")" "${args[@]}" 2>/dev/null
}
