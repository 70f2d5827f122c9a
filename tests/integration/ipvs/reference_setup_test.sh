#!/usr/bin/env bash
# The reference page's load-balancing setup, etc/examples/load-balancer.toml as shipped, run
# with real traffic on its own addresses: a client reaches 172.16.0.100:80 on the balancer,
# which spreads the connections round-robin over four nginx real servers, 172.16.1.20-23,
# each under its TCP check. Every address lives in this test's namespaces only.
# Checks: the four serve in turn; a real server that stops is found by its TCP check within
# its delay_loop and one retry (6 s + delay_before_retry 1 s) and gets no more requests, and
# none fails once it is out; started again, it is back in turn.
# forwarder = "auto" picks the userspace forwarder on a kernel without ip_vs, as here; with
# ip_vs, the real servers route back through the balancer, so kernel NAT works too.
# Usage: reference_setup_test.sh ROUTERD ROUTERCTL BUILD_DIR SOURCE_DIR [CONFIG]
# (CONFIG: another file of the same setup, e.g. the reference keepalived.conf imported.)
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/userspace_lab.sh"
require_root
ROUTERD=$1
ROUTERCTL=$2
BUILD=$3
SOURCE=$4
CONFIG=${5:-$SOURCE/etc/examples/load-balancer.toml}
make_workdir

VIP=172.16.0.100
lab_rs_address() { echo "172.16.1.2$(($1 - 1))"; }  # rs1 = 172.16.1.20 ... rs4 = .23

lan_add lanc
lan_add lans
ns_add cl
ns_add lb
lan_join lanc cl eth0 172.16.0.2/24
lan_join lanc lb eth0 172.16.0.1/24 "$VIP/24"
lan_join lans lb eth1 172.16.1.1/24
in_ns lb sysctl -qw net.ipv4.ip_forward=1
for i in 1 2 3 4; do
    ns_add "rs$i"
    lan_join lans "rs$i" eth0 "$(lab_rs_address "$i")/24"
    in_ns "rs$i" ip route add default via 172.16.1.1
    lab_nginx "$i" 80
done

lab_plugins "$BUILD" plugins/ipvs.so plugins/fwd_userspace.so plugins/fwd_kernel.so \
    plugins/check_tcp.so plugins/sched_rr.so
cp "$CONFIG" "$WORKDIR/routerd.toml"
lab_routerd "$ROUTERD"
ctl() { "$ROUTERCTL" --socket "$WORKDIR/routerd.sock" "$@"; }
wait_for 10 in_ns cl curl -sf --max-time 2 "http://$VIP/"
ctl ipvs | grep -Eq "forwarder: (userspace|kernel)" || fail "routerctl ipvs names no forwarder"

# answers N: N requests, each on a new connection; prints who answered, one per line
# ("failed" for a request that got no answer).
answers() {
    local n
    for n in $(seq "$1"); do
        in_ns cl curl -sf --max-time 2 "http://$VIP/" || echo failed
    done
}

# 1. Round-robin: eight connections, two on each real server.
spread=$(answers 8 | sort | uniq -c | awk '{print $2 "=" $1}' | tr '\n' ' ')
[ "$spread" = "rs1=2 rs2=2 rs3=2 rs4=2 " ] || fail "eight requests did not go round-robin: $spread"

# 2. rs3 stops: its TCP check takes it out; from then on no request fails.
kill "$(cat "$WORKDIR/nginx-rs3-80/nginx.pid")"
stopped=$(date +%s)
rs3_down() { ctl ipvs | grep "$(lab_rs_address 3):80" | grep -q down; }
wait_for 15 rs3_down
echo "rs3 down after $(($(date +%s) - stopped)) s"
after=$(answers 12)
if grep -qE 'failed|rs3' <<<"$after"; then
    fail "a request failed or reached the stopped rs3: $(tr '\n' ' ' <<<"$after")"
fi

# 3. rs3 starts again: its next check brings it back in turn.
lab_nginx 3 80
back_in_turn() { answers 3 | grep -q rs3; }
wait_for 15 back_in_turn
echo "ok"
