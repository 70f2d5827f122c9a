#!/usr/bin/env bash
# Fast failover that does not flap (issue 19, target 3): a routerd pair and a keepalived pair,
# VRRPv3 with advert_int 10 ms and then 50 ms, each daemon with its VRRP work under SCHED_RR
# and locked memory (routerd: [vrrp] rt_priority = 50, no_swap = true; keepalived: global_defs
# vrrp_rt_priority 50, vrrp_no_swap), on the same namespace lab in the same run.
#
# Every figure comes from the wire: a third host (the client) captures the adverts with dumpcap
# and tshark reads the capture back.
#  - failover: the master's link goes down and it is killed (kill -9, keepalived's VRRP child
#    too, as in a power cut); failover time = first advert of the new master - last advert of
#    the old one. The bound: 3 x interval + skew (RFC 5798 §6.1, backup priority 150) + 5 ms.
#  - flapping: with the pair settled and both cores busy with a CPU hog (stress-ng, one worker
#    per CPU, at nice 0), a WINDOW-second capture counts the backup's takeovers (runs of adverts
#    from the backup: each is a spurious transition to MASTER) and the master's longest gap
#    between adverts, at the client and on the master's own interface (as sent).
# Prints each run, the median and spread (min..max) per daemon, and routerd / keepalived ratios,
# with the load average at the start (the machine may be shared: the figures are timings).
# Usage: fast_failover.sh BUILD_DIR [RUNS] [WINDOW_SECONDS] [INTERVALS]
#   (root; RUNS failovers per case, default 5; WINDOW 60 s, 600 s for issue 19's full run;
#   INTERVALS default "10ms 50ms")
# With PERF_SCHED_DIR set, `perf sched record` covers each window, written to
# PERF_SCHED_DIR/KIND-INTERVAL.data (read it with `perf sched timehist -i FILE` at the times of
# the gaps the run prints).
source "$(dirname "$0")/../../tests/integration/lib/common.sh"
source "$(dirname "$0")/../../tests/integration/lib/netns.sh"
source "$(dirname "$0")/../../tests/integration/vrrp/lib.sh"
require_root
BUILD_DIR=$(realpath "$1")
RUNS=${2:-5}
WINDOW=${3:-60}
INTERVALS=${4:-10ms 50ms}
RT_PRIORITY=50
ROUTERD=$BUILD_DIR/kernel/routerd PLUGINS=$BUILD_DIR/plugins
command -v tshark >/dev/null && command -v dumpcap >/dev/null || fail "needs tshark and dumpcap"
command -v stress-ng >/dev/null || fail "needs stress-ng"
make_workdir
vrrp_lab

routerd_config() {  # INTERVAL PRIORITY
    cat <<TOML
[vrrp]
rt_priority = $RT_PRIORITY
no_swap = true

[vrrp.instance.VI_1]
interface = "eth0"
virtual_router_id = 61
version = 3
advert_int = "$1"
priority = $2
virtual_ipaddress = ["172.16.0.100"]
TOML
}

keepalived_config() {  # INTERVAL_SECONDS PRIORITY
    cat <<CONF
global_defs {
    vrrp_version 3
    vrrp_rt_priority $RT_PRIORITY
    vrrp_no_swap
}
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 61
    priority $2
    advert_int $1
    virtual_ipaddress { 172.16.0.100/32 }
}
CONF
}

