#!/usr/bin/env bash
# use_vmac beside Debian's keepalived 2.2.7 with use_vmac, both ways, and vmac_xmit_base, on
# the wire as a client on the LAN sees it:
#   1. routerd MASTER, keepalived BACKUP: routerd's macvlan is made as keepalived makes its own
#      (mode private, 00:00:5e:00:01:33, up while BACKUP too); its adverts leave from the VMAC;
#      the client reaches the VIP at the VMAC; keepalived stays BACKUP (it accepts them).
#      routerd stops: keepalived takes over, the client still reaches the VIP at the same MAC,
#      and routerd's macvlan is gone, eth0's arp_ignore / arp_filter back as they were.
#   2. keepalived MASTER, routerd BACKUP: routerd hears it on its macvlan; keepalived stops:
#      routerd takes over, sends its gratuitous ARPs and adverts from the VMAC, and the client
#      still reaches the VIP at the same MAC; a reload that keeps it MASTER keeps the macvlan.
#   3. routerd killed with -9: its next start (the VMAC no longer configured) deletes the
#      macvlan it left and puts eth0's arp_ignore / arp_filter back.
#   4. vmac_xmit_base on both: adverts from eth0's own MAC, the VIP still at the VMAC.
#   5. VRRPv3 over IPv6: the IPv6 VMAC (00:00:5e:00:02:33), adverts from it and from eth0's
#      link-local address, keepalived BACKUP, the client reaches the VIP at that VMAC.
#   6. use_vmac_addr and vmac_addr_prefix, with a second LAN on eth1: the VIP and the IPv6 eVIP
#      on eth1 go on macvlans of their own there, named, addressed and made as keepalived makes
#      them (the same links on both sides, up as BACKUP too); the client on the second LAN
#      reaches them at the VMACs and hears the gratuitous ARP from vad.51; a failover each way,
#      and routerd's links gone at stop, eth1's ARP settings back; those a killed routerd left
#      are deleted at its next start.
# Usage: vmac_test.sh ROUTERD ROUTERCTL PLUGIN_DIR SOURCE_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/lib.sh"
require_root
ROUTERD=$1 ROUTERCTL=$2 PLUGINS=$3 SOURCE_DIR=$4
command -v keepalived >/dev/null || { echo "SKIP: keepalived is not installed"; exit 77; }
command -v tcpdump >/dev/null || { echo "SKIP: tcpdump is not installed"; exit 77; }
make_workdir
trap 'status=$?; [ $status -eq 0 ] || { dump_logs; tail -n 30 "$WORKDIR/keepalived.log" >&2; }; cleanup; exit $status' EXIT
vrrp_lab

VMAC=00:00:5e:00:01:33  # RFC 5798 §7.3, VRID 51
VIP=172.16.0.100 VIP_PREFIX=32

routerd_config() {  # STATE PRIORITY [EXTRA]
    cat >"$WORKDIR/routerd.toml" <<TOML
[vrrp.instance.VI_1]
state = "$1"
interface = "eth0"
use_vmac = true
virtual_router_id = 51
priority = $2
advert_int = "1s"
virtual_ipaddress = ["$VIP/$VIP_PREFIX"]
${3:-}
TOML
}

keepalived_config() {  # STATE PRIORITY [EXTRA]
    cat >"$WORKDIR/keepalived.conf" <<CONF
vrrp_instance VI_1 {
    state $1
    interface eth0
    use_vmac
    ${3:-}
    virtual_router_id 51
    priority $2
    advert_int 1
    virtual_ipaddress { $VIP/$VIP_PREFIX }
}
CONF
}

