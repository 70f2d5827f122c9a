#!/usr/bin/env bash
# Data-plane benchmark: routerd's userspace forwarder against HAProxy 2.6 in TCP mode, in the
# same run, on the same lab (tests/integration/ipvs/userspace_lab.sh: client namespace →
# balancer namespace → 3 nginx real servers), with the same client (wrk) and the same
# settings (2 threads, 5000 connections at most, round-robin, splice: HAProxy with option
# splice-auto).
# Scenarios: new connection per request (connections/s), keep-alive small responses
# (requests/s, p99), keep-alive 1 MiB responses (throughput). CPU is the proxy process's
# user+system time over the run. Prints numbers and ratios; it judges nothing.
# Usage: run.sh ROUTERD BUILD_DIR [SECONDS=5] [ROUNDS=1]  (each round runs each proxy twice)
# With RESULTS=FILE, each run's line is appended to FILE too, so that several invocations can
# be pooled: compare.py FILE.
HERE=$(cd "$(dirname "$0")" && pwd)
LIB="$HERE/../../tests/integration"
source "$LIB/lib/common.sh"
source "$LIB/lib/netns.sh"
source "$LIB/ipvs/userspace_lab.sh"
require_root
ROUTERD=$1
BUILD=$2
DURATION=${3:-5}
ROUNDS=${4:-1}
make_workdir

lab_build 3
# A new connection per request exhausts the client's ports within seconds while they sit in
# TIME_WAIT: let both clients (wrk, and the proxies towards nginx) reuse them, in this lab only.
for host in cl lb; do
    in_ns "$host" sysctl -qw net.ipv4.tcp_tw_reuse=1 net.ipv4.ip_local_port_range="1024 65000"
done
for i in 1 2 3; do lab_nginx "$i" 80; done
lab_plugins "$BUILD" plugins/fwd_userspace.so plugins/sched_rr.so test-plugins/test_lb_driver.so

destinations=""
servers=""
for i in 1 2 3; do
    destinations+="${destinations:+,}{\"address\":\"$(lab_rs_address $i)\",\"port\":80,\"weight\":1}"
    servers+="    server rs$i $(lab_rs_address $i):80"$'\n'
done
cat >"$WORKDIR/routerd.toml" <<TOML
[userspace]
threads = 2
max_connections = 5000

[test-lb-driver]
forwarder = "userspace"
table = '''{"services": [{"key": "tcp:$LAB_VIP:80", "protocol": "tcp", "address": "$LAB_VIP",
  "port": 80, "scheduler": "rr", "destinations": [$destinations]}]}'''
TOML
cat >"$WORKDIR/haproxy.cfg" <<CFG
global
    nbthread 2
    maxconn 5000
defaults
    mode tcp
    option splice-auto
    timeout connect 5s
    timeout client 1m
    timeout server 1m
frontend vip
    bind $LAB_VIP:81
    default_backend real_servers
backend real_servers
    balance roundrobin
$servers
CFG

lab_routerd "$ROUTERD"
in_ns lb haproxy -f "$WORKDIR/haproxy.cfg" -db >"$WORKDIR/haproxy.log" 2>&1 &
PIDS+=("$!")
wait_for 10 lab_get "http://$LAB_VIP:80/"
(wait_for 10 lab_get "http://$LAB_VIP:81/") || fail "HAProxy does not answer: $(cat "$WORKDIR/haproxy.log")"

# pid_of COMMAND: the process of that name in the balancer namespace.
pid_of() {
    local pid
    for pid in $(ip netns pids "$(ns lb)"); do
        if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$1" ]; then
            echo "$pid"
            return 0
        fi
    done
    fail "no $1 process is running"
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# measure NAME PROCESS PORT CONNECTIONS CLOSE PATH: one wrk run; appends a result line.
measure() {
    local name=$1 pid port=$3 before after out
    pid=$(pid_of "$2")
    before=$(cpu_ticks "$pid")
    out=$(CLOSE=$5 in_ns cl wrk -t2 -c"$4" -d"${DURATION}s" -s "$HERE/report.lua" \
        "http://$LAB_VIP:$port$6" | grep '^requests ')
    after=$(cpu_ticks "$pid")
    echo "$name $out cpu_s $(echo "($after - $before) / $(getconf CLK_TCK)" | bc -l)" \
        >>"$WORKDIR/results"
}

# Each proxy twice per round and scenario, in the order H R R H, so that neither always runs
# first on a machine whose load drifts; compare.py takes the median of each one's runs.
for scenario in "close 50 1 /" "keepalive 50 0 /" "bulk 8 0 /big"; do
    read -r label connections close path <<<"$scenario"
    for _ in $(seq "$ROUNDS"); do
        for proxy in "haproxy 81" "routerd 80" "routerd 80" "haproxy 81"; do
            read -r name port <<<"$proxy"
            measure "$label $name" "$name" "$port" "$connections" "$close" "$path"
        done
    done
done
[ -z "${RESULTS:-}" ] || cat "$WORKDIR/results" >>"$RESULTS"
python3 "$HERE/compare.py" "$WORKDIR/results"
