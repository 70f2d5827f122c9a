#!/usr/bin/env bash
# [global] startup_script and shutdown_script with their _user and _timeout keys (Keepalived's
# global_defs startup_script, shutdown_script and their timeouts), on a routerd alone in a
# namespace with one VRRP instance:
#  1. the startup script runs once, as its startup_script_user (nobody), before the instance
#     installs its VIP; the shutdown script runs once, as root (which enable_script_security
#     allows: root's file in root's folders), after the VIP is gone; a reload that changes
#     [global] runs neither;
#  2. scripts that hang and ignore SIGTERM are killed at their timeout (the whole process
#     group) and logged: routerd starts after the startup script's, and exits after the
#     shutdown script's, so that neither start nor stop is blocked for longer;
#  3. --config-test refuses a root script in a folder others may write (enable_script_security)
#     and a timeout outside keepalived.conf(5)'s 1..1000 seconds, with file:line:col.
# Usage: lifecycle_scripts_test.sh ROUTERD ROUTERCTL PLUGIN_DIR SOURCE_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
require_root
ROUTERD=$1 ROUTERCTL=$2 PLUGINS=$3
make_workdir
lone_host r1
ROUTERD_LOG="$WORKDIR/routerd.log"
# nobody must reach its script and the events file.
chmod 711 "$WORKDIR"
SCRIPTS="$WORKDIR/scripts"
mkdir -m 755 "$SCRIPTS"
EVENTS="$SCRIPTS/events"
: >"$EVENTS"
chmod 666 "$EVENTS"

# record.sh WHAT: one line "WHAT uid=UID vip=yes|no" (is the VIP on eth0 as it runs?).
cat >"$SCRIPTS/record.sh" <<SH
#!/bin/sh
vip=no
ip -o addr show dev eth0 | grep -q 172.16.0.100 && vip=yes
echo "\$1 uid=\$(id -u) vip=\$vip" >>"$EVENTS"
SH
# hang.sh WHAT: records its pid, then sleeps deaf to SIGTERM (SIG_IGN survives exec).
cat >"$SCRIPTS/hang.sh" <<SH
#!/bin/sh
trap '' TERM
echo "\$1 \$\$" >>"$EVENTS"
exec sleep 1000
SH
chmod 755 "$SCRIPTS/record.sh" "$SCRIPTS/hang.sh"

