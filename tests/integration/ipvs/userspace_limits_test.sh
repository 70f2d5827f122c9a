#!/usr/bin/env bash
# The userspace forwarder's [userspace] limits on real traffic: max_connections refuses the
# connection beyond the limit (and takes new ones once others end), tcp_idle_timeout closes a
# silent TCP connection, and udp_idle_timeout ends a quiet UDP flow, so that the client's next
# datagram is scheduled afresh; a real server that refuses ends the client's connection at
# once, and one that never answers ends it after connect_timeout. Counters show in the
# plugin's status.
# Usage: userspace_limits_test.sh ROUTERD ROUTERCTL BUILD_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/userspace_lab.sh"
require_root
ROUTERD=$1
ROUTERCTL=$2
BUILD=$3
make_workdir

lab_build 2
for i in 1 2; do lab_nginx "$i" 80; done
for i in 1 2; do lab_udp_echo "$i"; done
# An address on the real servers' LAN that nobody holds: its SYNs go unanswered (ARP fails
# only after about 3 s, well after connect_timeout).
SILENT_SERVER=10.202.0.99
lab_plugins "$BUILD" plugins/fwd_userspace.so plugins/sched_rr.so test-plugins/test_lb_driver.so
cat >"$WORKDIR/routerd.toml" <<TOML
[userspace]
threads = 1
max_connections = 2
tcp_idle_timeout = "2s"
udp_idle_timeout = "1s"
connect_timeout = "1s"

[test-lb-driver]
forwarder = "userspace"
table = '''{"services": [
  {"key": "tcp:$LAB_VIP:80", "protocol": "tcp", "address": "$LAB_VIP", "port": 80, "scheduler": "rr",
   "destinations": [{"address": "$(lab_rs_address 1)", "port": 80},
                    {"address": "$(lab_rs_address 2)", "port": 80}]},
  {"key": "udp:$LAB_VIP:53", "protocol": "udp", "address": "$LAB_VIP", "port": 53, "scheduler": "rr",
   "destinations": [{"address": "$(lab_rs_address 1)", "port": 53},
                    {"address": "$(lab_rs_address 2)", "port": 53}]},
  {"key": "tcp:$LAB_VIP:81", "protocol": "tcp", "address": "$LAB_VIP", "port": 81, "scheduler": "rr",
   "destinations": [{"address": "$(lab_rs_address 1)", "port": 81}]},
  {"key": "tcp:$LAB_VIP:82", "protocol": "tcp", "address": "$LAB_VIP", "port": 82, "scheduler": "rr",
   "destinations": [{"address": "$SILENT_SERVER", "port": 80}]}]}'''
TOML
lab_routerd "$ROUTERD"
wait_for 10 lab_get "http://$LAB_VIP/"

# counter NAME: the forwarder's status counter NAME.
counter() {
    "$ROUTERCTL" --socket "$WORKDIR/routerd.sock" --json status | python3 -c '
import json, sys
plugins = json.load(sys.stdin)["status"]["plugins"]
print(next(p["status"][sys.argv[1]] for p in plugins if p["name"] == "userspace"))
' "$1"
}

# 1. Two connections open (the limit): a third is closed at once; after they end, one works.
in_ns cl python3 -c '
import socket, sys
vip = sys.argv[1]
def get(s):
    s.sendall(b"GET / HTTP/1.1\r\nHost: vip\r\n\r\n")
    return s.recv(4096)
held = [socket.create_connection((vip, 80), timeout=5) for _ in range(2)]
assert all(b"200 OK" in get(s) for s in held), "the two connections within the limit failed"
extra = socket.create_connection((vip, 80), timeout=5)
try:
    answer = get(extra)
except ConnectionError:
    answer = b""
assert answer == b"", "a connection beyond max_connections was served"
' "$LAB_VIP" || fail "max_connections is not enforced"
[ "$(counter refused_max_connections)" -ge 1 ] || fail "the refusal is not counted"
lab_get "http://$LAB_VIP/" >/dev/null || fail "no new connection once the others ended"

# 2. A silent connection is closed after tcp_idle_timeout (2s), one that talks is not.
in_ns cl python3 -c '
import socket, sys, time
s = socket.create_connection((sys.argv[1], 80), timeout=10)
for _ in range(3):  # 3 requests 1 s apart: never 2 s idle
    s.sendall(b"GET / HTTP/1.1\r\nHost: vip\r\n\r\n")
    assert b"200 OK" in s.recv(4096), "a talking connection was closed"
    time.sleep(1)
start = time.monotonic()
assert s.recv(4096) == b"", "the idle connection was not closed"
waited = time.monotonic() - start
assert 0.5 < waited < 5, f"closed after {waited:.1f}s of silence, not about 2s"
' "$LAB_VIP" || fail "tcp_idle_timeout is not applied"
[ "$(counter idle_timeouts)" -ge 1 ] || fail "the idle timeout is not counted"

# 3. A UDP flow quiet for longer than udp_idle_timeout (1s) ends: the same client socket is a
#    new flow afterwards, and rr gives it the other server; within the timeout it keeps its own.
udp=$(in_ns cl python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(3)
def ask():
    s.sendto(b"q", (sys.argv[1], 53))
    return s.recv(100).decode()
first = ask()
time.sleep(0.3)
same = ask()
time.sleep(2.5)
print(first, same, ask())
' "$LAB_VIP")
read -r first same after <<<"$udp"
[ "$first" = "$same" ] || fail "a UDP flow changed server within its timeout: $udp"
[ "$after" != "$first" ] || fail "a UDP flow outlived udp_idle_timeout: $udp"

# 4. A real server that refuses, and one that never answers: the client's connection ends at
#    once, and after connect_timeout (1s); both count as connect failures.
# ended_after PORT: seconds from a request on the VIP's PORT to the end of the connection.
ended_after() {
    in_ns cl python3 -c '
import socket, sys, time
s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=10)
start = time.monotonic()
s.sendall(b"GET / HTTP/1.1\r\nHost: vip\r\n\r\n")
try:
    assert s.recv(4096) == b"", "an answer came from nowhere"
except ConnectionResetError:
    pass
print(f"{time.monotonic() - start:.2f}")
' "$LAB_VIP" "$1"
}
before=$(counter connect_failures)
refused=$(ended_after 81)
python3 -c "import sys; sys.exit(float(sys.argv[1]) >= 0.5)" "$refused" ||
    fail "a refused connect ended the client's connection after $refused s, not at once"
silent=$(ended_after 82)
python3 -c "import sys; sys.exit(not 0.7 < float(sys.argv[1]) < 2.5)" "$silent" ||
    fail "an unanswered connect ended the client's connection after $silent s, not about 1 s"
[ "$(counter connect_failures)" -eq $((before + 2)) ] ||
    fail "connect failures counted: $(counter connect_failures), expected $((before + 2))"
echo PASS
