#!/usr/bin/env bash
# VRRP, the userspace forwarder, checks, scripts and alerts work under routerd's systemd unit's
# identity and privileges (unit_sandbox.sh: its User=, only CAP_NET_ADMIN and CAP_NET_RAW,
# no_new_privs, LimitNOFILE=, UMask=, its state and runtime directories), read from
# etc/routerd.service.in. Two routers on a LAN, both so confined; on r1 a track_script, a
# notify script, SMTP alerts into aiosmtpd and a virtual server (userspace forwarder) with a
# TCP check of a real server:
#  - every thread of both routerds runs as the unit's user with CAP_NET_ADMIN and CAP_NET_RAW
#    only, no ambient capabilities (scripts get none), no_new_privs; routerctl status shows
#    the unit's LimitNOFILE;
#  - r1 is MASTER with the VIP and mails it; the notify script ran as the unit's user with no
#    capability; a client reaches the real server through the VIP; the TCP check finds the real
#    server down when it stops and up again when it returns;
#  - the track_script fails: r1 goes to FAULT and mails it, r2 takes the VIP over;
#  - a configuration that needs more than the unit gives (a virtual server on port 80) is
#    refused by --config-test, the unit's ExecStartPre, with the key and what to add.
# Usage: unit_sandbox_test.sh ROUTERD ROUTERCTL PLUGIN_DIR SOURCE_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/../vrrp/lib.sh"
source "$(dirname "$0")/unit_sandbox.sh"
require_root
REAL_ROUTERD=$1 ROUTERCTL=$2 PLUGINS=$3 SOURCE_DIR=$4
/usr/bin/python3 -c "import aiosmtpd" 2>/dev/null || { echo "SKIP: python3-aiosmtpd is missing"; exit 77; }
make_workdir
chmod 755 "$WORKDIR"  # the unit's user reads its configuration and scripts here
trap 'status=$?; [ $status -eq 0 ] || dump_logs; cleanup; exit $status' EXIT
UNIT="$SOURCE_DIR/etc/routerd.service.in"
unit_sandbox "$UNIT" "$WORKDIR/sandboxed"
# start_routerd (vrrp/lib.sh) starts $ROUTERD: routerd under the unit's restrictions.
cat >"$WORKDIR/routerd" <<SH
#!/bin/sh
exec "$WORKDIR/sandboxed" "$REAL_ROUTERD" "\$@"
SH
chmod 755 "$WORKDIR/routerd"
ROUTERD="$WORKDIR/routerd"
vrrp_lab
ns_add rs1
lan_join lan rs1 eth0 172.16.0.20/24

# The real server: a static page on 172.16.0.20:80.
mkdir -p "$WORKDIR/www"
echo rs1 >"$WORKDIR/www/index.html"
start_real_server() {
    # ip netns exec execs in place: $! is the server itself, for the kill below.
    ip netns exec "$(ns rs1)" python3 -m http.server --bind 172.16.0.20 --directory "$WORKDIR/www" \
        80 >"$WORKDIR/www.log" 2>&1 &
    REAL_SERVER=$!
    PIDS+=("$REAL_SERVER")
    wait_for 20 in_ns rs1 curl -sf http://172.16.0.20/
}
start_real_server

mkdir -p "$WORKDIR/mail"
in_ns r1 /usr/bin/python3 "$SOURCE_DIR/tests/integration/notify_smtp/smtp_server.py" \
    --port 2525 --maildir "$WORKDIR/mail" >"$WORKDIR/smtp.log" 2>&1 &
PIDS+=("$!")
wait_for 20 in_ns r1 python3 -c 'import socket; socket.create_connection(("127.0.0.1", 2525), 1)'

for host in r1 r2; do sandbox_dirs "$WORKDIR/$host" "$WORKDIR/$host-state"; done
# The notify script writes where the unit lets it (its state directory): who it ran as, and
# the capabilities it had.
cat >"$WORKDIR/notify.sh" <<SH
#!/bin/sh
echo "\$3 uid=\$(id -u) \$(grep CapEff /proc/self/status)" >>"$WORKDIR/r1-state/notify.log"
SH
chmod 755 "$WORKDIR/notify.sh"
touch "$WORKDIR/gate"
chmod 755 "$WORKDIR/gate"

instance() {  # NAME STATE PRIORITY
    cat <<TOML
[vrrp.instance.$1]
state = "$2"
interface = "eth0"
virtual_router_id = 51
priority = $3
advert_int = "1s"
virtual_ipaddress = ["172.16.0.100/24"]
TOML
}
{
    printf '[global]\nrouter_id = "lb1"\n\n'
    printf '[notify-smtp]\nnotification_email = ["admin@example.net"]\n'
    printf 'notification_email_from = "lb1@example.net"\nsmtp_server = ["127.0.0.1:2525"]\n\n'
    printf '[vrrp.script.gate]\nscript = "/usr/bin/test -e %s"\ninterval = "1s"\n\n' "$WORKDIR/gate"
    instance VI_1 MASTER 200
    printf 'track_script = ["gate"]\nsmtp_alert = true\nnotify = "%s"\n\n' "$WORKDIR/notify.sh"
    printf '[ipvs.virtual_server.web]\naddress = "172.16.0.100:8080"\nscheduler = "rr"\n'
    printf 'protocol = "TCP"\n\n[ipvs.virtual_server.web.real_server.rs1]\n'
    printf 'address = "172.16.0.20:80"\ncheck = { type = "tcp", delay_loop = "1s", connect_timeout = "2s" }\n'
} >"$WORKDIR/r1.toml"
instance VI_1 BACKUP 100 >"$WORKDIR/r2.toml"
chmod 644 "$WORKDIR/r1.toml" "$WORKDIR/r2.toml"

