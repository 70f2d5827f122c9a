#!/usr/bin/env bash
# [vrrp] nice, rt_priority, rlimit_rttime, no_swap, max_auto_priority and min_auto_priority_delay
# (Keepalived's vrrp_priority, vrrp_rt_priority, vrrp_rlimit_rttime, vrrp_no_swap,
# max_auto_priority, min_auto_priority_delay) on a routerd alone in a namespace, read
# back from /proc:
#  - at start: the VRRP thread (comm "vrrp") runs SCHED_RR at rt_priority with the nice asked
#    (/proc/PID/task/TID/sched and stat), and no other thread does but the advert relay's
#    (one per CPU, SCHED_RR at the same priority); RLIMIT_RTTIME's soft limit is
#    rlimit_rttime; VmLck covers the process; CAP_SYS_NICE and CAP_IPC_LOCK are kept;
#  - a reload without the keys puts back SCHED_OTHER, the nice and RLIMIT_RTTIME the thread had
#    and unlocks memory; reloads with rt_priority, rlimit_rttime and then no_swap set them
#    again (memory locked while the thread is real-time, which took more than RLIMIT_RTTIME's
#    10 ms once and ended routerd with SIGXCPU);
#  - an RLIMIT_RTTIME hard limit below rlimit_rttime: the log says what was not applied and
#    why, and routerd runs on (MASTER, SCHED_OTHER, no relay thread);
#  - max_auto_priority (Keepalived's automatic rise): with CPU hogs on the CPU a nice 19
#    routerd is pinned to, the loop's timers run late and the VRRP thread rises to SCHED_RR
#    (chrt -p), logging it; a reload keeps the rise within a lower maximum and takes it back
#    with max_auto_priority 0;
#  - --config-test without CAP_SYS_NICE and CAP_IPC_LOCK names the keys that need them.
# Usage: thread_scheduling_test.sh ROUTERD ROUTERCTL PLUGIN_DIR SOURCE_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
require_root
ROUTERD=$1 ROUTERCTL=$2 PLUGINS=$3
make_workdir
lone_host r1
ROUTERD_LOG="$WORKDIR/routerd.log"

config() {  # extra [vrrp] lines
    cat <<TOML
[vrrp]
$*

[vrrp.instance.VI_1]
state = "MASTER"
interface = "eth0"
virtual_router_id = 51
priority = 200
advert_int = "1s"
virtual_ipaddress = ["172.16.0.100"]
TOML
}

start() {  # [WRAPPER...]
    : >"$ROUTERD_LOG"
    ip netns exec "$(ns r1)" "$@" "$ROUTERD" --foreground --log-level debug \
        --config "$WORKDIR/routerd.toml" --plugin-dir "$PLUGINS" --state-db "$WORKDIR/state.db" \
        --control-socket "$WORKDIR/routerd.sock" >>"$ROUTERD_LOG" 2>&1 &
    ROUTERD_PID=$!
    PIDS+=("$ROUTERD_PID")
    wait_for 20 grep -q "capabilities kept" "$ROUTERD_LOG"
    wait_for 20 has_vip
}
stop() {
    kill "$ROUTERD_PID"
    wait "$ROUTERD_PID" 2>/dev/null || true
}
reload() {
    "$ROUTERCTL" --socket "$WORKDIR/routerd.sock" reload >"$WORKDIR/reload.out" 2>&1 ||
        fail "reload refused: $(cat "$WORKDIR/reload.out")"
}
has_vip() { ip -n "$(ns r1)" -o addr show dev eth0 | grep -w 172.16.0.100 >/dev/null; }

vrrp_tid() {
    local task
    for task in /proc/"$ROUTERD_PID"/task/*; do
        [ "$(cat "$task/comm")" = vrrp ] && echo "${task##*/}" && return
    done
    fail "no thread named vrrp"
}
# sched_field TID NAME: "policy" or "prio" from /proc/PID/task/TID/sched.
sched_field() { awk -v f="$2" '$1 == f { print $3 }' "/proc/$ROUTERD_PID/task/$1/sched"; }
# stat_field TID N: field N of /proc/PID/task/TID/stat (19 nice, 40 rt_priority, 41 policy),
# counted after the parenthesised command name.
stat_field() { sed 's/.*) //' "/proc/$ROUTERD_PID/task/$1/stat" | awk -v n="$2" '{ print $(n - 2) }'; }
status_kb() { awk -v f="$1:" '$1 == f { print $2 }' "/proc/$ROUTERD_PID/status"; }
rttime_soft() { awk '/^Max realtime timeout/ { print $4 }' "/proc/$ROUTERD_PID/limits"; }

