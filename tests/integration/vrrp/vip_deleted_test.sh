#!/usr/bin/env bash
# A virtual address deleted by someone else (`ip address del`) while MASTER: as Keepalived 2.2.7
# does ("Netlink reflector reports IP ... removed", then BACKUP, a priority-0 advert, and MASTER
# again after Skew_Time when alone), the instance resigns and takes over again with all its
# addresses. An address with no_track is not watched: deleted, it stays away and the instance
# stays MASTER.
# Usage: vip_deleted_test.sh ROUTERD ROUTERCTL PLUGIN_DIR SOURCE_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/lib.sh"
require_root
ROUTERD=$1 ROUTERCTL=$2 PLUGINS=$3 SOURCE_DIR=$4
make_workdir
trap 'status=$?; [ $status -eq 0 ] || dump_logs; cleanup; exit $status' EXIT
lone_host r1

cat >"$WORKDIR/r1.toml" <<'TOML'
[vrrp.instance.VI_1]
state = "MASTER"
interface = "eth0"
virtual_router_id = 51
priority = 200
advert_int = "1s"
virtual_ipaddress = ["172.16.0.100/24", { address = "172.16.0.101/24", no_track = true },
                     "2001:db8::100/64"]
TOML
start_routerd r1 "$WORKDIR/r1.toml"
wait_for 15 state_is r1 VI_1 MASTER
wait_for 10 has_address r1 172.16.0.100
wait_for 10 has_address r1 2001:db8::100
transitions() { grep -c "VI_1: BACKUP -> MASTER" "$WORKDIR/r1/log" || true; }
before=$(transitions)

ip -n "$(ns r1)" addr del 172.16.0.100/24 dev eth0
wait_for 10 grep -q "VI_1: its virtual address 172.16.0.100 was deleted from eth0 by someone else: resigning" "$WORKDIR/r1/log"
# Alone, MASTER again after Skew_Time (0.22 s at priority 200), its address back.
wait_for 5 has_address r1 172.16.0.100
wait_for 5 state_is r1 VI_1 MASTER
[ "$(transitions)" -gt "$before" ] || fail "no new transition to MASTER: $(tail -n 20 "$WORKDIR/r1/log")"

ip -n "$(ns r1)" -6 addr del 2001:db8::100/64 dev eth0
wait_for 5 has_address r1 2001:db8::100

ip -n "$(ns r1)" addr del 172.16.0.101/24 dev eth0
sleep 2
! has_address r1 172.16.0.101 || fail "the no_track address was added again"
state_is r1 VI_1 MASTER || fail "a no_track address's deletion moved VI_1 out of MASTER"
echo "vip_deleted: pass"
