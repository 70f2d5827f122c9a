#!/usr/bin/env bash
# The advert relay (plugins/vrrp/io/advert_relay.hpp): with [vrrp] rt_priority, a MASTER's
# adverts go on while its VRRP thread cannot run, sent by a relay thread on another CPU.
#  - r1 (MASTER, 200) and r2 (BACKUP, 150), VRRPv3 with 100 ms adverts (Master_Down_Interval
#    340 ms); r1 runs one vrrp-relay thread per CPU, SCHED_RR at rt_priority, each on its CPU;
#  - r1's VRRP thread is pinned to CPU 0 and a SCHED_RR 60 busy loop holds CPU 0 for 0.6 s (as a
#    stopped virtual CPU would): r2 hears r1's adverts from the relay on CPU 1 all along and
#    stays BACKUP (the client's capture gives r1's adverts and their longest gap, ~1.5
#    intervals);
#  - a stall of 2.5 s is a stuck thread rather than a late one: the relay stops after 1 s and
#    r2 takes over;
#  - control: the same 0.6 s stall after a reload without rt_priority (no relay) is a takeover
#    by r2, so the stall is real and the first part could fail.
# Needs 2 CPUs (skipped with one: there is no other CPU to relay from). About 10 s.
# Usage: advert_relay_test.sh ROUTERD ROUTERCTL PLUGIN_DIR SOURCE_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/lib.sh"
require_root
ROUTERD=$1 ROUTERCTL=$2 PLUGINS=$3
[ "$(nproc)" -ge 2 ] || { echo "skipped: needs 2 CPUs"; exit 77; }
command -v dumpcap >/dev/null && command -v tshark >/dev/null || fail "needs dumpcap and tshark"
make_workdir
vrrp_lab

config() {  # PRIORITY [extra [vrrp] lines]
    cat <<TOML
[vrrp]
$2

[vrrp.instance.VI_1]
interface = "eth0"
virtual_router_id = 62
version = 3
advert_int = "100ms"
priority = $1
virtual_ipaddress = ["172.16.0.100"]
TOML
}
mkdir -p "$WORKDIR/r1" "$WORKDIR/r2"
config 200 'rt_priority = 50' >"$WORKDIR/r1.toml"
config 150 'rt_priority = 50' >"$WORKDIR/r2.toml"
start_routerd r1 "$WORKDIR/r1.toml"
wait_for 20 has_address r1 172.16.0.100
start_routerd r2 "$WORKDIR/r2.toml"
wait_for 20 state_is r2 VI_1 BACKUP

threads_named() {  # PID COMM -> their tids
    local task
    for task in /proc/"$1"/task/*; do
        [ "$(cat "$task/comm")" = "$2" ] && echo "${task##*/}"
    done
    return 0
}
relays=$(threads_named "$PID_r1" vrrp-relay)
[ "$(echo "$relays" | grep -c .)" = "$(nproc)" ] ||
    fail "$(echo "$relays" | grep -c .) vrrp-relay threads on $(nproc) CPUs"
cpus=""
for tid in $relays; do
    read -r policy rt < <(sed 's/.*) //' "/proc/$PID_r1/task/$tid/stat" | awk '{ print $39, $38 }')
    [ "$policy" = 2 ] && [ "$rt" = 50 ] || fail "relay $tid: policy $policy rt_priority $rt"
    cpus+="$(awk '/^Cpus_allowed_list/ { print $2 }' "/proc/$PID_r1/task/$tid/status") "
done
[ "$(echo "$cpus" | tr ' ' '\n' | grep '^[0-9]\+$' | sort -u | grep -c .)" = "$(nproc)" ] ||
    fail "relays not one per CPU: allowed CPUs $cpus"
echo "ok: $(nproc) vrrp-relay threads, SCHED_RR 50, on CPUs $cpus"

# stall [SECONDS]: r1's VRRP thread pinned to CPU 0 under a SCHED_RR 60 busy loop there for
# 0.6 s (or SECONDS).
stall() {
    taskset -p -c 0 "$(threads_named "$PID_r1" vrrp)" >/dev/null
    chrt -r 60 taskset -c 0 timeout "${1:-0.6}" sh -c 'while :; do :; done' || true
    taskset -p -c "0-$(($(nproc) - 1))" "$(threads_named "$PID_r1" vrrp)" >/dev/null
}
became_master() { grep -c "BACKUP -> MASTER" "$WORKDIR/r2/log" || true; }
took_over() { [ "$(became_master)" -gt "$before" ]; }  # r2, since $before was counted

# 1. With the relay.
before=$(became_master)
ip netns exec "$(ns client)" dumpcap -q -i eth0 -f "ip proto 112" -w "$WORKDIR/stall.pcapng" \
    2>"$WORKDIR/dumpcap.err" &
capture=$!
PIDS+=("$capture")
wait_for 10 grep -q "Capturing on" "$WORKDIR/dumpcap.err"
sleep 0.5
stall
sleep 0.5
kill "$capture"
wait "$capture" 2>/dev/null || true
[ "$(became_master)" = "$before" ] || fail "r2 took over while r1's relay ran: $(tail -5 "$WORKDIR/r2/log")"
state_is r1 VI_1 MASTER || fail "r1 is $(vrrp_state r1 VI_1)"
gap=$(tshark -r "$WORKDIR/stall.pcapng" -Y "ip.src == 172.16.0.1 && vrrp.prio == 200" \
    -T fields -e frame.time_epoch 2>/dev/null | awk '
        prev && $1 - prev > gap { gap = $1 - prev }
        { prev = $1; n++ }
        END { printf "%d %.0f\n", n, gap * 1000 }')
read -r count longest <<<"$gap"
echo "ok: r1's VRRP thread held off CPU 0 for 0.6 s: r2 stayed BACKUP, $count adverts, longest gap $longest ms"

# 2. Stuck, not late: the relay gives up after 1 s.
stall 2.5
wait_for 10 took_over
wait_for 20 state_is r1 VI_1 MASTER  # r1 preempts back once it runs
wait_for 20 state_is r2 VI_1 BACKUP
before=$(became_master)
echo "ok: a 2.5 s stall is a takeover (the relay stopped after 1 s)"

# 3. Control: without rt_priority there is no relay, and the same stall is a takeover.
config 200 '' >"$WORKDIR/r1.toml"
ctl_in r1 reload >/dev/null
wait_for 10 grep -q "vrrp relay threads: stopped" "$WORKDIR/r1/log"
[ -z "$(threads_named "$PID_r1" vrrp-relay)" ] || fail "relay threads left after the reload"
stall
wait_for 10 took_over
wait_for 20 state_is r1 VI_1 MASTER  # r1 preempts back once it runs
echo "advert_relay: r2 stays BACKUP through a 0.6 s stall of r1's VRRP thread and takes over after a 2.5 s one or without the relay"
