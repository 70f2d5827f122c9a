#!/usr/bin/env bash
# garp_group, garp_extra_if and dynamic_interfaces on the wire and in the lab.
# 1. r1 is on two LANs (eth0 on lan, eth1 on lan2) and MASTER of an instance on eth0 with a VIP
#    on each; one [[vrrp.garp_group]] paces eth0 and eth1 together at 200 ms, and the instance
#    has garp_extra_if = "2s" with garp_extra_if_all. The client, on both LANs, records: the
#    three gratuitous ARPs per VIP on becoming MASTER leave one per 200 ms across BOTH
#    interfaces (without the group, eth0's and eth1's would leave together); afterwards one ARP
#    every 2 s for the eth1 VIP only (garp_extra_if: not on eth0, where the adverts keep the
#    switches' caches). Its static address names no dev: it is on default_interface eth1.
# 2. r2's instance is on dyn0, which does not exist: without dynamic_interfaces routerd refuses
#    to start, with file:line:col (Keepalived 2.2.7: "Non-existent interface specified in
#    configuration", exit); with it, FAULT until dyn0 is made, then MASTER with its VIP; dyn0
#    deleted: FAULT; made again: MASTER again (Keepalived 2.2.7 does each of these the same way,
#    with or without dynamic_interfaces for the deletion).
# Usage: garp_group_test.sh ROUTERD ROUTERCTL PLUGIN_DIR SOURCE_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/lib.sh"
require_root
ROUTERD=$1 ROUTERCTL=$2 PLUGINS=$3 SOURCE_DIR=$4
command -v tcpdump >/dev/null || { echo "SKIP: tcpdump is not installed"; exit 77; }
make_workdir
trap 'status=$?; [ $status -eq 0 ] || dump_logs; cleanup; exit $status' EXIT
vrrp_lab
lan_add lan2
lan_join lan2 r1 eth1 172.17.0.1/24
lan_join lan2 client eth1 172.17.0.10/24

SPACING=0.2 EXTRA=2
cat >"$WORKDIR/r1.toml" <<TOML
[vrrp]
garp_master_repeat = 3
garp_master_delay = "0s"
default_interface = "eth1"
static_ipaddress = ["172.17.0.50/24"]

[[vrrp.garp_group]]
garp_interval = "200ms"
interfaces = ["eth0", "eth1"]

[vrrp.instance.VI_1]
state = "MASTER"
interface = "eth0"
virtual_router_id = 61
priority = 200
advert_int = "1s"
garp_extra_if = "${EXTRA}s"
garp_extra_if_all = true
virtual_ipaddress = ["172.16.0.100/24", { address = "172.17.0.100/24", dev = "eth1" }]
TOML
for dev in eth0 eth1; do
    ip netns exec "$(ns client)" tcpdump -i $dev -U -nn -w "$WORKDIR/$dev.pcap" arp \
        2>"$WORKDIR/tcpdump-$dev.log" &
    PIDS+=("$!")
    eval "TCPDUMP_$dev=$!"
    wait_for 10 grep -q "listening on" "$WORKDIR/tcpdump-$dev.log"
done
start_routerd r1 "$WORKDIR/r1.toml"
wait_for 10 state_is r1 VI_1 MASTER
[[ " $(ip -n "$(ns r1)" -o addr show dev eth1) " == *" 172.17.0.50/24 "* ]] ||
    fail "the static address without dev is not on default_interface eth1"
# The first set (6 messages, about 1 s at 200 ms a message), then garp_extra_if rounds 2 s and
# 4 s after becoming MASTER (a round due while the set is still paced would wait behind it).
sleep 5
kill -INT "$TCPDUMP_eth0" "$TCPDUMP_eth1"
wait "$TCPDUMP_eth0" "$TCPDUMP_eth1" 2>/dev/null || true
# "TIME DEV TARGET" per gratuitous ARP (sender = target), in time order.
for dev in eth0 eth1; do
    tcpdump -nn -tt -r "$WORKDIR/$dev.pcap" 2>/dev/null |
        awk -v dev=$dev '{
            for (i = 1; i < NF; i++) { if ($i == "who-has") t = $(i + 1); if ($i == "tell") s = $(i + 1) }
            sub(",", "", s)
            if (t != "" && t == s) print $1, dev, t
            t = s = ""
        }'
done | sort -n >"$WORKDIR/garps.txt"
cat "$WORKDIR/garps.txt"
awk -v spacing=$SPACING -v extra=$EXTRA '
    { time[NR] = $1; target[NR] = $3; count[$3]++ }
    NR > 1 && $1 - time[NR - 1] < spacing - 0.01 {
        printf "FAIL: %s on %s %.3fs after the one before (garp_group: %ss)\n", $3, $2, $1 - time[NR - 1], spacing
        bad = 1
    }
    $3 == "172.17.0.100" && ++seen > 3 {
        if (last && $1 - last < extra - 0.01) { printf "FAIL: garp_extra_if %.3fs apart\n", $1 - last; bad = 1 }
        last = $1
    }
    END {
        if (count["172.16.0.100"] != 3) { print "FAIL: " count["172.16.0.100"] + 0 " ARPs for the eth0 VIP, not 3 (none from garp_extra_if there)"; bad = 1 }
        if (count["172.17.0.100"] < 5) { print "FAIL: " count["172.17.0.100"] + 0 " ARPs for the eth1 VIP: not 3 and garp_extra_if rounds"; bad = 1 }
        exit bad
    }' "$WORKDIR/garps.txt" || fail "the capture does not show what garp_group and garp_extra_if ask for"

cat >"$WORKDIR/r2.toml" <<'TOML'
[vrrp.instance.VI_2]
state = "BACKUP"
interface = "dyn0"
virtual_router_id = 62
priority = 150
advert_int = "1s"
virtual_ipaddress = ["172.16.0.200/24"]
TOML
mkdir -p "$WORKDIR/r2"
if ip netns exec "$(ns r2)" timeout 30 "$ROUTERD" --foreground --config "$WORKDIR/r2.toml" \
    --plugin-dir "$PLUGINS" --state-db "$WORKDIR/r2/refused.db" \
    --control-socket "$WORKDIR/r2/refused.sock" >"$WORKDIR/r2/refused.log" 2>&1; then
    fail "routerd started with an instance on an interface that does not exist"
fi
grep -q "r2.toml:3:13: vrrp.instance.VI_2.interface: 'dyn0' does not exist" "$WORKDIR/r2/refused.log" ||
    { cat "$WORKDIR/r2/refused.log" >&2; fail "the refusal does not name file:line:col and key"; }
sed -i '1i [vrrp]\ndynamic_interfaces = true\n' "$WORKDIR/r2.toml"
start_routerd r2 "$WORKDIR/r2.toml"
wait_for 10 state_is r2 VI_2 FAULT
dyn_vip() { [[ " $(ip -n "$(ns r2)" -o addr show dev dyn0 2>/dev/null) " == *" 172.16.0.200/24 "* ]]; }
for round in made made-again; do
    lan_join lan r2 dyn0 172.16.0.3/24
    wait_for 15 state_is r2 VI_2 MASTER
    wait_for 10 dyn_vip
    [ $round = made-again ] && break
    ip -n "$(ns r2)" link del dyn0
    wait_for 10 state_is r2 VI_2 FAULT
done
grep -q "VI_2: interface dyn0 is gone" "$WORKDIR/r2/log" || fail "no log line for dyn0's deletion"
echo "PASS"
