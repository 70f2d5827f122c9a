#!/usr/bin/env bash
# systemd's watchdog is fed from VRRP's own loop (kernel/daemon/watchdog.hpp): routerd runs as
# a Type=notify service would, NOTIFY_SOCKET pointing at a socket this test reads and
# WATCHDOG_USEC=4 s, as MASTER of a VRRP instance in a namespace.
#  - READY=1 arrives, then WATCHDOG=1 again and again; routerctl status shows the period and
#    the VRRP loop's heartbeat;
#  - the VRRP thread alone is stopped (ptrace, stop_thread.py: every other thread runs on):
#    routerd logs that its heartbeat is not fed, and no WATCHDOG=1 arrives for 6 s, more than
#    the period, after which systemd would have restarted routerd;
#  - let go, the thread runs on: the pings come back and routerd says so.
# Usage: watchdog_test.sh ROUTERD ROUTERCTL PLUGIN_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/stop_vrrp_thread.sh"
require_root
ROUTERD=$1 ROUTERCTL=$2 PLUGINS=$3
HERE=$(cd "$(dirname "$0")" && pwd)
make_workdir
lone_host r1
cat >"$WORKDIR/routerd.toml" <<'TOML'
[vrrp.instance.VI_1]
state = "MASTER"
interface = "eth0"
virtual_router_id = 51
priority = 200
advert_int = "1s"
virtual_ipaddress = ["172.16.0.100/24"]
TOML

"$HERE/notify_listener.py" "$WORKDIR/notify.sock" "$WORKDIR/notify.log" &
PIDS+=("$!")
wait_for 10 test -S "$WORKDIR/notify.sock"
ROUTERD_LOG="$WORKDIR/routerd.log"
NOTIFY_SOCKET="$WORKDIR/notify.sock" WATCHDOG_USEC=4000000 \
    ip netns exec "$(ns r1)" "$ROUTERD" --foreground --config "$WORKDIR/routerd.toml" \
    --plugin-dir "$PLUGINS" --state-db "$WORKDIR/state.db" \
    --control-socket "$WORKDIR/routerd.sock" >"$ROUTERD_LOG" 2>&1 &
ROUTERD_PID=$!
PIDS+=("$ROUTERD_PID")
ctl() { "$ROUTERCTL" --socket "$WORKDIR/routerd.sock" "$@"; }
pings() { grep -c '^WATCHDOG=1$' "$WORKDIR/notify.log" || true; }
more_pings_than() { [ "$(pings)" -gt "$1" ]; }
status() { ctl --json status | python3 -c "import json,sys; s=json.load(sys.stdin)['status']; print($1)"; }

wait_for 20 grep -qx 'READY=1' "$WORKDIR/notify.log"
wait_for 20 more_pings_than 2
echo "ok: READY=1, then $(pings) WATCHDOG=1"
[ "$(status 's["watchdog_ms"]')" = 4000 ] || fail "routerctl status: watchdog_ms $(status 's["watchdog_ms"]')"
[ "$(status '[h["name"] for h in s["heartbeats"] if not h["stale"]]')" = "['vrrp: router loop']" ] ||
    fail "routerctl status heartbeats: $(status 's["heartbeats"]')"
echo "ok: routerctl status shows the watchdog and the VRRP loop's heartbeat"

stop_vrrp_thread "$ROUTERD_PID"
[ "$(awk '{ print $3 }' "/proc/$ROUTERD_PID/task/$vrrp_thread/stat")" = t ] ||
    fail "the VRRP thread is not stopped"
for task in /proc/"$ROUTERD_PID"/task/*; do
    [ "${task##*/}" = "$vrrp_thread" ] || [ "$(awk '{ print $3 }' "$task/stat")" != t ] ||
        fail "thread ${task##*/} is stopped too"
done
echo "ok: thread $vrrp_thread (vrrp) alone is stopped"

wait_for 20 grep -q 'watchdog: not fed by vrrp: router loop' "$ROUTERD_LOG"
before=$(pings)
sleep 6
[ "$(pings)" = "$before" ] || fail "$(($(pings) - before)) WATCHDOG=1 while the VRRP thread was stopped"
echo "ok: no WATCHDOG=1 for 6 s while the VRRP thread is stopped (systemd restarts after 4 s)"

touch "$WORKDIR/release"
wait_for 10 grep -qx released "$WORKDIR/stopper.log"
wait_for 20 more_pings_than "$((before + 2))"
wait_for 10 grep -q 'watchdog: every heartbeat is fed again' "$ROUTERD_LOG"
echo "ok: let go, the VRRP thread feeds its heartbeat again and the pings are back"