start_daemon() {  # KIND HOST INTERVAL PRIORITY
    local kind=$1 host=$2 dir=$WORKDIR/$2
    mkdir -p "$dir"
    rm -f "$dir"/state.db* "$dir"/*.pid
    if [ "$kind" = routerd ]; then
        routerd_config "$3" "$4" >"$dir/conf"
        ip netns exec "$(ns "$host")" "$ROUTERD" --foreground --config "$dir/conf" \
            --plugin-dir "$PLUGINS" --state-db "$dir/state.db" \
            --control-socket "$dir/routerd.sock" >"$dir/log" 2>&1 &
    else
        keepalived_config "$(python3 -c "print(${3%ms} / 1000)")" "$4" >"$dir/conf"
        ip netns exec "$(ns "$host")" keepalived --dont-fork --log-console --vrrp \
            --use-file "$dir/conf" --pid "$dir/k.pid" --vrrp_pid "$dir/kv.pid" >"$dir/log" 2>&1 &
    fi
    eval "DAEMON_$host=$!"
    PIDS+=("$!")
}

# kill_daemon HOST: kill -9 of the daemon, and of keepalived's VRRP child by its pid file
# (which would otherwise resign with a priority-0 advert as its parent dies).
kill_daemon() {
    local host=$1 pid
    pid=$(cat "$WORKDIR/$host/kv.pid" 2>/dev/null || true)
    eval "kill -9 \$DAEMON_$host ${pid:-}" 2>/dev/null || true
    eval "wait \$DAEMON_$host" 2>/dev/null || true
    eval "forget_pid \$DAEMON_$host"
    if [ -n "$pid" ]; then
        while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
    fi
}

reset_hosts() {
    local host
    for host in r1 r2; do
        kill_daemon "$host"
        ip -n "$(ns "$host")" link set eth0 up
        ip -n "$(ns "$host")" addr del 172.16.0.100/32 dev eth0 2>/dev/null || true
    done
}

vip_on() { ip -n "$(ns "$1")" -o addr show dev eth0 | grep -w 172.16.0.100 >/dev/null; }
# The pair is settled: r1 is MASTER, r2 BACKUP (it has not got the VIP).
settled() { vip_on r1 && ! vip_on r2; }

CAPTURES=()
start_capture() {  # FILE [HOST]: on HOST's eth0 (default the client's)
    ip netns exec "$(ns "${2:-client}")" dumpcap -q -i eth0 -f "ip proto 112" -w "$1" \
        2>"$1.err" &
    CAPTURES+=("$!")
    PIDS+=("$!")
    wait_for 10 grep -q "Capturing on" "$1.err"
}
stop_captures() {
    sleep 0.2  # the last packets reach the files
    local pid
    for pid in "${CAPTURES[@]}"; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
        forget_pid "$pid"
    done
    CAPTURES=()
}
# adverts FILE: "EPOCH SOURCE PRIORITY" per VRID 61 advert.
adverts() {
    tshark -r "$1" -Y "vrrp.virt_rtr_id == 61" -T fields -e frame.time_epoch -e ip.src \
        -e vrrp.prio 2>/dev/null
}

# The pair up and settled, r1 MASTER (priority 200), r2 BACKUP (150).
start_pair() {  # KIND INTERVAL
    ROUTERD_LOG=$WORKDIR/r1/log  # fail() prints the master's log
    start_daemon "$1" r1 "$2" 200
    wait_for 20 vip_on r1
    start_daemon "$1" r2 "$2" 150
    sleep 2
    wait_for 20 settled
}

failover_ms() {  # KIND INTERVAL -> milliseconds from r1's last advert to r2's first
    local file=$WORKDIR/failover.pcapng
    start_pair "$1" "$2"
    start_capture "$file"
    sleep 0.5
    ip -n "$(ns r1)" link set eth0 down
    kill_daemon r1
    wait_for 10 vip_on r2
    sleep 0.3
    stop_captures
    reset_hosts
    adverts "$file" | awk '
        $2 == "172.16.0.1" && $3 != 0 && !taken { last = $1 }
        $2 == "172.16.0.2" && !taken && last { taken = $1 }
        END { if (!taken || !last) exit 1; printf "%.1f\n", (taken - last) * 1000 }'
}

# longest_gap FILE: the longest gap between two adverts from r1 (ms), and their count.
longest_gap() {
    adverts "$1" | awk '$2 == "172.16.0.1" {
            if (prev && ($1 - prev) > gap) gap = $1 - prev
            prev = $1; n++
        }
        END { printf "%.1f %d\n", gap * 1000, n }'
}

# late_adverts FILE INTERVAL: each gap between two of r1's adverts longer than 2 intervals, as
# "wall-clock time of the late advert (UTC) and the gap in ms", at most 20: the times to look up
# in a `perf sched record` or ftrace trace taken over the window.
late_adverts() {
    adverts "$1" | awk -v i="${2%ms}" '$2 == "172.16.0.1" {
            if (prev && ($1 - prev) * 1000 > 2 * i && n++ < 20)
                printf "      %s.%06d  %.1f ms\n", strftime("%H:%M:%S", $1, 1),
                    ($1 - int($1)) * 1e6, ($1 - prev) * 1000
            prev = $1
        }'
}

# flaps KIND INTERVAL -> "TAKEOVERS LONGEST_GAP_MS ADVERTS SENT_GAP_MS": over WINDOW s with both
# cores busy. The client's capture shows what the backup gets; the master's own (its sends,
# stamped as they leave the daemon) tells its lateness apart from the lab's delivery.
flaps() {
    local file=$WORKDIR/window.pcapng sent=$WORKDIR/sent.pcapng hog
    start_pair "$1" "$2"
    ip netns exec "$(ns client)" stress-ng --cpu "$(nproc)" --cpu-method loop --quiet \
        --timeout "$((WINDOW + 5))s" &
    hog=$!
    PIDS+=("$hog")
    sleep 1
    start_capture "$file"
    start_capture "$sent" r1
    if [ -n "${PERF_SCHED_DIR:-}" ]; then
        perf sched record -a -o "$PERF_SCHED_DIR/$1-$2.data" -- sleep "$WINDOW" 2>/dev/null
    else
        sleep "$WINDOW"
    fi
    stop_captures
    kill "$hog" 2>/dev/null || true
    wait "$hog" 2>/dev/null || true
    forget_pid "$hog"
    reset_hosts
    local takeovers
    takeovers=$(adverts "$file" | awk '
        $2 == "172.16.0.2" && $3 != 0 { if (!backup_run) n++; backup_run = 1 }
        $2 == "172.16.0.1" { backup_run = 0 }
        END { print n + 0 }')
    late_adverts "$sent" "$2" >"$WORKDIR/late.txt"
    echo "$takeovers $(longest_gap "$file") $(longest_gap "$sent" | cut -d' ' -f1)"
}

# bound_ms INTERVAL: 3 x interval + skew, skew = (256 - 150) x interval / 256 (RFC 5798 §6.1).
# Exact, as Keepalived computes it; routerd rounds the skew down to whole centiseconds (so
# its own bound is up to 9 ms lower).
bound_ms() { awk -v i="${1%ms}" 'BEGIN { printf "%.1f", 3 * i + (256 - 150) * i / 256 }'; }

# summary: "median (min..max)" of numbers on stdin.
summary() {
    sort -g | awk '{ a[NR] = $1 } END {
        m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
        printf "%.1f (%.1f..%.1f)", m, a[1], a[NR] }'
}

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs;" \
    "SCHED_RR $RT_PRIORITY and locked memory for both daemons; $RUNS failovers per case," \
    "${WINDOW}s windows under stress-ng --cpu $(nproc)"
for interval in $INTERVALS; do
    bound=$(bound_ms "$interval")
    limit=$(awk -v b="$bound" 'BEGIN { print b + 5 }')
    echo "== VRRPv3 advert_int $interval: bound 3 x interval + skew = $bound ms (+5 ms: $limit ms)"
    declare -A median=() takeovers=()
    for kind in routerd keepalived; do
        runs=()
        for _ in $(seq "$RUNS"); do
            runs+=("$(failover_ms "$kind" "$interval" || echo nan)")
        done
        within=$(printf '%s\n' "${runs[@]}" | awk -v b="$limit" '$1 <= b { n++ } END { print n + 0 }')
        median[$kind]=$(printf '%s\n' "${runs[@]}" | summary)
        printf '  %-10s failover ms: %s -> median %s; %d/%d within %s ms\n' "$kind" \
            "${runs[*]}" "${median[$kind]}" "$within" "$RUNS" "$limit"
        read -r flips gap count sent_gap < <(flaps "$kind" "$interval")
        takeovers[$kind]=$flips
        printf '  %-10s under load for %ss: %d spurious takeovers; master longest gap %s ms at the client over %d adverts, %s ms as sent\n' \
            "$kind" "$WINDOW" "$flips" "$gap" "$count" "$sent_gap"
        if [ -s "$WORKDIR/late.txt" ]; then
            echo "    gaps over 2 intervals as sent (time UTC, gap):"
            cat "$WORKDIR/late.txt"
        fi
    done
    python3 -c "
r, k = float('${median[routerd]%% *}'), float('${median[keepalived]%% *}')
print(f'  routerd / keepalived failover median = {r / k:.2f}; spurious takeovers {${takeovers[routerd]}} vs {${takeovers[keepalived]}}')"
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
