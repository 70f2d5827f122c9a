#!/usr/bin/env bash
# no_accept (keepalived.conf(5): "the system will not receive packets addressed to the
# VIPs/eVIPs" unless priority is 255), enforced as Keepalived does with nftables: r1 is MASTER
# of four instances, and the client pings each one's addresses.
#   VI_DROP   priority 200, no_accept: its VIP is on eth0 but answers nothing;
#   VI_OWNER  priority 255, no_accept: the address owner accepts anyway;
#   VI_ACCEPT priority 200, accept (the default outside strict mode): answers;
#   VI_STRICT priority 200, strict_mode, accept unset: strict mode's RFC default, no_accept;
#   VI_6      priority 200, no_accept, IPv6 with a link-local and a global VIP: neither answers
#             a ping, but neighbour discovery reaches them (the client learns their MAC).
# [vrrp] names the table, its hooks' priority and counts the drops. Then: a reload that turns
# VI_DROP to `accept = true` opens its VIP; a SIGTERM deletes routerd's table;
# a table a SIGKILL left is deleted by the next start.
# Usage: no_accept_test.sh ROUTERD ROUTERCTL PLUGIN_DIR SOURCE_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/lib.sh"
require_root
ROUTERD=$1 ROUTERCTL=$2 PLUGINS=$3 SOURCE_DIR=$4
command -v nft >/dev/null || fail "nft (Debian's nftables) is needed to read the table back"
make_workdir
trap 'status=$?; [ $status -eq 0 ] || dump_logs; cleanup; exit $status' EXIT
vrrp_lab

instance() {  # instance NAME VRID PRIORITY "VIP ..." [EXTRA]
    local vips
    vips=$(printf '"%s", ' $4)
    cat <<TOML
[vrrp.instance.$1]
interface = "eth0"
virtual_router_id = $2
priority = $3
advert_int = "1s"
version = 3
virtual_ipaddress = [${vips%, }]
${5:-}
TOML
}
write_config() {  # write_config VI_DROP_ACCEPT_LINE
    {
        printf '[vrrp]\nnftables = "edge_fw"\nnftables_priority = -5\nnftables_counters = true\n'
        instance VI_DROP 51 200 172.16.0.100/24 "$1"
        instance VI_OWNER 52 255 172.16.0.102/24 "no_accept = true"
        instance VI_ACCEPT 53 200 172.16.0.101/24
        instance VI_STRICT 55 200 172.16.0.103/24 "strict_mode = true"
        instance VI_6 54 200 "fe80::54/64 2001:db8::54/64" "no_accept = true"
    } >"$WORKDIR/r1.toml"
}
write_config "no_accept = true"
start_routerd r1 "$WORKDIR/r1.toml"
for i in VI_DROP VI_OWNER VI_ACCEPT VI_STRICT VI_6; do wait_for 15 state_is r1 "$i" MASTER; done
table() { in_ns r1 nft list table inet edge_fw 2>&1; }
# The table is written when the addresses go in, just after MASTER is reported.
wait_for 10 sh -c "ip netns exec $(ns r1) nft list table inet edge_fw | grep -q 2001:db8::54"

answers() { in_ns client ping -c 1 -W 1 "$@" >/dev/null 2>&1; }
answers 172.16.0.101 || fail "VI_ACCEPT's VIP does not answer"
answers 172.16.0.102 || fail "the owner's VIP does not answer although no_accept"
answers 172.16.0.1 || fail "r1's own address does not answer"
! answers 172.16.0.100 || fail "VI_DROP's VIP answers although no_accept: $(table)"
! answers 172.16.0.103 || fail "VI_STRICT's VIP answers although strict mode: $(table)"
has_address r1 172.16.0.100 || fail "VI_DROP's VIP is not on eth0"
! answers -6 2001:db8::54 || fail "VI_6's global VIP answers although no_accept"
! answers -6 -I eth0 fe80::54 || fail "VI_6's link-local VIP answers although no_accept"
# Neighbour discovery passes: the failed ping made the client resolve the VIP to r1's MAC.
[ "$(client_neighbour_mac 2001:db8::54)" = "$(mac_of r1)" ] ||
    fail "the client did not resolve 2001:db8::54: $(ip -n "$(ns client)" neigh)"
# What an operator reads: the addresses, the link-local one with its interface, the hooks'
# priority and what each rule dropped.
listed=$(table)
for element in 172.16.0.100 172.16.0.103 2001:db8::54 'fe80::54 . "eth0"' "priority filter - 5"; do
    [[ $listed == *"$element"* ]] || fail "table lacks $element: $listed"
done
grep -q "VI_DROP: no_accept: dropping what is addressed to or sent from its virtual addresses (1, nftables table inet edge_fw)" "$WORKDIR/r1/log" ||
    fail "no log line for VI_DROP's drops"
[[ $listed != *172.16.0.101* && $listed != *172.16.0.102* ]] ||
    fail "accepting instances' VIPs are in the table: $listed"
grep -Eq 'ip daddr @vips counter packets [1-9][0-9]* bytes [0-9]+ drop' <<<"$listed" ||
    fail "the IPv4 drop counted nothing: $listed"

write_config "accept = true"
kill -HUP "$PID_r1"
wait_for 10 answers 172.16.0.100
grep -q "VI_DROP: no_accept: no longer dropping its virtual addresses' traffic" "$WORKDIR/r1/log" ||
    fail "no log line for the end of VI_DROP's drops"
state_is r1 VI_DROP MASTER || fail "the reload moved VI_DROP out of MASTER"
! answers -6 2001:db8::54 || fail "VI_6's VIP answers after a reload that did not change it"

kill -TERM "$PID_r1"
wait "$PID_r1" 2>/dev/null || true
forget_pid "$PID_r1"
! table >/dev/null || fail "the table outlived routerd's stop: $(table)"

start_routerd r1 "$WORKDIR/r1.toml"
wait_for 15 state_is r1 VI_6 MASTER
wait_for 10 sh -c "ip netns exec $(ns r1) nft list table inet edge_fw | grep -q 2001:db8::54"
kill -9 "$PID_r1"
wait "$PID_r1" 2>/dev/null || true
forget_pid "$PID_r1"
table >/dev/null || fail "nothing to clean up: the table went with the SIGKILL"
# The next run has no non-accepting instance: the table left is deleted at its start.
sed -i -e 's/^no_accept = true$//' -e 's/^strict_mode = true$//' "$WORKDIR/r1.toml"
start_routerd r1 "$WORKDIR/r1.toml"
wait_for 15 state_is r1 VI_6 MASTER
! table >/dev/null || fail "the table a SIGKILL left is still there: $(table)"
wait_for 10 answers -6 2001:db8::54
echo "no_accept: pass"