on_vmac() { ip -n "$(ns "$1")" -o addr show dev vrrp.51 2>/dev/null | grep -qw "$VIP"; }
has_vmac() { ip -n "$(ns "$1")" link show dev vrrp.51 >/dev/null 2>&1; }
# "macvlan mode private" and the MAC, as `ip -d link` shows them.
vmac_shape() {
    ip -n "$(ns "$1")" -d -o link show dev vrrp.51 |
        grep -o -e 'link/ether [0-9a-f:]*' -e 'macvlan mode [a-z]*' -e '<[A-Z_,]*>' | paste -sd' '
}
conf_of() { ip netns exec "$(ns r1)" cat "/proc/sys/net/ipv4/conf/$1/$2"; }

# The client reaches the VIP, and its neighbour table has the VMAC for it.
client_reaches_vip() {
    ip netns exec "$(ns client)" ping -c 1 -W 1 "$VIP" >/dev/null &&
        [ "$(client_neighbour_mac "$VIP")" = "$VMAC" ]
}

# capture NAME: tcpdump on the client's LAN port, into $WORKDIR/NAME.txt, until stop_capture.
capture() {
    CAPTURE_FILE=$WORKDIR/$1.txt
    ip netns exec "$(ns client)" tcpdump -i eth0 -e -n -l 'vrrp or arp or ip6 proto 112' >"$CAPTURE_FILE" \
        2>"$CAPTURE_FILE.err" &
    CAPTURE_PID=$!
    PIDS+=("$CAPTURE_PID")
    wait_for 10 grep -q "listening on" "$CAPTURE_FILE.err"
}
stop_capture() { kill "$CAPTURE_PID"; wait "$CAPTURE_PID" 2>/dev/null || true; forget_pid "$CAPTURE_PID"; }
# seen PATTERN: a line of the capture matches.
seen() { grep -E "$1" "$CAPTURE_FILE" >/dev/null; }

stop_gracefully() {  # PID: SIGTERM, and wait until it is gone
    kill -TERM "$1"
    wait_for 20 sh -c "! kill -0 $1"
    wait "$1" 2>/dev/null || true
    forget_pid "$1"
}

no_drops() {
    local drops
    drops=$(ctl_in r1 --json vrrp json | python3 -c \
        "import json,sys; print(json.load(sys.stdin)['result']['instances']['VI_1']['drops'])")
    [ "$drops" = "{}" ] || fail "routerd dropped keepalived's adverts: $drops"
}

ARP_IGNORE=$(conf_of eth0 arp_ignore) ARP_FILTER=$(conf_of eth0 arp_filter)

echo "== 1. routerd master, keepalived backup"
routerd_config MASTER 200
keepalived_config BACKUP 100
start_routerd r1 "$WORKDIR/routerd.toml"
start_keepalived "$WORKDIR/keepalived.conf"
wait_for 10 state_is r1 VI_1 MASTER
wait_for 10 on_vmac r1
wait_for 10 has_vmac r2
ours=$(vmac_shape r1) theirs=$(vmac_shape r2)
echo "routerd's vrrp.51: $ours"
echo "keepalived's vrrp.51 (BACKUP): $theirs"
[ "$ours" = "$theirs" ] || fail "routerd's macvlan differs from keepalived's"
[[ $ours == *"link/ether $VMAC"*"macvlan mode private"* ]] || fail "not the VMAC: $ours"
[ "$(conf_of eth0 arp_ignore)/$(conf_of eth0 arp_filter)" = 1/1 ] ||
    fail "eth0 would answer ARP for the VIP"
[ "$(conf_of vrrp.51 arp_ignore)/$(conf_of vrrp.51 accept_local)" = 1/1 ] ||
    fail "vrrp.51 lacks keepalived's IPv4 settings"
capture master-routerd
wait_for 10 client_reaches_vip
sleep 4  # with the one above: longer than keepalived's master down interval (3 s + skew)
stop_capture
seen "^.* $VMAC > 01:00:5e:00:00:12, .* 172\.16\.0\.1 > 224\.0\.0\.18: VRRPv2, Advertisement, vrid 51, prio 200" ||
    fail "no advert from the VMAC: $(head -5 "$CAPTURE_FILE")"
