#!/usr/bin/env bash
# The userspace forwarder carrying real traffic: a client namespace → the virtual address in
# routerd's namespace → nginx real servers in theirs. A small driver plugin (test-lb-driver)
# stands in for the ipvs service plugin and applies a desired table from its configuration;
# the scheduler plugins sched_rr.so and sched_wrr.so pick the servers through the C ABI.
# Checks: rr spreads exactly, wrr by its weights, a UDP flow keeps its server, weight 0
# drains (open keep-alive connections finish, new ones go elsewhere) and a reload that changes
# one weight keeps every open connection; read() counts active connections; clients that
# reset mid-answer end their connection only; 1 MiB answers arrive whole, and a half-closed
# request is answered; a burst of connections spreads over the I/O threads; DR is refused.
# Usage: userspace_forwarder_test.sh ROUTERD ROUTERCTL BUILD_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/userspace_lab.sh"
require_root
ROUTERD=$1
ROUTERCTL=$2
BUILD=$3
make_workdir

lab_build 3
for i in 1 2 3; do lab_nginx "$i" 80; done
lab_plugins "$BUILD" plugins/fwd_userspace.so plugins/sched_rr.so plugins/sched_wrr.so \
    test-plugins/test_lb_driver.so

# A UDP real server per namespace: answers each datagram with its name.
for i in 1 2 3; do lab_udp_echo "$i"; done

# write_config W1 W2 W3: rr on :80 with those weights, wrr 3/2/1 on :8080, rr over UDP :53.
write_config() {
    local rr_destinations="" i weights=("$@")
    for i in 1 2 3; do
        rr_destinations+="${rr_destinations:+,}{\"address\":\"$(lab_rs_address $i)\",\"port\":80,\"weight\":${weights[$((i - 1))]},\"method\":\"nat\"}"
    done
    cat >"$WORKDIR/routerd.toml" <<TOML
[userspace]
threads = 2
tcp_idle_timeout = "1m"
udp_idle_timeout = "30s"

[test-lb-driver]
forwarder = "userspace"
table = '''{"services": [
  {"key": "tcp:$LAB_VIP:80", "protocol": "tcp", "address": "$LAB_VIP", "port": 80,
   "scheduler": "rr", "flags": "", "destinations": [$rr_destinations]},
  {"key": "tcp:$LAB_VIP:8080", "protocol": "tcp", "address": "$LAB_VIP", "port": 8080,
   "scheduler": "wrr", "destinations": [
     {"address": "$(lab_rs_address 1)", "port": 80, "weight": 3},
     {"address": "$(lab_rs_address 2)", "port": 80, "weight": 2},
     {"address": "$(lab_rs_address 3)", "port": 80, "weight": 1}]},
  {"key": "udp:$LAB_VIP:53", "protocol": "udp", "address": "$LAB_VIP", "port": 53,
   "scheduler": "rr", "destinations": [
     {"address": "$(lab_rs_address 1)", "port": 53, "weight": 1},
     {"address": "$(lab_rs_address 2)", "port": 53, "weight": 1},
     {"address": "$(lab_rs_address 3)", "port": 53, "weight": 1}]}]}'''
TOML
}

# counts N URL: N requests on new connections; prints "rs1=a rs2=b rs3=c".
counts() {
    local n=$1 url=$2 i
    for i in $(seq 1 "$n"); do lab_get "$url" || echo failed; done |
        sort | uniq -c | awk '{printf "%s=%s ", $2, $1}' | sed 's/ $//'
}

# read_active SERVER: active connections the forwarder counts on rs SERVER of service :80.
read_active() {
    "$ROUTERCTL" --socket "$WORKDIR/routerd.sock" --json test-lb-driver read |
        python3 -c '
import json, sys
answer = json.load(sys.stdin)["result"]
service = next(s for s in answer["services"] if s["port"] == 80)
print(next(d["active_connections"] for d in service["destinations"] if d["address"] == sys.argv[1]))
' "$(lab_rs_address "$1")"
}

# A keep-alive client: one request, then a second on the same connection once $2 exists.
keepalive_client() {
    in_ns cl python3 -c '
import http.client, os, sys, time
c = http.client.HTTPConnection(sys.argv[1], 80, timeout=10)
for round in range(2):
    c.request("GET", "/")
    print(c.getresponse().read().decode().strip(), flush=True)
    while round == 0 and not os.path.exists(sys.argv[2]):
        time.sleep(0.05)
' "$LAB_VIP" "$1"
}

