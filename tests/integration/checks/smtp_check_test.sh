#!/usr/bin/env bash
# smtp checker against a real SMTP server (python3-aiosmtpd) on loopback: up; down when it
# stops or greets with a 5xx; up again after `rise`; a timeout against a server that
# accepts and never greets.
# Usage: smtp_check_test.sh ROUTERD ROUTERCTL PLUGIN_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/checks_lib.sh"
make_workdir
setup_routerd "$1" "$2" "$3"
cd "$WORKDIR"

SMTP_PORT=$(free_port)
SILENT_PORT=$(free_port)
start_smtpd() {
    # Debian's python3 (aiosmtpd is a Debian package), whatever python3 is first in PATH.
    /usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" &
    SMTPD_PID=$!
    PIDS+=("$SMTPD_PID")
    wait_for 10 port_open "$SMTP_PORT"
}
start_smtpd
start_silent_server "$SILENT_PORT"

cat >routerd.toml <<TOML
[checks.smtp]
type = "smtp"
target = "127.0.0.1:$SMTP_PORT"
helo_name = "lb1.example.test"
delay_loop = "200ms"
connect_timeout = "1s"
delay_before_retry = "100ms"
retry = 1
rise = 2
alpha = true

[checks.smtp_silent]
type = "smtp"
target = "127.0.0.1:$SILENT_PORT"
delay_loop = "200ms"
connect_timeout = "300ms"
TOML
start_routerd
expect_state 10 smtp up
expect_reason 10 smtp_silent "timed out after 300 ms waiting for the greeting"

stop_pid "$SMTPD_PID"
expect_state 10 smtp down
expect_reason 10 smtp "connect: Connection refused"

# A server that refuses service in its greeting (RFC 5321 §3.1: 554).
start_banner_server "$SMTP_PORT" "554 no service here"
expect_reason 10 smtp "greeting: 554 no service here"
is_state smtp down || fail "a 554 greeting passed"
stop_pid "$BANNER_PID"

start_smtpd
expect_state 10 smtp up
echo "smtp check: aiosmtpd up, down, wrong greeting, up; timeout"
