#!/usr/bin/env bash
# udp checker against a real UDP responder (python3) on loopback: with require_reply (a
# pattern with X wildcards) and without; down on a wrong reply or one longer than
# max_reply_length, on ICMP port unreachable
# when the responder stops; up again after `rise`; a server that never answers is down with
# require_reply (timeout) and up without it (no ICMP unreachable, as Keepalived).
# Usage: udp_check_test.sh ROUTERD ROUTERCTL PLUGIN_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/checks_lib.sh"
make_workdir
setup_routerd "$1" "$2" "$3"
cd "$WORKDIR"

UDP_PORT=$(free_port)
SILENT_PORT=$(free_port)
# Answers "PONG" followed by what it got.
start_responder() {
    python3 - "$UDP_PORT" <<'PY' &
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", int(sys.argv[1])))
while True:
    data, peer = s.recvfrom(2048)
    s.sendto(b"PONG" + data, peer)
PY
    RESPONDER_PID=$!
    PIDS+=("$RESPONDER_PID")
    sleep 0.5
}
start_responder
python3 - "$SILENT_PORT" <<'PY' &
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", int(sys.argv[1])))
while True:
    s.recv(2048)
PY
PIDS+=("$!")

COMMON='delay_loop = "200ms"
connect_timeout = "500ms"
delay_before_retry = "100ms"
retry = 1
rise = 2'
cat >routerd.toml <<TOML
[checks.reply]
type = "udp"
target = "127.0.0.1:$UDP_PORT"
payload = "50494e47"          # PING
require_reply = "504f4e4x 5049"  # PON? then PI
$COMMON
alpha = true

[checks.any_reply]
type = "udp"
target = "127.0.0.1:$UDP_PORT"
require_reply = true
min_reply_length = 4
$COMMON

[checks.too_long]
type = "udp"
target = "127.0.0.1:$UDP_PORT"
payload = "50494e47"          # PING: the reply is PONGPING, 8 bytes
require_reply = true
max_reply_length = 6
$COMMON

[checks.no_unreachable]
type = "udp"
target = "127.0.0.1:$UDP_PORT"
$COMMON

[checks.wrong_reply]
type = "udp"
target = "127.0.0.1:$UDP_PORT"
require_reply = "5858"
$COMMON

[checks.silent_required]
type = "udp"
target = "127.0.0.1:$SILENT_PORT"
require_reply = true
$COMMON

[checks.silent_allowed]
type = "udp"
target = "127.0.0.1:$SILENT_PORT"
$COMMON
TOML
start_routerd
for name in reply any_reply no_unreachable silent_allowed; do expect_state 10 "$name" up; done
expect_state 10 wrong_reply down
expect_reason 10 wrong_reply "the reply does not match require_reply"
expect_state 10 too_long down
expect_reason 10 too_long "reply of 8 bytes, not 0..6"
expect_state 10 silent_required down
expect_reason 10 silent_required "no reply: timed out after 500 ms"
stays_state 2 silent_allowed up

stop_pid "$RESPONDER_PID"
for name in reply any_reply no_unreachable; do expect_state 10 "$name" down; done
expect_reason 10 no_unreachable "ICMP port unreachable"
start_responder
for name in reply any_reply no_unreachable; do expect_state 10 "$name" up; done
echo "udp check: replies, patterns, unreachable, silence"