grep "172\.16\.0\.1 > 224\.0\.0\.18" "$CAPTURE_FILE" | grep -v -q "^.* $VMAC >" &&
    fail "an advert left from another MAC than the VMAC"
! on_vmac r2 || fail "keepalived took the VIP: it does not accept routerd's adverts"
grep -q "Entering BACKUP STATE" "$WORKDIR/keepalived.log" || fail "keepalived never became BACKUP"
stop_gracefully "$PID_r1"
wait_for 10 on_vmac r2
wait_for 10 client_reaches_vip
echo "keepalived took over; the client reaches $VIP at $VMAC still"
! has_vmac r1 || fail "routerd left its macvlan behind at stop"
[ "$(conf_of eth0 arp_ignore)/$(conf_of eth0 arp_filter)" = "$ARP_IGNORE/$ARP_FILTER" ] ||
    fail "eth0's arp_ignore/arp_filter not restored"

echo "== 2. keepalived master, routerd backup"
routerd_config BACKUP 100
rm -f "$WORKDIR/r1/state.db"*
start_routerd r1 "$WORKDIR/routerd.toml"
wait_for 10 state_is r1 VI_1 BACKUP
wait_for 10 has_vmac r1
sleep 4
state_is r1 VI_1 BACKUP || fail "routerd left BACKUP: it does not hear keepalived on its VMAC"
! on_vmac r1 || fail "routerd took the VIP while keepalived is master"
[[ $(vmac_shape r1) == *UP* ]] || fail "routerd's macvlan is not up while BACKUP, as keepalived's is"
no_drops
ctl_in r1 --json vrrp json | grep '"adverts_in": [1-9]' >/dev/null || fail "routerd counted no adverts"
capture master-keepalived
stop_gracefully "$KEEPALIVED_PID"
forget_pid "$KEEPALIVED_PID"
wait_for 10 on_vmac r1
state_is r1 VI_1 MASTER || fail "routerd holds the VIP but is not MASTER"
wait_for 10 client_reaches_vip
sleep 1.5
stop_capture
seen "^.* $VMAC > ff:ff:ff:ff:ff:ff, ethertype ARP .* Request who-has $VIP( \\([^)]*\\))? tell $VIP" ||
    fail "no gratuitous ARP from the VMAC: $(grep ARP "$CAPTURE_FILE" | head -5)"
seen "^.* $VMAC > 01:00:5e:00:00:12, .* 172\.16\.0\.1 > 224\.0\.0\.18: VRRPv2, Advertisement, vrid 51, prio 100" ||
    fail "routerd's adverts as master do not leave from the VMAC"
echo "routerd took over; the client reaches $VIP at $VMAC still"
# A reload that keeps the MASTER (a new priority) keeps its macvlan and the VIP on it.
index=$(ip -n "$(ns r1)" -o link show dev vrrp.51 | cut -d: -f1)
sed -i 's/^priority = 100$/priority = 150/' "$WORKDIR/routerd.toml"
kill -HUP "$PID_r1"
wait_for 10 grep "reload applied; changed: vrrp" "$WORKDIR/r1/log"
[ "$(ip -n "$(ns r1)" -o link show dev vrrp.51 | cut -d: -f1)" = "$index" ] ||
    fail "the reload made the macvlan again"
on_vmac r1 && state_is r1 VI_1 MASTER || fail "the reload dropped the VIP or MASTER"

