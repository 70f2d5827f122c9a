#!/usr/bin/env bash
# Descriptor exhaustion: routerd runs with a low RLIMIT_NOFILE (hard 640) and a userspace UDP
# virtual server whose real servers have TCP checks. A client floods it from 240 addresses and
# thousands of source ports, each a new flow that would take a socket. routerd keeps its
# control plane's reserve (256 + 4 per check): the forwarder refuses the flows beyond its
# budget (and beyond max_flows_per_source for one address) and counts them, the checks stay
# UP (no real server is marked down), and routerctl still answers, during the flood and after.
# Usage: descriptor_exhaustion_test.sh ROUTERD ROUTERCTL BUILD_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/userspace_lab.sh"
require_root
ROUTERD=$1
ROUTERCTL=$2
BUILD=$3
make_workdir
NOFILE=640
FLOOD_ADDRESSES=240

lab_build 2
for i in 1 2; do
    lab_nginx "$i" 80
    lab_udp_echo "$i"
done
lab_plugins "$BUILD" plugins/ipvs.so plugins/fwd_userspace.so plugins/sched_rr.so \
    plugins/check_tcp.so
cat >"$WORKDIR/routerd.toml" <<TOML
[ipvs]
forwarder = "userspace"

[userspace]
threads = 2
max_flows_per_source = 100
udp_idle_timeout = "120s"

[ipvs.virtual_server.dns]
address = "$LAB_VIP:53"
protocol = "UDP"
scheduler = "rr"
TOML
for i in 1 2; do
    cat >>"$WORKDIR/routerd.toml" <<TOML

[ipvs.virtual_server.dns.real_server.rs$i]
address = "$(lab_rs_address "$i"):53"
check = { type = "tcp", connect_port = 80, delay_loop = "200ms", connect_timeout = "1s", retry = 0 }
TOML
done

# The client's extra addresses, the flood's sources.
for i in $(seq 10 $((10 + FLOOD_ADDRESSES - 1))); do
    echo "addr add 10.201.1.$i/16 dev eth0"
done | in_ns cl ip -batch -
in_ns lb ip route add 10.201.0.0/16 dev eth0

ROUTERD_LOG="$WORKDIR/routerd.log"
in_ns lb prlimit --nofile=$NOFILE:$NOFILE "$ROUTERD" --config "$WORKDIR/routerd.toml" \
    --plugin-dir "$WORKDIR/plugins" --state-db "$WORKDIR/state.db" \
    --control-socket "$WORKDIR/routerd.sock" --foreground --log-level debug >>"$ROUTERD_LOG" 2>&1 &
ROUTERD_PID=$!
PIDS+=("$ROUTERD_PID")
wait_for 10 test -S "$WORKDIR/routerd.sock"

ctl() { timeout 5 "$ROUTERCTL" --socket "$WORKDIR/routerd.sock" "$@"; }
# status PYTHON_EXPRESSION: evaluates it with `s` = routerctl's status JSON.
status() {
    ctl --json status | python3 -c '
import json, sys
s = json.load(sys.stdin)["status"]
fwd = next(p["status"] for p in s["plugins"] if p["name"] == "userspace")
print(eval(sys.argv[1]))
' "$1"
}
checks_up() { [ "$(status '[c["state"] for c in s["checks"].values()]')" = "['up', 'up']" ]; }
ask() {
    in_ns cl python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(2)
s.sendto(b"q", (sys.argv[1], 53))
print(s.recv(100).decode())
' "$LAB_VIP"
}
wait_for 10 checks_up || fail "the checks are not UP before the flood"
ask | grep -q '^rs' || fail "the UDP virtual server does not answer before the flood"

# The flood: one address from 300 source ports, then every address from 40 (9,560 flows asked
# for), twice, while routerctl is asked for its status.
in_ns cl python3 -c '
import socket, sys, time
vip, count, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def send_from(address):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((address, 0))  # a fresh source port: a new flow
    s.sendto(b"x", (vip, 53))
    s.close()
# One address alone, past max_flows_per_source.
for _ in range(300):
    send_from("10.201.1.10")
# Then every address, until the forwarder has no descriptor left for a flow.
for _ in range(rounds):
    for port in range(40):
        for i in range(1, count):
            send_from(f"10.201.1.{10 + i}")
    time.sleep(1)
' "$LAB_VIP" "$FLOOD_ADDRESSES" 2 &
FLOOD=$!
PIDS+=("$FLOOD")
answered=0
while kill -0 "$FLOOD" 2>/dev/null; do
    ctl status >/dev/null && answered=$((answered + 1)) || fail "routerctl did not answer during the flood"
    sleep 0.5
done
wait "$FLOOD" || fail "the flood failed"
sleep 1  # a few more check rounds

ctl status >/dev/null || fail "routerctl does not answer after the flood"
checks_up || fail "a check went DOWN: $(status 's["checks"]')"
! grep -q "UP -> DOWN" "$ROUTERD_LOG" || fail "a real server was marked DOWN: $(grep 'UP -> DOWN' "$ROUTERD_LOG")"
grep -q "Too many open files" "$ROUTERD_LOG" && fail "routerd ran out of descriptors: $(grep -m3 'Too many open files' "$ROUTERD_LOG")"
refused=$(status 'fwd["refused_descriptors"]')
per_source=$(status 'fwd["refused_per_source"]')
[ "$refused" -gt 0 ] || fail "no flow was refused for lack of descriptors"
[ "$per_source" -gt 0 ] || fail "no flow was refused by max_flows_per_source"
[ "$(status 'fwd["descriptors"] <= fwd["descriptor_budget"]')" = True ] ||
    fail "the forwarder holds more than its budget: $(status 'fwd')"
echo "descriptors: $(status 's["descriptors"]'); forwarder holds $(status 'fwd["descriptors"]')" \
    "of $(status 'fwd["descriptor_budget"]'), flows open $(status 'fwd["open"]')," \
    "refused for descriptors $refused, per source $per_source;" \
    "routerctl answered $answered times during the flood"
echo PASS