write_config 1 1 1
lab_routerd "$ROUTERD"
wait_for 10 lab_get "http://$LAB_VIP/"

# 1. Any 30 consecutive rr picks over 3 are even; any 60 of wrr 3:2:1 are 10 whole cycles.
[ "$(counts 30 "http://$LAB_VIP/")" = "rs1=10 rs2=10 rs3=10" ] || fail "rr is not even"
[ "$(counts 60 "http://$LAB_VIP:8080/")" = "rs1=30 rs2=20 rs3=10" ] || fail "wrr does not follow 3:2:1"

# 2. UDP: three client sockets (three flows) get three servers; a flow keeps its server.
udp_servers=$(in_ns cl python3 -c '
import socket, sys
answers = []
sockets = [socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(3)]
for s in sockets:
    s.settimeout(3)
for round in range(3):
    for s in sockets:
        s.sendto(b"q", (sys.argv[1], 53))
        answers.append(s.recv(100).decode())
per_socket = [sorted(set(answers[i::3])) for i in range(3)]
print(" ".join("+".join(p) for p in per_socket))
' "$LAB_VIP")
[ "$(tr ' ' '\n' <<<"$udp_servers" | sort | tr '\n' ' ')" = "rs1 rs2 rs3 " ] ||
    fail "UDP flows did not keep one server each on three servers: $udp_servers"

# 3. Two keep-alive connections open on two servers, counted active by read().
keepalive_client "$WORKDIR/go" >"$WORKDIR/ka1" &
PIDS+=("$!")
wait_for 5 test -s "$WORKDIR/ka1"
keepalive_client "$WORKDIR/go" >"$WORKDIR/ka2" &
PIDS+=("$!")
wait_for 5 test -s "$WORKDIR/ka2"
drained=$(head -1 "$WORKDIR/ka1")
other=$(head -1 "$WORKDIR/ka2")
[ "$drained" != "$other" ] || fail "rr gave two consecutive connections the same server"
[ "$(read_active "${drained#rs}")" = 1 ] || fail "read() does not count the open connection"

# 4. Drain the first one's server (its weight to 0, one change, a reload).
weights=(1 1 1)
weights[$((${drained#rs} - 1))]=0
write_config "${weights[@]}"
"$ROUTERCTL" --socket "$WORKDIR/routerd.sock" reload >/dev/null || fail "reload refused"
spread=$(counts 20 "http://$LAB_VIP/")
[[ $spread != *"$drained="* && $spread != *failed* ]] ||
    fail "the drained $drained still takes new connections: $spread"
touch "$WORKDIR/go"
has_two_lines() { [ "$(wc -l <"$1")" -eq 2 ]; }
wait_for 5 has_two_lines "$WORKDIR/ka1"
wait_for 5 has_two_lines "$WORKDIR/ka2"
[ "$(sed -n 2p "$WORKDIR/ka1")" = "$drained" ] ||
    fail "the open connection to the drained $drained did not finish there"
[ "$(sed -n 2p "$WORKDIR/ka2")" = "$other" ] || fail "the reload broke the open connection to $other"
no_active() { [ "$(read_active "$1")" = 0 ]; }
wait_for 5 no_active "${drained#rs}"

# 5. Clients that reset their connection in the middle of a 1 MiB answer: the forwarder's
#    writes then fail (EPIPE), which must end those connections, not routerd.
in_ns cl python3 -c '
import socket, struct, sys
for _ in range(30):
    s = socket.create_connection((sys.argv[1], 80), timeout=5)
    s.sendall(b"GET /big HTTP/1.1\r\nHost: vip\r\n\r\n")
    s.recv(1)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()
' "$LAB_VIP"
lab_get "http://$LAB_VIP/" >/dev/null || fail "the forwarder died of clients that reset"
kill -0 "$ROUTERD_PID" || fail "routerd died of clients that reset"

# 6. Whole answers: eight clients at once each ask for 1 MiB (the bulk path, splice) and get
#    the body of one real server's file to the byte, then the end of the connection (nginx's
#    FIN, passed on). A client that half-closes after its request still gets the answer
#    (nginx would abort a long answer on the client's FIN, so this one is short).
in_ns cl python3 -c '
import concurrent.futures, hashlib, socket, sys
vip, files = sys.argv[1], sys.argv[2:]
bodies = {hashlib.sha256(open(f, "rb").read()).hexdigest() for f in files}
def answer(request, half_close):
    s = socket.create_connection((vip, 80), timeout=10)
    s.sendall(request)
    if half_close:
        s.shutdown(socket.SHUT_WR)
    data = b""
    while chunk := s.recv(1 << 16):
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200"), head[:80]
    return body
def big(_):
    body = answer(b"GET /big HTTP/1.1\r\nHost: vip\r\nConnection: close\r\n\r\n", False)
    return hashlib.sha256(body).hexdigest(), len(body)
with concurrent.futures.ThreadPoolExecutor(8) as pool:
    got = list(pool.map(big, range(8)))
assert all(g[0] in bodies for g in got), f"bodies differ: lengths {[g[1] for g in got]}"
short = answer(b"GET / HTTP/1.0\r\n\r\n", True)
assert short in (b"rs1\n", b"rs2\n", b"rs3\n"), short
' "$LAB_VIP" "$WORKDIR"/nginx-rs{1,2,3}-80/big || fail "answers did not arrive whole"

# 7. Forty keep-alive connections opened at once spread over both I/O threads (one thread
#    wakes for the burst; once it holds clearly more, it moves its idlest connections to the
#    other), as the forwarder's status shows while they are open; and every one of them, moved
#    or not, still answers the next request.
in_ns cl python3 -c '
import socket, subprocess, sys, json, time
vip, routerctl, control = sys.argv[1:4]
def ask_all(held):
    for s in held:
        s.sendall(b"GET / HTTP/1.1\r\nHost: vip\r\n\r\n")
    for s in held:
        assert b"200 OK" in s.recv(4096), "a held connection got no answer"
def per_thread():
    status = json.loads(subprocess.run([routerctl, "--socket", control, "--json", "status"],
                                       check=True, capture_output=True).stdout)
    plugins = status["status"]["plugins"]
    return next(p["status"] for p in plugins if p["name"] == "userspace")["tcp_connections_per_thread"]
held = [socket.create_connection((vip, 80), timeout=5) for _ in range(40)]
ask_all(held)
deadline = time.monotonic() + 5
while True:
    counts = per_thread()
    if sum(counts) >= 40 and min(counts) >= 15:
        break
    assert time.monotonic() < deadline, f"connections per thread after 5 s: {counts}"
    time.sleep(0.05)
ask_all(held)
' "$LAB_VIP" "$ROUTERCTL" "$WORKDIR/routerd.sock" || fail "a burst of connections stayed on one thread"

# 8. Tables the forwarder cannot run are refused whole, with the reason in routerd's log:
#    direct routing cannot be proxied, and a scheduler must be loaded.
kill "$ROUTERD_PID"
wait "$ROUTERD_PID" 2>/dev/null || true
# refused_start WHY: routerd must refuse to start with the current configuration.
refused_start() {
    rm -f "$WORKDIR/routerd.sock"
    in_ns lb "$ROUTERD" --config "$WORKDIR/routerd.toml" --plugin-dir "$WORKDIR/plugins" \
        --state-db "$WORKDIR/state.db" --control-socket "$WORKDIR/routerd.sock" --foreground \
        >"$ROUTERD_LOG" 2>&1 && fail "routerd started with $1"
    return 0
}
sed -i 's/"method":"nat"/"method":"dr"/' "$WORKDIR/routerd.toml"
refused_start "a DR destination on the userspace forwarder"
grep -q "services\[0\].destinations\[0\].method: 'dr' is not supported by the userspace forwarder" \
    "$ROUTERD_LOG" || fail "the DR refusal does not name the field"
sed -i 's/"method":"dr"/"method":"nat"/; s/"scheduler": "wrr"/"scheduler": "lblc"/' "$WORKDIR/routerd.toml"
refused_start "a scheduler that is not loaded"
grep -q "scheduler 'lblc' is not loaded (no sched_lblc.so in the plugin directory)" \
    "$ROUTERD_LOG" || fail "the missing scheduler is not named"
echo PASS