echo "== 3. the macvlan a killed routerd left is deleted at its next start"
kill -9 "$PID_r1"
wait "$PID_r1" 2>/dev/null || true
forget_pid "$PID_r1"
has_vmac r1 || fail "the macvlan went with routerd's death: nothing to clean up"
[ "$(conf_of eth0 arp_ignore)/$(conf_of eth0 arp_filter)" = 1/1 ] || fail "eth0's ARP settings changed"
cat >"$WORKDIR/other.toml" <<TOML
[vrrp.instance.VI_9]
interface = "eth0"
virtual_router_id = 9
virtual_ipaddress = ["172.16.9.1"]
TOML
start_routerd r1 "$WORKDIR/other.toml"
wait_for 10 sh -c "! ip -n $(ns r1) link show dev vrrp.51"
# The clean-up says what it removed; the log line may follow the deletion by a moment.
wait_for 10 grep -q "removed link vrrp.51 on eth0 left behind by a previous run" "$WORKDIR/r1/log"
[ "$(conf_of eth0 arp_ignore)/$(conf_of eth0 arp_filter)" = "$ARP_IGNORE/$ARP_FILTER" ] ||
    fail "eth0's arp_ignore/arp_filter, left at 1/1 by the killed routerd, not put back"
stop_gracefully "$PID_r1"

echo "== 4. vmac_xmit_base: adverts from eth0's MAC, the VIP at the VMAC"
rm -f "$WORKDIR/r1/state.db"*
routerd_config MASTER 200 "vmac_xmit_base = true"
keepalived_config BACKUP 100 vmac_xmit_base
start_routerd r1 "$WORKDIR/routerd.toml"
start_keepalived "$WORKDIR/keepalived.conf"
wait_for 10 state_is r1 VI_1 MASTER
wait_for 10 on_vmac r1
capture xmit-base
wait_for 10 client_reaches_vip
sleep 4
stop_capture
base_mac=$(mac_of r1)
seen "^.* $base_mac > 01:00:5e:00:00:12, .* 172\.16\.0\.1 > 224\.0\.0\.18: VRRPv2, Advertisement, vrid 51, prio 200" ||
    fail "no advert from eth0's MAC $base_mac: $(head -5 "$CAPTURE_FILE")"
grep "172\.16\.0\.1 > 224\.0\.0\.18" "$CAPTURE_FILE" | grep -q "^.* $VMAC >" &&
    fail "an advert left from the VMAC despite vmac_xmit_base"
! on_vmac r2 || fail "keepalived (vmac_xmit_base) took the VIP: it does not accept routerd's adverts"
stop_gracefully "$PID_r1"
stop_gracefully "$KEEPALIVED_PID"

echo "== 5. IPv6"
VMAC=00:00:5e:00:02:33 VIP=2001:db8::100 VIP_PREFIX=64
rm -f "$WORKDIR/r1/state.db"*
routerd_config MASTER 200 "version = 3"
keepalived_config BACKUP 100 "version 3"
wait_for 10 sh -c "ip -n $(ns r1) -6 addr show dev eth0 scope link | grep -q fe80"
link_local=$(ip -n "$(ns r1)" -6 -o addr show dev eth0 scope link | grep -o 'fe80::[0-9a-f:]*')
start_routerd r1 "$WORKDIR/routerd.toml"
start_keepalived "$WORKDIR/keepalived.conf"
wait_for 10 state_is r1 VI_1 MASTER
wait_for 10 on_vmac r1
[[ $(vmac_shape r1) == *"link/ether $VMAC"*"macvlan mode private"* ]] || fail "not the IPv6 VMAC"
capture ipv6
wait_for 10 sh -c "ip netns exec $(ns client) ping -6 -c 1 -W 1 $VIP"
[ "$(client_neighbour_mac "$VIP")" = "$VMAC" ] || fail "the client has $VIP at $(client_neighbour_mac "$VIP")"
sleep 4
stop_capture
seen "^.* $VMAC > 33:33:00:00:00:12, .* $link_local > ff02::12: .*VRRPv3, Advertisement, vrid 51, prio 200" ||
    fail "no IPv6 advert from the VMAC and $link_local: $(grep -m3 VRRP "$CAPTURE_FILE")"
! on_vmac r2 || fail "keepalived took the IPv6 VIP: it does not accept routerd's adverts"
stop_gracefully "$PID_r1"
stop_gracefully "$KEEPALIVED_PID"

