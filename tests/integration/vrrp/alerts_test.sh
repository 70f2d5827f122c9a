#!/usr/bin/env bash
# VRRP transitions reach a real SMTP server: the reference page's second setup on r1
# (etc/examples/nopreempt-ah-A.toml: smtp_alert in the instance, global_defs' mail settings in
# [notify-smtp]) with its relay pointed at an aiosmtpd server inside r1's namespace. Becoming
# MASTER, and entering FAULT when the tracked process dies, each produce a Keepalived-style
# mail.
# Usage: alerts_test.sh ROUTERD ROUTERCTL PLUGIN_DIR SOURCE_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/lib.sh"
require_root
ROUTERD=$1 ROUTERCTL=$2 PLUGINS=$3 SOURCE_DIR=$4
/usr/bin/python3 -c "import aiosmtpd" 2>/dev/null || { echo "SKIP: python3-aiosmtpd is missing"; exit 77; }
make_workdir
trap 'status=$?; [ $status -eq 0 ] || dump_logs; cleanup; exit $status' EXIT
vrrp_lab

mkdir -p "$WORKDIR/mail"
ip netns exec "$(ns r1)" /usr/bin/python3 "$SOURCE_DIR/tests/integration/notify_smtp/smtp_server.py" \
    --port 2525 --maildir "$WORKDIR/mail" >"$WORKDIR/smtp.log" 2>&1 &
PIDS+=("$!")
wait_for 10 in_ns r1 python3 -c 'import socket; socket.create_connection(("127.0.0.1", 2525), 1)'

{
    echo '[global]'
    echo 'router_id = "lb1"'
    sed -e 's/process = "sshd"/process = "sshd_alerts"/' \
        -e 's/smtp_server = .*/smtp_server = ["127.0.0.1:2525"]/' \
        "$SOURCE_DIR/etc/examples/nopreempt-ah-A.toml"
} >"$WORKDIR/r1.toml"
cp /bin/sleep "$WORKDIR/sshd_alerts"
"$WORKDIR/sshd_alerts" 100000 &
SSHD=$!
PIDS+=("$SSHD")

start_routerd r1 "$WORKDIR/r1.toml"
wait_for 10 state_is r1 VI_1 MASTER
mail_with() { grep -l "^Subject: $1" "$WORKDIR"/mail/*.eml >/dev/null 2>&1; }
wait_for 20 mail_with "\[lb1\] VRRP Instance VI_1 - Entering MASTER state"
kill "$SSHD"
wait_for 10 state_is r1 VI_1 FAULT
wait_for 20 mail_with "\[lb1\] VRRP Instance VI_1 - Entering FAULT state"
grep -h "^To: " "$WORKDIR"/mail/*.eml | grep "admin@example.net" >/dev/null || fail "wrong recipient"
echo "alerts: $(ls "$WORKDIR"/mail/*.eml | wc -l) mails for the VRRP transitions"
