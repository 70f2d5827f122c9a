#!/usr/bin/env bash
# Descriptor exhaustion: routerd runs with a low RLIMIT_NOFILE (hard 640), a userspace TCP and
# a UDP virtual server whose real servers have TCP checks, and a VRRP master on the client's LAN.
# A client holds 500 TCP connections open to the TCP one, then floods the UDP one from 240
# addresses and thousands of source ports, each a new flow that would take a socket. routerd
# keeps its control plane's reserve (256 + 4 per check): the forwarder refuses the connections
# and flows beyond its budget (and beyond max_flows_per_source for one address) and counts them,
# while the master keeps advertising on the wire, the checks stay UP (no real server is marked
# down), routerctl answers, and a reload during the flood applies, its new instance's
# transitions written to the state database.
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
    plugins/check_tcp.so plugins/vrrp.so
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

[ipvs.virtual_server.web]
address = "$LAB_VIP:80"
scheduler = "rr"

[vrrp.instance.VI_1]
state = "MASTER"
interface = "eth0"
virtual_router_id = 60
priority = 150
advert_int = "1s"
virtual_ipaddress = ["10.201.0.150"]
TOML
for i in 1 2; do
    for service in dns:53 web:80; do
        cat >>"$WORKDIR/routerd.toml" <<TOML

[ipvs.virtual_server.${service%:*}.real_server.rs$i]
address = "$(lab_rs_address "$i"):${service#*:}"
check = { type = "tcp", connect_port = 80, delay_loop = "200ms", connect_timeout = "1s", retry = 0 }
TOML
    done
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
checks_up() { [ "$(status '{c["state"] for c in s["checks"].values()}')" = "{'up'}" ]; }
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

# udp_flood "LAST OCTETS" PORTS ROUNDS [STOP_FILE]: from each client address 10.201.1.OCTET,
# PORTS flows (a fresh source port each), ROUNDS times, a second apart; with STOP_FILE, it goes
# on past ROUNDS until that file exists, so the flood outlasts whatever the test does during it.
udp_flood() {
    in_ns cl python3 -c '
import os, socket, sys, time
vip, octets, ports, rounds = sys.argv[1], sys.argv[2].split(), int(sys.argv[3]), int(sys.argv[4])
stop_file = sys.argv[5] if len(sys.argv) > 5 else None
round = 0
while True:
    for _ in range(ports):
        for octet in octets:
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.bind((f"10.201.1.{octet}", 0))
            s.sendto(b"x", (vip, 53))
            s.close()
    round += 1
    if round >= rounds and (stop_file is None or os.path.exists(stop_file)):
        break
    time.sleep(1)
' "$LAB_VIP" "$@"
}

# One address alone, past max_flows_per_source.
udp_flood 10 300 1

# 500 TCP connections held open: more than the forwarder has descriptors for (two each).
in_ns cl python3 -c '
import resource, socket, sys, time
resource.setrlimit(resource.RLIMIT_NOFILE, (4096, 4096))
held = []
for _ in range(500):
    s = socket.socket()
    s.settimeout(2)
    try:
        s.connect((sys.argv[1], 80))
        held.append(s)
    except OSError:
        s.close()
print(len(held), flush=True)
time.sleep(float(sys.argv[2]))
' "$LAB_VIP" 30 >"$WORKDIR/held" &
HOLDER=$!
PIDS+=("$HOLDER")
wait_for 20 test -s "$WORKDIR/held"
tcp_refused() { [ "$(status 'fwd["refused_descriptors"]')" -gt 0 ]; }
wait_for 10 tcp_refused || fail "500 connections held and none refused: $(status 'fwd')"
tcp_refused=$(status 'fwd["refused_descriptors"]')

# The master's adverts, watched on the wire from the client for as long as the flood lasts.
in_ns cl python3 "$(dirname "$0")/../vrrp/advert_gaps.py" --dev eth0 --src 10.201.0.1 \
    --seconds 12 >"$WORKDIR/gaps" &
