#!/usr/bin/env bash
# Started as root (not by systemd), routerd keeps only the capabilities its configuration
# needs, in every thread, and still does its job with them (kernel/daemon/capabilities.hpp):
#  - VRRP and a root check: CAP_NET_ADMIN and CAP_NET_RAW, nothing else (effective, permitted,
#    bounding; inheritable and ambient empty), read from /proc/PID/task/*/status; a reload then
#    still adds a VIP; a reload that needs to run a script as another user is refused with
#    the reason (the capability is gone);
#  - with script_user = "nobody" and a userspace virtual server on port 80: also CAP_SETUID,
#    CAP_SETGID, CAP_KILL and CAP_NET_BIND_SERVICE; the script runs as nobody and, hanging
#    past misc_timeout, is killed (signalling another user's process takes CAP_KILL).
# Usage: capabilities_test.sh ROUTERD ROUTERCTL PLUGIN_DIR
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/netns.sh"
require_root
ROUTERD=$1 ROUTERCTL=$2 PLUGINS=$3
make_workdir
chmod 755 "$WORKDIR"
lone_host r1

cat >"$WORKDIR/hang.sh" <<'SH'
#!/bin/sh
sleep 41.5
SH
chmod 755 "$WORKDIR/hang.sh"

vrrp_config() {  # VIPS...
    local vips
    vips=$(printf '"%s", ' "$@")
    cat <<TOML
[vrrp.instance.VI_1]
state = "MASTER"
interface = "eth0"
virtual_router_id = 51
priority = 200
advert_int = "1s"
virtual_ipaddress = [${vips%, }]

[checks.root_script]
type = "misc"
misc_path = "/bin/true"
delay_loop = "500ms"
TOML
}

start() {  # CONFIG
    ROUTERD_LOG="$WORKDIR/routerd.log"
    ip netns exec "$(ns r1)" "$ROUTERD" --foreground --log-level debug --config "$1" \
        --plugin-dir "$PLUGINS" --state-db "$WORKDIR/state.db" \
        --control-socket "$WORKDIR/routerd.sock" >>"$ROUTERD_LOG" 2>&1 &
    ROUTERD_PID=$!
    PIDS+=("$ROUTERD_PID")
    wait_for 10 grep -q "capabilities kept" "$ROUTERD_LOG"
}
ctl() { "$ROUTERCTL" --socket "$WORKDIR/routerd.sock" "$@"; }
# grep reads to the end: ip writes a line at a time, and under pipefail an early-exiting grep -q
# would fail the check with SIGPIPE whenever ip still had a line to write.
has_vip() { ip -n "$(ns r1)" -o addr show dev eth0 | grep -w "$1" >/dev/null; }

# every_thread_holds MASK: each thread's effective, permitted and bounding sets are MASK, its
# inheritable and ambient sets empty.
every_thread_holds() {
    local want=$1 task field value threads=0
    for task in /proc/"$ROUTERD_PID"/task/*; do
        threads=$((threads + 1))
        for field in CapEff CapPrm CapBnd; do
            value=$(awk -v f="$field:" '$1 == f { print $2 }' "$task/status")
            [ "$value" = "$want" ] || fail "thread ${task##*/}: $field $value, expected $want"
        done
        for field in CapInh CapAmb; do
            value=$(awk -v f="$field:" '$1 == f { print $2 }' "$task/status")
            [ "$value" = 0000000000000000 ] || fail "thread ${task##*/}: $field $value"
        done
    done
    [ "$threads" -gt 1 ] || fail "only $threads thread: nothing to show"
    echo "ok: $threads threads hold $want"
}

# VRRP and a root check: NET_ADMIN (0x1000) and NET_RAW (0x2000) only.
vrrp_config 172.16.0.100 >"$WORKDIR/routerd.toml"
start "$WORKDIR/routerd.toml"
wait_for 10 has_vip 172.16.0.100
every_thread_holds 0000000000003000
grep -q "capabilities kept: cap_net_admin cap_net_raw" "$ROUTERD_LOG" || fail "not logged"

# After the drop: a reload still changes addresses ...
vrrp_config 172.16.0.100 172.16.0.101 >"$WORKDIR/routerd.toml"
ctl reload >"$WORKDIR/reload.out" || fail "reload refused: $(cat "$WORKDIR/reload.out")"
wait_for 10 has_vip 172.16.0.101
echo "ok: a reload after the drop adds a VIP"
# ... but one that runs a script as another user needs what was given up: refused, and why.
{
    vrrp_config 172.16.0.100
    printf '\n[checks.as_nobody]\ntype = "misc"\nmisc_path = "/bin/true"\nuser = "nobody"\n'
} >"$WORKDIR/routerd.toml"
ctl reload >"$WORKDIR/reload.out" 2>&1 && fail "a reload needing CAP_SETUID was applied"
grep -q "routerd.toml:16:13: checks.as_nobody.misc_path: needs CAP_SETUID, CAP_SETGID and CAP_KILL (to run scripts as another user), which routerd gave up when it started: restart routerd to use it" \
    "$WORKDIR/reload.out" || fail "the refusal does not say why: $(cat "$WORKDIR/reload.out")"
has_vip 172.16.0.101 || fail "the refused reload changed the running configuration"
echo "ok: a reload that needs a capability given up is refused with the reason"
kill "$ROUTERD_PID"
wait "$ROUTERD_PID" 2>/dev/null || true

# Scripts as nobody and a listener on port 80: SETUID, SETGID, KILL, NET_BIND_SERVICE too.
{
    vrrp_config 172.16.0.100
    cat <<TOML

[global]
script_user = "nobody"

[checks.hang]
type = "misc"
misc_path = "$WORKDIR/hang.sh"
misc_timeout = "300ms"
delay_loop = "500ms"

[ipvs]
forwarder = "userspace"

[ipvs.virtual_server.web]
address = "127.0.0.1:80"
scheduler = "rr"
[ipvs.virtual_server.web.real_server.a]
address = "127.0.0.1:8081"
TOML
} >"$WORKDIR/routerd.toml"
: >"$WORKDIR/routerd.log"
start "$WORKDIR/routerd.toml"
# 0x20 KILL, 0x40 SETGID, 0x80 SETUID, 0x400 NET_BIND_SERVICE, 0x3000 NET_ADMIN, NET_RAW.
every_thread_holds 00000000000034e0
hang_timed_out() {
    ctl --json checks | python3 -c 'import json,sys; print(json.load(sys.stdin)["checks"]["hang"]["last_reason"])' |
        grep -q "timed out after 300 ms"
}
wait_for 10 hang_timed_out
sleep 2
# Each run that timed out was killed with its process group; without CAP_KILL they would pile up.
[ "$(pgrep -c -u nobody -f '^sleep 41.5$' || true)" -le 1 ] ||
    fail "scripts run as nobody were not killed at their timeout: $(pgrep -a -u nobody sleep)"
echo "ok: scripts run as nobody and are killed at misc_timeout"
in_ns r1 python3 -c 'import socket; socket.create_connection(("127.0.0.1", 80), 1)' ||
    fail "the userspace forwarder does not listen on port 80"
echo "capabilities: kept what the configuration needs, in every thread, and nothing else"