echo "== 6. use_vmac_addr: the addresses on eth1 on VMACs of their own"
lan_add lan1
lan_join lan1 r1 eth1 172.16.1.1/24 2001:db8:1::1/64
lan_join lan1 r2 eth1 172.16.1.2/24 2001:db8:1::2/64
lan_join lan1 client eth1 172.16.1.10/24 2001:db8:1::10/64
# The routers know the client's MAC on eth1 already: their replies from a VIP on a VMAC leave by
# eth1 (the subnet's route), and an ARP request from there would give the client eth1's MAC for
# the VIP (the kernel's doing, keepalived's too).
for host in r1 r2; do wait_for 10 ip netns exec "$(ns $host)" ping -c 1 -W 1 172.16.1.10; done
VMAC=00:00:5e:00:01:33 VIP=172.16.1.100 VMAC6=00:00:5e:00:02:33 EVIP=2001:db8:1::100
rm -f "$WORKDIR/r1/state.db"*
routerd_addr_config() {  # STATE PRIORITY
    cat >"$WORKDIR/routerd.toml" <<TOML
[vrrp]
vmac_addr_prefix = "vad"
[vrrp.instance.VI_1]
state = "$1"
interface = "eth0"
use_vmac = true
use_vmac_addr = true
virtual_router_id = 51
priority = $2
advert_int = "1s"
virtual_ipaddress = ["172.16.0.100/32", { address = "$VIP/32", dev = "eth1" }]
virtual_ipaddress_excluded = [{ address = "$EVIP/64", dev = "eth1" }]
TOML
}
cat >"$WORKDIR/keepalived.conf" <<CONF
global_defs {
    vmac_addr_prefix vad
}
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    use_vmac
    use_vmac_addr
    virtual_router_id 51
    priority 100
    advert_int 1
    virtual_ipaddress {
        172.16.0.100/32
        $VIP/32 dev eth1
    }
    virtual_ipaddress_excluded {
        $EVIP/64 dev eth1
    }
}
CONF
# "NAME@BASE MAC MODE" of each macvlan named vad*.
addr_vmacs() {
    ip -n "$(ns "$1")" -d -o link show type macvlan |
        sed -E 's/^[0-9]+: ([^:]+):.* link\/ether ([0-9a-f:]+) .*macvlan mode ([a-z]+).*/\1 \2 \3/' |
        grep '^vad' | sort | paste -sd' '
}
has_on() { ip -n "$(ns "$1")" -o addr show dev "$2" 2>/dev/null | grep -qw "$3"; }
ARP_IGNORE1=$(conf_of eth1 arp_ignore) ARP_FILTER1=$(conf_of eth1 arp_filter)
routerd_addr_config MASTER 200
start_routerd r1 "$WORKDIR/routerd.toml"
start_keepalived "$WORKDIR/keepalived.conf"
wait_for 10 state_is r1 VI_1 MASTER
wait_for 10 has_on r1 vad.51 "$VIP"
wait_for 10 has_on r1 vad6.51 "$EVIP"
wait_for 10 sh -c "ip -n $(ns r2) link show dev vad6.51"
ours=$(addr_vmacs r1) theirs=$(addr_vmacs r2)
echo "routerd's: $ours"
echo "keepalived's (BACKUP): $theirs"
[ "$ours" = "vad.51@eth1 $VMAC private vad6.51@eth1 $VMAC6 private" ] || fail "not keepalived's links: $ours"
[ "$ours" = "$theirs" ] || fail "routerd's links differ from keepalived's"
[ "$(conf_of eth1 arp_ignore)/$(conf_of eth1 arp_filter)" = 1/1 ] || fail "eth1 would answer ARP for $VIP"
wait_for 10 sh -c "ip netns exec $(ns client) ping -c 1 -W 1 $VIP"
wait_for 10 sh -c "ip netns exec $(ns client) ping -6 -c 1 -W 1 $EVIP"
[ "$(client_neighbour_mac "$VIP")/$(client_neighbour_mac "$EVIP")" = "$VMAC/$VMAC6" ] ||
    fail "the client has $VIP at $(client_neighbour_mac "$VIP"), $EVIP at $(client_neighbour_mac "$EVIP")"
