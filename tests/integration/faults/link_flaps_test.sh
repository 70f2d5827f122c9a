#!/usr/bin/env bash
# The master's link flaps: 20 times down and up in 10 s. At the end the pair is consistent (one
# MASTER, the higher-priority r1, the VIP on it only), and neither routerd holds more
# descriptors or much more memory than after a first, warm-up round of flaps.
# Usage: link_flaps_test.sh ROUTERD ROUTERCTL PLUGIN_DIR SOURCE_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/../vrrp/lib.sh"
source "$(dirname "$0")/lib.sh"
require_root
ROUTERD=$1 ROUTERCTL=$2 PLUGINS=$3
make_workdir
trap 'status=$?; [ $status -eq 0 ] || dump_logs; cleanup; exit $status' EXIT
vrrp_lab

# glibc keeps freed memory in its per-thread arenas and the log's buffers grow to their
# longest line: a few hundred KiB of resident growth after a warm-up is noise, while a leak of
# a socket buffer or a timer per flap would be 20 x that or more.
RSS_SLACK_KIB=512
# Under AddressSanitizer (scripts/sanitizers.sh) freed memory waits in its quarantine, so
# resident memory grows by design; its leak checker, which fails the run on any leak, stands
# in for the resident-memory bound there.
if ldd "$ROUTERD" | grep libasan >/dev/null; then RSS_SLACK_KIB=; fi

pair_config 200 >"$WORKDIR/r1.toml"
pair_config 100 >"$WORKDIR/r2.toml"
start_routerd r1 "$WORKDIR/r1.toml"
start_routerd r2 "$WORKDIR/r2.toml"
wait_for 10 state_is r1 VI_1 MASTER
wait_for 10 state_is r2 VI_1 BACKUP

flaps() {  # flaps COUNT: a flap every 0.5 s, down for its first half, by the clock
    local i start
    start=$(now_ms)
    for i in $(seq 0 $(($1 - 1))); do
        sleep_until_ms $((start + i * 500))
        ip -n "$(ns r1)" link set eth0 down
        sleep_until_ms $((start + i * 500 + 250))
        ip -n "$(ns r1)" link set eth0 up
    done
}
settled_with_r1() { settled_pair && state_is r1 VI_1 MASTER; }
usage() {  # usage HOST: "descriptors RSS_KIB"
    local pid_var="PID_$1"
    echo "$(open_descriptors "${!pid_var}") $(rss_kib "${!pid_var}")"
}

flaps 5
wait_for 20 settled_with_r1
read -r fds_r1 rss_r1 <<<"$(usage r1)"
read -r fds_r2 rss_r2 <<<"$(usage r2)"
transitions_before=$(grep -c "\[vrrp\] VI_1: .* -> " "$WORKDIR/r1/log" || true)

started=$(now_ms)
flaps 20
echo "20 flaps in $(($(now_ms) - started)) ms"
wait_for 20 settled_with_r1
echo "r1 made $(($(grep -c "\[vrrp\] VI_1: .* -> " "$WORKDIR/r1/log" || true) - transitions_before)) transitions during the 20 flaps"
kill -0 "$PID_r1" || fail "r1 died"
for host in r1 r2; do
    fds_var="fds_$host" rss_var="rss_$host"
    read -r fds rss <<<"$(usage $host)"
    echo "$host: descriptors ${!fds_var} -> $fds, VmRSS ${!rss_var} -> $rss KiB"
    [ "$fds" -le "${!fds_var}" ] || fail "$host holds $((fds - ${!fds_var})) more descriptors"
    [ -z "$RSS_SLACK_KIB" ] || [ "$rss" -le $((${!rss_var} + RSS_SLACK_KIB)) ] ||
        fail "$host grew by $((rss - ${!rss_var})) KiB (slack $RSS_SLACK_KIB KiB)"
done
echo "link_flaps: pass"