# expect_thread TID POLICY RT_PRIORITY NICE
expect_thread() {
    local tid=$1 policy nice rt
    policy=$(sched_field "$tid" policy)
    rt=$(stat_field "$tid" 40)
    nice=$(stat_field "$tid" 19)
    [ "$policy" = "$2" ] && [ "$rt" = "$3" ] && [ "$nice" = "$4" ] ||
        fail "thread $tid: policy $policy rt_priority $rt nice $nice, expected $2 $3 $4"
}

# 1. Three keys at start, rlimit_rttime at its default (10 ms: locking memory takes longer,
# and must not count against it).
config 'nice = -5
rt_priority = 40
no_swap = true' >"$WORKDIR/routerd.toml"
start
TID=$(vrrp_tid)
expect_thread "$TID" 2 40 -5  # SCHED_RR
# The kernel's priority of a SCHED_RR thread is 99 - rt_priority.
[ "$(sched_field "$TID" prio)" = 59 ] || fail "prio $(sched_field "$TID" prio), expected 59"
# The advert relay's threads (one per CPU, with 2 or more) share the VRRP thread's priority.
for task in /proc/"$ROUTERD_PID"/task/*; do
    [ "${task##*/}" = "$TID" ] && continue
    if [ "$(cat "$task/comm")" = vrrp-relay ] && [ "$(nproc)" -ge 2 ]; then
        expect_thread "${task##*/}" 2 40 0
        continue
    fi
    [ "$(sched_field "${task##*/}" policy)" = 0 ] ||
        fail "thread ${task##*/} ($(cat "$task/comm")) is not SCHED_OTHER"
done
[ "$(rttime_soft)" = 10000 ] || fail "RLIMIT_RTTIME soft limit $(rttime_soft), expected 10000 us"
locked=$(status_kb VmLck)
[ "$locked" -gt 0 ] && [ "$locked" -ge $(($(status_kb VmRSS) / 2)) ] ||
    fail "VmLck $locked kB with VmRSS $(status_kb VmRSS) kB"
grep -q "capabilities kept: cap_net_admin cap_net_raw cap_ipc_lock cap_sys_nice" "$ROUTERD_LOG" ||
    fail "CAP_SYS_NICE and CAP_IPC_LOCK were not kept"
grep -q "vrrp thread: SCHED_RR priority 40, RLIMIT_RTTIME 10000 us" "$ROUTERD_LOG" || fail "not logged"
echo "ok: at start, the vrrp thread runs SCHED_RR 40 at nice -5; VmLck $locked kB"

# 2. A reload without them takes each back; one with rt_priority sets it again.
config '' >"$WORKDIR/routerd.toml"
reload
expect_thread "$TID" 0 0 0
[ "$(status_kb VmLck)" = 0 ] || fail "VmLck $(status_kb VmLck) kB after no_swap went"
[ "$(rttime_soft)" = unlimited ] || fail "RLIMIT_RTTIME soft limit $(rttime_soft) after the reload"
config 'rt_priority = 10
rlimit_rttime = "50ms"' >"$WORKDIR/routerd.toml"
reload
expect_thread "$TID" 2 10 0
[ "$(rttime_soft)" = 50000 ] || fail "RLIMIT_RTTIME soft limit $(rttime_soft), expected 50000 us"
# Memory locked by the real-time thread, under the 10 ms guard again.
config 'rt_priority = 10
no_swap = true' >"$WORKDIR/routerd.toml"
reload
expect_thread "$TID" 2 10 0
[ "$(status_kb VmLck)" -gt 0 ] || fail "no_swap added by a reload locked nothing"
[ "$(rttime_soft)" = 10000 ] || fail "RLIMIT_RTTIME soft limit $(rttime_soft), expected 10000 us"
has_vip || fail "the reloads dropped the VIP"
kill -0 "$ROUTERD_PID" || fail "routerd died"
echo "ok: reloads take the settings back and apply them again"
stop

# 3. What the kernel refuses is logged; routerd runs on. A hard RLIMIT_RTTIME of 1 ms is below
# the 10 ms default rlimit_rttime: no SCHED_RR without its guard.
config 'rt_priority = 40' >"$WORKDIR/routerd.toml"
start prlimit --rttime=1000:1000 --
wait_for 10 grep -q "vrrp thread: not applied: RLIMIT_RTTIME 10000 us: above the hard limit (1000 us), which routerd does not raise (and without it, not SCHED_RR either)" \
    "$ROUTERD_LOG"
expect_thread "$(vrrp_tid)" 0 0 0
# No relay at a real-time priority the VRRP thread itself did not get.
for task in /proc/"$ROUTERD_PID"/task/*; do
    [ "$(cat "$task/comm")" != vrrp-relay ] || fail "a vrrp-relay thread without SCHED_RR"
done
kill -0 "$ROUTERD_PID" || fail "routerd died"
echo "ok: a refusal is logged and routerd runs on"
stop

# 4. max_auto_priority: routerd at nice 19 and two CPU hogs (nice 0, so that they take no more
# than any busy process from the rest of the host) share CPU 0, where the VRRP thread then
# wakes up late. A timer 5 ms late is enough here (the default, 1 s, needs a host far busier
# than a test should make this one).
config 'max_auto_priority = 3
min_auto_priority_delay = "5ms"' >"$WORKDIR/routerd.toml"
start nice -n 19 taskset -c 0
TID=$(vrrp_tid)
stress-ng --cpu 2 --taskset 0 --timeout 60s --quiet &
HOG_PID=$!
PIDS+=("$HOG_PID")
wait_for 60 grep -q "rising to SCHED_RR priority 1 (max_auto_priority 3)" "$ROUTERD_LOG"
kill "$HOG_PID"
wait "$HOG_PID" 2>/dev/null || true
grep -q "vrrp thread: a timer ran [0-9]* us after it expired (min_auto_priority_delay 5000 us)" \
    "$ROUTERD_LOG" || fail "the late timer was not logged"
chrt -p "$TID" >"$WORKDIR/chrt.out"
grep -q "current scheduling policy: SCHED_RR" "$WORKDIR/chrt.out" &&
    grep -q "current scheduling priority: [123]$" "$WORKDIR/chrt.out" ||
    fail "after the rise: $(cat "$WORKDIR/chrt.out")"
echo "ok: timers late under CPU hogs: the vrrp thread rose to SCHED_RR ($(grep -c "rising to" "$ROUTERD_LOG") rise(s))"
# A lower maximum lowers the rise (or keeps it, at 1); 0 takes it back. Never above the maximum.
config 'max_auto_priority = 1' >"$WORKDIR/routerd.toml"
reload
expect_thread "$TID" 2 1 19
config '' >"$WORKDIR/routerd.toml"
reload
expect_thread "$TID" 0 0 19
grep -q "rising to SCHED_RR priority [4-9]" "$ROUTERD_LOG" && fail "rose above max_auto_priority"
kill -0 "$ROUTERD_PID" || fail "routerd died"
echo "ok: a reload keeps the rise within the new maximum; max_auto_priority 0 takes it back"
stop

# 5. --config-test without the two capabilities says which keys need them.
config 'nice = -5
no_swap = true
max_auto_priority = 10' >"$WORKDIR/routerd.toml"
setpriv --bounding-set=-sys_nice,-ipc_lock --inh-caps=-sys_nice,-ipc_lock -- "$ROUTERD" --config-test \
    --config "$WORKDIR/routerd.toml" --plugin-dir "$PLUGINS" >"$WORKDIR/test.out" 2>&1 &&
    fail "--config-test passed without CAP_SYS_NICE"
grep -q "routerd.toml:2:8: vrrp.nice: needs CAP_SYS_NICE (to set the VRRP thread's nice or real-time priority), which routerd was started without" \
    "$WORKDIR/test.out" || fail "no CAP_SYS_NICE refusal: $(cat "$WORKDIR/test.out")"
grep -q "routerd.toml:3:11: vrrp.no_swap: needs CAP_IPC_LOCK (to lock routerd's memory)" \
    "$WORKDIR/test.out" || fail "no CAP_IPC_LOCK refusal: $(cat "$WORKDIR/test.out")"
grep -q "routerd.toml:4:21: vrrp.max_auto_priority: needs CAP_SYS_NICE" "$WORKDIR/test.out" ||
    fail "no CAP_SYS_NICE refusal for max_auto_priority: $(cat "$WORKDIR/test.out")"
echo "ok: --config-test names what each key needs"
echo "thread_scheduling: applied at start and on reload, automatic rises, refusals logged, capabilities kept"