config() {  # [global] lines
    cat <<TOML
[global]
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
start() {
    : >"$ROUTERD_LOG"
    ip netns exec "$(ns r1)" "$ROUTERD" --foreground --log-level debug \
        --config "$WORKDIR/routerd.toml" --plugin-dir "$PLUGINS" --state-db "$WORKDIR/state.db" \
        --control-socket "$WORKDIR/routerd.sock" >>"$ROUTERD_LOG" 2>&1 &
    ROUTERD_PID=$!
    PIDS+=("$ROUTERD_PID")
    wait_for 30 has_vip
}
has_vip() { ip -n "$(ns r1)" -o addr show dev eth0 | grep -w 172.16.0.100 >/dev/null; }
# Ended (a zombie until waited for, or gone).
exited() { ! ps -o stat= -p "$1" | grep -qv Z; }
stop() {  # sends SIGTERM and waits, boundedly, for routerd to exit
    kill "$ROUTERD_PID"
    wait_for 60 exited "$ROUTERD_PID"
    wait "$ROUTERD_PID" 2>/dev/null || true
}

# 1. Once each, in Keepalived's order, as their users.
config "enable_script_security = true
startup_script = \"$SCRIPTS/record.sh startup\"
startup_script_user = \"nobody\"
shutdown_script = \"$SCRIPTS/record.sh shutdown\"" >"$WORKDIR/routerd.toml"
start
[ "$(cat "$EVENTS")" = "startup uid=65534 vip=no" ] ||
    fail "events at start: $(cat "$EVENTS")"
grep -q "startup_script $SCRIPTS/record.sh startup: succeeded" "$ROUTERD_LOG" ||
    fail "the startup script's success was not logged"
config "enable_script_security = true
router_id = \"r1\"
startup_script = \"$SCRIPTS/record.sh startup\"
startup_script_user = \"nobody\"
startup_script_timeout = \"5s\"
shutdown_script = \"$SCRIPTS/record.sh shutdown\"" >"$WORKDIR/routerd.toml"
"$ROUTERCTL" --socket "$WORKDIR/routerd.sock" reload >"$WORKDIR/reload.out" 2>&1 ||
    fail "reload refused: $(cat "$WORKDIR/reload.out")"
stop
[ "$(cat "$EVENTS")" = "startup uid=65534 vip=no
shutdown uid=0 vip=no" ] || fail "events: $(cat "$EVENTS")"
grep -q "shutdown_script $SCRIPTS/record.sh shutdown: succeeded" "$ROUTERD_LOG" ||
    fail "the shutdown script's success was not logged"
echo "ok: the startup script ran once before the VIP (as nobody), the shutdown script once after it (as root)"

# 2. Hanging scripts are killed at their timeout; routerd starts and stops anyway.
: >"$EVENTS"
config "startup_script = \"$SCRIPTS/hang.sh startup\"
startup_script_timeout = \"1s\"
shutdown_script = \"$SCRIPTS/hang.sh shutdown\"
shutdown_script_timeout = \"1s\"" >"$WORKDIR/routerd.toml"
start
grep -q "startup_script $SCRIPTS/hang.sh startup: timed out after 1000 ms" "$ROUTERD_LOG" ||
    fail "the startup script's timeout was not logged"
STARTUP_PID=$(awk '$1 == "startup" { print $2 }' "$EVENTS")
exited "$STARTUP_PID" || fail "the hanging startup script (pid $STARTUP_PID) still runs"
began=$SECONDS
stop
echo "routerd stopped $((SECONDS - began)) s after SIGTERM with a 1 s shutdown_script_timeout"
grep -q "shutdown_script $SCRIPTS/hang.sh shutdown: timed out after 1000 ms" "$ROUTERD_LOG" ||
    fail "the shutdown script's timeout was not logged"
SHUTDOWN_PID=$(awk '$1 == "shutdown" { print $2 }' "$EVENTS")
[ -n "$SHUTDOWN_PID" ] || fail "the shutdown script did not run: $(cat "$EVENTS")"
exited "$SHUTDOWN_PID" || fail "the hanging shutdown script (pid $SHUTDOWN_PID) still runs"
echo "ok: hanging scripts are killed at their timeout; routerd started and stopped"

# 3. --config-test: script security and the timeout's range.
mkdir -m 777 "$WORKDIR/open"
cp "$SCRIPTS/record.sh" "$WORKDIR/open/"
config "enable_script_security = true
startup_script = \"$WORKDIR/open/record.sh startup\"
shutdown_script = \"$SCRIPTS/record.sh shutdown\"
shutdown_script_timeout = \"1001s\"" >"$WORKDIR/routerd.toml"
"$ROUTERD" --config-test --config "$WORKDIR/routerd.toml" --plugin-dir "$PLUGINS" \
    >"$WORKDIR/test.out" 2>&1 && fail "--config-test passed: $(cat "$WORKDIR/test.out")"
grep -q "routerd.toml:3:18: global.startup_script: refused by enable_script_security: $WORKDIR/open" \
    "$WORKDIR/test.out" || fail "no script-security refusal: $(cat "$WORKDIR/test.out")"
grep -q "routerd.toml:5:27: global.shutdown_script_timeout: must be whole seconds from 1s to 1000s" \
    "$WORKDIR/test.out" || fail "no timeout refusal: $(cat "$WORKDIR/test.out")"
echo "ok: --config-test refuses an unsafe root script and a timeout out of range"
echo "lifecycle_scripts: startup and shutdown scripts run once each, bounded by their timeouts"