WATCHER=$!
PIDS+=("$WATCHER")

# The flood: every address from 40 source ports (9,560 flows asked for) a round, at least twice
# and until routerctl, asked for its status all along, has answered four times after a reload.
FLOOD_STOP="$WORKDIR/flood.stop"
udp_flood "$(seq 11 $((10 + FLOOD_ADDRESSES - 1)))" 40 2 "$FLOOD_STOP" &
FLOOD=$!
PIDS+=("$FLOOD")
answered=0
reloaded=
while kill -0 "$FLOOD" 2>/dev/null; do
    ctl status >/dev/null && answered=$((answered + 1)) || fail "routerctl did not answer during the flood"
    if [ -z "$reloaded" ] && [ "$answered" -eq 4 ]; then
        # A second instance, on the servers' LAN (the watcher hears only VI_1): becoming MASTER
        # writes its transitions to the store.
        cat >>"$WORKDIR/routerd.toml" <<TOML

[vrrp.instance.VI_2]
state = "MASTER"
interface = "eth1"
virtual_router_id = 61
priority = 150
advert_int = "1s"
virtual_ipaddress = ["10.202.0.151"]
TOML
        reloaded=$(date +%s%N)
        ctl reload >"$WORKDIR/reload.out" 2>&1 || fail "the reload during the flood: $(cat "$WORKDIR/reload.out")"
    fi
    [ "$answered" -eq 8 ] && touch "$FLOOD_STOP"
    sleep 0.5
done
wait "$FLOOD" || fail "the flood failed"
[ "$answered" -ge 8 ] || fail "the flood ended after $answered status answers, before the reload had been watched"
sleep 1  # a few more check rounds

ctl status >/dev/null || fail "routerctl does not answer after the flood"
checks_up || fail "a check went DOWN: $(status 's["checks"]')"
! grep -q "UP -> DOWN" "$ROUTERD_LOG" || fail "a real server was marked DOWN: $(grep 'UP -> DOWN' "$ROUTERD_LOG")"
grep -q "Too many open files" "$ROUTERD_LOG" && fail "routerd ran out of descriptors: $(grep -m3 'Too many open files' "$ROUTERD_LOG")"
refused=$(status 'fwd["refused_descriptors"]')
wait "$WATCHER" || fail "the advert watcher failed"
read -r gap adverts <"$WORKDIR/gaps"
python3 -c 'import sys; sys.exit(0 if 0 < float(sys.argv[1]) < 1.5 else 1)' "$gap" ||
    fail "the master's adverts stalled during the flood: longest gap ${gap}s (advert_int 1s)"
[ "$(status '[p["status"]["instances"]["VI_2"]["state"] for p in s["plugins"] if p["name"] == "vrrp"][0]')" = MASTER ] ||
    fail "the instance the reload added is not MASTER"
written=$(sqlite3 "$WORKDIR/state.db" "SELECT COUNT(*) FROM routerd_history
    WHERE subject = 'instance VI_2' AND time_unix_ns >= $reloaded")
[ "$written" -gt 0 ] || fail "the new instance's transitions were not written to the store"
per_source=$(status 'fwd["refused_per_source"]')
[ "$refused" -gt 0 ] || fail "no flow was refused for lack of descriptors"
[ "$per_source" -gt 0 ] || fail "no flow was refused by max_flows_per_source"
[ "$(status 'fwd["descriptors"] <= fwd["descriptor_budget"]')" = True ] ||
    fail "the forwarder holds more than its budget: $(status 'fwd')"
echo "descriptors: $(status 's["descriptors"]'); forwarder holds $(status 'fwd["descriptors"]')" \
    "of $(status 'fwd["descriptor_budget"]'), flows open $(status 'fwd["open"]')," \
    "refused for descriptors $refused ($tcp_refused of them TCP connections), per source" \
    "$per_source; $adverts adverts, longest gap ${gap}s; routerctl answered $answered times during the" \
    "flood; $written history rows written after the reload"
echo PASS