! has_on r2 vad.51 "$VIP" || fail "keepalived took $VIP: it does not accept routerd's adverts"
stop_gracefully "$PID_r1"
wait_for 10 has_on r2 vad.51 "$VIP"
! ip -n "$(ns r1)" link show dev vad.51 2>/dev/null && ! ip -n "$(ns r1)" link show dev vad6.51 2>/dev/null ||
    fail "routerd left its address VMACs behind at stop"
[ "$(conf_of eth1 arp_ignore)/$(conf_of eth1 arp_filter)" = "$ARP_IGNORE1/$ARP_FILTER1" ] ||
    fail "eth1's arp_ignore/arp_filter not restored"
wait_for 10 sh -c "ip netns exec $(ns client) ping -c 1 -W 1 $VIP"
[ "$(client_neighbour_mac "$VIP")" = "$VMAC" ] || fail "keepalived answers for $VIP at another MAC"
echo "keepalived took over; the client reaches $VIP at $VMAC still"
routerd_addr_config BACKUP 50
rm -f "$WORKDIR/r1/state.db"*
start_routerd r1 "$WORKDIR/routerd.toml"
wait_for 10 state_is r1 VI_1 BACKUP
wait_for 10 sh -c "ip -n $(ns r1) link show dev vad.51"
ip netns exec "$(ns client)" tcpdump -i eth1 -e -n -l arp >"$WORKDIR/addr-garp.txt" 2>"$WORKDIR/addr-garp.err" &
CAPTURE_PID=$!
PIDS+=("$CAPTURE_PID")
wait_for 10 grep -q "listening on" "$WORKDIR/addr-garp.err"
stop_gracefully "$KEEPALIVED_PID"
wait_for 10 has_on r1 vad.51 "$VIP"
wait_for 10 has_on r1 vad6.51 "$EVIP"
wait_for 10 grep -q "^.* $VMAC > ff:ff:ff:ff:ff:ff, ethertype ARP .* Request who-has $VIP" "$WORKDIR/addr-garp.txt"
kill "$CAPTURE_PID"; wait "$CAPTURE_PID" 2>/dev/null || true; forget_pid "$CAPTURE_PID"
wait_for 10 sh -c "ip netns exec $(ns client) ping -c 1 -W 1 $VIP"
[ "$(client_neighbour_mac "$VIP")" = "$VMAC" ] || fail "the client has $VIP at $(client_neighbour_mac "$VIP")"
echo "routerd took over; its gratuitous ARP left from vad.51; the client reaches $VIP at $VMAC still"
# Killed, its address VMACs stay; the next start (without them) deletes them from the journal.
kill -9 "$PID_r1"
wait "$PID_r1" 2>/dev/null || true
forget_pid "$PID_r1"
ip -n "$(ns r1)" link show dev vad6.51 >/dev/null || fail "vad6.51 went with routerd's death"
start_routerd r1 "$WORKDIR/other.toml"
wait_for 10 grep -q "removed link vad6.51 on eth1 left behind by a previous run" "$WORKDIR/r1/log"
! ip -n "$(ns r1)" link show dev vad.51 2>/dev/null || fail "vad.51, left by the killed routerd, is still there"
[ "$(conf_of eth1 arp_ignore)/$(conf_of eth1 arp_filter)" = "$ARP_IGNORE1/$ARP_FILTER1" ] ||
    fail "eth1's arp_ignore/arp_filter, left at 1/1 by the killed routerd, not put back"
echo "vmac: pass"
