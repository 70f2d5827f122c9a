#!/usr/bin/env bash
# dns checker against a real DNS server (dnsmasq) on loopback: up on NOERROR with an answer;
# down on NXDOMAIN, on an empty answer, when dnsmasq stops (ICMP port unreachable); up again
# after `rise`; a timeout against a UDP server that never answers.
# Usage: dns_check_test.sh ROUTERD ROUTERCTL PLUGIN_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/checks_lib.sh"
make_workdir
setup_routerd "$1" "$2" "$3"
cd "$WORKDIR"

DNS_PORT=$(free_port)
SILENT_PORT=$(free_port)
start_dnsmasq() {
    dnsmasq --keep-in-foreground --conf-file=/dev/null --pid-file= --no-resolv --no-hosts \
        --listen-address=127.0.0.1 --bind-interfaces --port="$DNS_PORT" \
        --local=/example.test/ --host-record=www.example.test,192.0.2.10 \
        --log-facility=- 2>"$WORKDIR/dnsmasq.log" &
    DNSMASQ_PID=$!
    PIDS+=("$DNSMASQ_PID")
    wait_for 5 dig_ok
}
dig_ok() {
    python3 - "$DNS_PORT" <<'PY'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(0.5)
q = bytes.fromhex("abcd01000001000000000000") + b"\x03www\x07example\x04test\x00\x00\x01\x00\x01"
s.sendto(q, ("127.0.0.1", int(sys.argv[1])))
s.recv(512)
PY
}
start_dnsmasq
python3 - "$SILENT_PORT" <<'PY' &
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", int(sys.argv[1])))
while True:
    s.recv(512)
PY
PIDS+=("$!")

COMMON='delay_loop = "200ms"
connect_timeout = "1s"
delay_before_retry = "100ms"
retry = 1
rise = 2'
# An unknown key (Keepalived's `type`, which is `query_type` here) is refused, positioned.
cat >routerd.toml <<TOML
[checks.dns]
type = "dns"
target = "127.0.0.1:$DNS_PORT"
name = "www.example.test"
qtype = "A"
TOML
if "$ROUTERD" --config routerd.toml --plugin-dir plugins --config-test 2>unknown.err; then
    fail "an unknown key was accepted"
fi
grep -q "routerd.toml:[0-9]*:[0-9]*: .*qtype" unknown.err ||
    fail "no positioned error for an unknown key: $(cat unknown.err)"

cat >routerd.toml <<TOML
[checks.dns]
type = "dns"
target = "127.0.0.1:$DNS_PORT"
query_type = "A"
name = "www.example.test"
$COMMON
alpha = true

[checks.dns_nxdomain]
type = "dns"
target = "127.0.0.1:$DNS_PORT"
query_type = "A"
name = "missing.example.test"
$COMMON

[checks.dns_nodata]
type = "dns"
target = "127.0.0.1:$DNS_PORT"
query_type = "AAAA"
name = "www.example.test"
$COMMON

[checks.dns_silent]
type = "dns"
target = "127.0.0.1:$SILENT_PORT"
delay_loop = "200ms"
connect_timeout = "300ms"
TOML
start_routerd
expect_state 10 dns up
expect_state 10 dns_nxdomain down
expect_reason 10 dns_nxdomain "RCODE 3 (NXDOMAIN)"
expect_state 10 dns_nodata down
expect_reason 10 dns_nodata "no answer records"
expect_reason 10 dns_silent "timed out after 300 ms waiting for a reply"

stop_pid "$DNSMASQ_PID"
expect_state 10 dns down
expect_reason 10 dns "ICMP port unreachable"
start_dnsmasq
expect_state 10 dns up
echo "dns check: dnsmasq answer, NXDOMAIN, NODATA, stopped, back; timeout"
