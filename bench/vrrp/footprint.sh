#!/usr/bin/env bash
# The reference page's two-router failover configuration (etc/examples/failover-*.toml, and the
# same page's keepalived.conf pair in tests/data/keepalived/archwiki-failover-*.conf), run by a
# routerd pair and by a keepalived pair, each pair on a LAN of its own in the same run: resident
# memory (VmRSS) and threads of each router once it has settled, and the ratios routerd /
# keepalived. routerd runs with every plugin of the build's plugin folder, as installed
# (plugins the configuration does not use must cost nothing); keepalived counts its parent and
# its VRRP child (`--vrrp`), both processes.
# Usage: footprint.sh BUILD_DIR [SETTLE_SECONDS]   (root; default 10)
source "$(dirname "$0")/../../tests/integration/lib/common.sh"
source "$(dirname "$0")/../../tests/integration/lib/netns.sh"
require_root
BUILD_DIR=$(realpath "$1")
SETTLE=${2:-10}
SOURCE_DIR=$(realpath "$(dirname "$0")/../..")
ROUTERD=$BUILD_DIR/kernel/routerd
make_workdir

for side in rd ka; do
    lan_add "$side-lan"
    ns_add "$side-A"
    ns_add "$side-B"
    lan_join "$side-lan" "$side-A" eth0 172.16.0.1/24
    lan_join "$side-lan" "$side-B" eth0 172.16.0.2/24
done

declare -A PID_OF
for host in A B; do
    role=$([ $host = A ] && echo master || echo backup)
    mkdir -p "$WORKDIR/$host"
    ip netns exec "$(ns rd-$host)" "$ROUTERD" --foreground \
        --config "$SOURCE_DIR/etc/examples/failover-$role.toml" \
        --plugin-dir "$BUILD_DIR/plugins" --state-db "$WORKDIR/$host/state.db" \
        --control-socket "$WORKDIR/$host/routerd.sock" >"$WORKDIR/$host/routerd.log" 2>&1 &
    PID_OF[rd-$host]=$!
    PIDS+=("$!")
    ip netns exec "$(ns ka-$host)" keepalived --dont-fork --log-console --vrrp \
        --use-file "$SOURCE_DIR/tests/data/keepalived/archwiki-failover-$host.conf" \
        --pid "$WORKDIR/$host/k.pid" --vrrp_pid "$WORKDIR/$host/kv.pid" \
        >"$WORKDIR/$host/keepalived.log" 2>&1 &
    PIDS+=("$!")
done

has_vip() { ip -n "$(ns "$1")" -o addr show dev eth0 | grep -qw 172.16.0.100; }
wait_for 30 has_vip rd-A
wait_for 30 has_vip ka-A
sleep "$SETTLE"

# keepalived_pids HOST: the parent and its VRRP child, from their pid files.
keepalived_pids() { cat "$WORKDIR/$1/k.pid" "$WORKDIR/$1/kv.pid"; }
# footprint PID...: "RSS_KIB THREADS PROCESSES", summed over the processes.
footprint() {
    local pid rss=0 threads=0
    for pid in "$@"; do
        rss=$((rss + $(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")))
        threads=$((threads + $(awk '/^Threads/ {print $2}' "/proc/$pid/status")))
    done
    echo "$rss $threads $#"
}
# thread_names PID: the names of its threads, counted ("3 routerd 1 vrrp ...").
thread_names() { cat /proc/"$1"/task/*/comm | sort | uniq -c | awk '{printf "%s %s, ", $1, $2}'; }

echo "reference two-router configuration, after ${SETTLE} s settled"
for host in A B; do
    role=$([ $host = A ] && echo master || echo backup)
    read -r r_rss r_threads _ < <(footprint "${PID_OF[rd-$host]}")
    # shellcheck disable=SC2046
    read -r k_rss k_threads k_procs < <(footprint $(keepalived_pids "$host"))
    printf '  %-6s routerd    RSS %6d kB  threads %2d  (1 process: %s)\n' "$role" "$r_rss" \
        "$r_threads" "$(thread_names "${PID_OF[rd-$host]}" | sed 's/, $//')"
    printf '  %-6s keepalived RSS %6d kB  threads %2d  (%d processes)\n' "$role" "$k_rss" \
        "$k_threads" "$k_procs"
    awk -v r="$r_rss" -v k="$k_rss" -v rt="$r_threads" -v kt="$k_threads" \
        'BEGIN { printf "         routerd/keepalived: RSS %.2f, threads %.2f\n", r / k, rt / kt }'
done
