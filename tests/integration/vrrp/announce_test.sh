#!/usr/bin/env bash
# How a master announces itself, on the wire, beside Debian's keepalived: routerd on r1 is
# MASTER with [vrrp] garp_master_repeat / garp_master_delay, garp_lower_prio_repeat /
# garp_lower_prio_delay, garp_interval / gna_interval and mcast_group4 = 224.0.0.19, and its
# instance has mcast_src_ip (an address r1 does not hold); keepalived on r2 is its BACKUP with
# vrrp_mcast_group4 224.0.0.19. tcpdump on the client records the LAN; the client forges one
# lower-priority advert. announce_capture.py then checks the adverts' group and source, and
# the gratuitous ARPs / unsolicited NAs per address: counts, delays and spacing. keepalived
# staying BACKUP shows that it hears routerd on the configured group. promote_secondaries is on
# while routerd runs and off again after it stopped.
# Usage: announce_test.sh ROUTERD ROUTERCTL PLUGIN_DIR SOURCE_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/lib.sh"
require_root
ROUTERD=$1 ROUTERCTL=$2 PLUGINS=$3 SOURCE_DIR=$4
HERE="$SOURCE_DIR/tests/integration/vrrp"
command -v keepalived >/dev/null || { echo "SKIP: keepalived is not installed"; exit 77; }
command -v tcpdump >/dev/null || { echo "SKIP: tcpdump is not installed"; exit 77; }
make_workdir
trap 'status=$?; [ $status -eq 0 ] || { dump_logs; tail -n 30 "$WORKDIR/keepalived.log" >&2; }; cleanup; exit $status' EXIT
vrrp_lab

REPEAT=3 DELAY=3 LOWER=2 LOWER_DELAY=1.5 SPACING=0.1
cat >"$WORKDIR/routerd.toml" <<TOML
[vrrp]
garp_master_repeat = $REPEAT
garp_master_delay = "${DELAY}s"
garp_lower_prio_repeat = $LOWER
garp_lower_prio_delay = "1500ms"
garp_interval = "100ms"
gna_interval = "100ms"
mcast_group4 = "224.0.0.19"

[vrrp.instance.VI_1]
state = "MASTER"
interface = "eth0"
virtual_router_id = 51
priority = 200
advert_int = "1s"
mcast_src_ip = "172.16.0.9"
promote_secondaries = true
virtual_ipaddress = ["172.16.0.100", "172.16.0.101"]
virtual_ipaddress_excluded = ["2001:db8::100/64"]
TOML
cat >"$WORKDIR/keepalived.conf" <<'CONF'
global_defs {
    router_id announce
    vrrp_mcast_group4 224.0.0.19
}
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 51
    priority 100
    advert_int 1
    virtual_ipaddress {
        172.16.0.100
        172.16.0.101
    }
}
CONF
"$ROUTERD" --config-test --config "$WORKDIR/routerd.toml" --plugin-dir "$PLUGINS" >/dev/null ||
    fail "--config-test refused the configuration"

wait_for 10 sh -c "ip -n $(ns r1) -6 addr show dev eth0 scope link | grep -q fe80"
ip netns exec "$(ns client)" tcpdump -i eth0 -U -nn -w "$WORKDIR/lan.pcap" \
    'arp or icmp6 or ip proto 112' 2>"$WORKDIR/tcpdump.log" &
TCPDUMP_PID=$!
PIDS+=("$TCPDUMP_PID")
wait_for 10 grep -q "listening on" "$WORKDIR/tcpdump.log"

start_keepalived "$WORKDIR/keepalived.conf"
wait_for 10 grep -q "Entering BACKUP STATE" "$WORKDIR/keepalived.log"
start_routerd r1 "$WORKDIR/routerd.toml"
wait_for 10 state_is r1 VI_1 MASTER
promote() { ip netns exec "$(ns r1)" cat /proc/sys/net/ipv4/conf/eth0/promote_secondaries; }
[ "$(promote)" = 1 ] || fail "promote_secondaries is not on while routerd runs"
# Both sets of announcements (the second after DELAY s), and longer than keepalived's master
# down interval (3 s + skew).
sleep $((DELAY + 2))
ip netns exec "$(ns client)" python3 "$HERE/forge_advert.py" --dev eth0 --src 172.16.0.10 \
    --dst 224.0.0.19 --vrid 51 --priority 50 --version 2 \
    --address 172.16.0.100 --address 172.16.0.101
sleep 3  # the lower-priority sets: now and LOWER_DELAY s later
kill -INT "$TCPDUMP_PID"
wait "$TCPDUMP_PID" 2>/dev/null || true

! grep -q "Entering MASTER STATE" "$WORKDIR/keepalived.log" ||
    fail "keepalived became MASTER: it did not hear routerd's adverts on 224.0.0.19"
tcpdump -e -nn -tt -r "$WORKDIR/lan.pcap" 2>/dev/null | python3 "$HERE/announce_capture.py" \
    --mac "$(mac_of r1)" --group 224.0.0.19 --source 172.16.0.9 --forger 172.16.0.10 \
    --address 172.16.0.100 --address 172.16.0.101 --address 2001:db8::100 \
    --first $REPEAT --delay $DELAY --lower $LOWER --lower-delay $LOWER_DELAY --spacing $SPACING ||
    fail "the capture does not show what the configuration asks for"
kill -TERM "$PID_r1"
wait "$PID_r1" 2>/dev/null || true
forget_pid "$PID_r1"
[ "$(promote)" = 0 ] || fail "promote_secondaries stayed on after routerd stopped"
echo "PASS"