start_routerd r1 "$WORKDIR/r1.toml" "$WORKDIR/r1-state/state.db"
start_routerd r2 "$WORKDIR/r2.toml" "$WORKDIR/r2-state/state.db"
for host in r1 r2; do
    wait_for 20 grep -q "capabilities kept: cap_net_admin cap_net_raw" "$WORKDIR/$host/log"
done

# Every thread: the unit's user, CAP_NET_ADMIN and CAP_NET_RAW (0x3000) only, no ambient
# capabilities, no_new_privs.
uid=$(id -u "$SANDBOX_USER")
for pid in "$PID_r1" "$PID_r2"; do
    threads=0
    for task in /proc/"$pid"/task/*; do
        threads=$((threads + 1))
        field() { awk -v f="$1:" '$1 == f { print $2 }' "$task/status"; }
        [ "$(field Uid)" = "$uid" ] || fail "thread ${task##*/}: uid $(field Uid), not $uid"
        [ "$(field CapEff)" = 0000000000003000 ] || fail "thread ${task##*/}: CapEff $(field CapEff)"
        [ "$(field CapPrm)" = 0000000000003000 ] || fail "thread ${task##*/}: CapPrm $(field CapPrm)"
        [ "$(field CapBnd)" = 0000000000003000 ] || fail "thread ${task##*/}: CapBnd $(field CapBnd)"
        [ "$(field CapAmb)" = 0000000000000000 ] || fail "thread ${task##*/}: CapAmb $(field CapAmb)"
        [ "$(field NoNewPrivs)" = 1 ] || fail "thread ${task##*/}: no no_new_privs"
    done
    [ "$threads" -gt 1 ] || fail "routerd $pid has $threads thread"
done
echo "ok: both routerds run as $SANDBOX_USER with cap_net_admin cap_net_raw only, in every thread"
limit=$(ctl_in r1 --json status | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"]["descriptors"]["limit"])')
[ "$limit" = "$SANDBOX_LIMIT_NOFILE" ] || fail "descriptor limit $limit, the unit's is $SANDBOX_LIMIT_NOFILE"
echo "ok: descriptor limit $limit, the unit's LimitNOFILE"

wait_for 20 state_is r1 VI_1 MASTER
wait_for 20 state_is r2 VI_1 BACKUP
has_address r1 172.16.0.100 || fail "r1 is MASTER without the VIP"
mail_with() { grep -l "^Subject: $1" "$WORKDIR"/mail/*.eml >/dev/null 2>&1; }
wait_for 30 mail_with "\[lb1\] VRRP Instance VI_1 - Entering MASTER state"
wait_for 20 grep -q "^MASTER uid=$uid CapEff:.0000000000000000$" "$WORKDIR/r1-state/notify.log"
echo "ok: VRRP: r1 MASTER with the VIP, mailed; its notify script ran as $SANDBOX_USER with no capability"

wait_for 30 in_ns client curl -sf --max-time 5 http://172.16.0.100:8080/
[ "$(in_ns client curl -sf --max-time 5 http://172.16.0.100:8080/)" = rs1 ] || fail "the VIP does not serve rs1"
echo "ok: the userspace forwarder carries the client to the real server"
check_state() {
    ctl_in r1 --json checks | python3 -c 'import json,sys; print(" ".join(c["state"] for c in json.load(sys.stdin)["checks"].values()))'
}
check_is() { [ "$(check_state)" = "$1" ]; }
wait_for 30 check_is up
kill "$REAL_SERVER"
wait "$REAL_SERVER" 2>/dev/null || true
wait_for 30 check_is down
start_real_server
wait_for 30 check_is up
echo "ok: the TCP check finds the real server down and up again"

rm "$WORKDIR/gate"
wait_for 30 state_is r1 VI_1 FAULT
wait_for 30 state_is r2 VI_1 MASTER
wait_for 20 has_address r2 172.16.0.100
wait_for 30 mail_with "\[lb1\] VRRP Instance VI_1 - Entering FAULT state"
echo "ok: the track_script failed: r1 FAULT (mailed), r2 took the VIP over"

sed 's/172.16.0.100:8080/172.16.0.100:80/' "$WORKDIR/r1.toml" >"$WORKDIR/low-port.toml"
chmod 644 "$WORKDIR/low-port.toml"
if in_ns r1 "$ROUTERD" --config-test --config "$WORKDIR/low-port.toml" --plugin-dir "$PLUGINS" \
    >"$WORKDIR/config-test.out" 2>&1; then
    fail "--config-test accepted a port below 1024 without CAP_NET_BIND_SERVICE"
fi
grep -q "low-port.toml:[0-9]*:[0-9]*: ipvs.virtual_server.web.*needs CAP_NET_BIND_SERVICE (to bind a port below 1024), which routerd was started without (under systemd: add it to the unit's AmbientCapabilities= and CapabilityBoundingSet=)" \
    "$WORKDIR/config-test.out" || { cat "$WORKDIR/config-test.out"; fail "--config-test did not say what is missing"; }
echo "ok: --config-test refuses a virtual server on port 80: $(grep -m1 needs "$WORKDIR/config-test.out")"
