#!/usr/bin/env bash
# dont_track_primary (keepalived.conf(5): "ignore VRRP interface faults"): two instances on one
# interface, one with it. When the interface loses its carrier (its veth peer goes down), the
# plain instance goes to FAULT and gives its VIP up; the other stays MASTER with its VIP. The
# carrier back, both are MASTER again.
# Usage: dont_track_primary_test.sh ROUTERD ROUTERCTL PLUGIN_DIR SOURCE_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/lib.sh"
require_root
ROUTERD=$1 ROUTERCTL=$2 PLUGINS=$3 SOURCE_DIR=$4
make_workdir
trap 'status=$?; [ $status -eq 0 ] || dump_logs; cleanup; exit $status' EXIT
lone_host r1

instance() {  # instance NAME VRID VIP [EXTRA]
    cat <<TOML
[vrrp.instance.$1]
state = "MASTER"
interface = "eth0"
virtual_router_id = $2
priority = 200
advert_int = "1s"
virtual_ipaddress = ["$3/24"]
${4:-}
TOML
}
{
    instance VI_TRACKED 51 172.16.0.100
    instance VI_IGNORING 52 172.16.0.101 "dont_track_primary = true"
} >"$WORKDIR/r1.toml"
start_routerd r1 "$WORKDIR/r1.toml"
# Read whole, not piped into grep -q: under pipefail, grep leaving early makes `ip` die of
# SIGPIPE and the pipeline fail although the address was found.
has_vip() { [[ $(ip -n "$(ns r1)" -o addr show dev eth0) == *" $1/"* ]]; }
wait_for 15 state_is r1 VI_TRACKED MASTER
wait_for 15 state_is r1 VI_IGNORING MASTER
# MASTER is reported as the state changes, the addresses follow: both before the cut.
wait_for 10 has_vip 172.16.0.100
wait_for 10 has_vip 172.16.0.101

ip -n "$(ns r1)" link set eth1 down  # eth0 loses its carrier
wait_for 10 state_is r1 VI_TRACKED FAULT
wait_for 10 sh -c "! ip -n $(ns r1) -o addr show dev eth0 | grep -q ' 172\.16\.0\.100/'"
state_is r1 VI_IGNORING MASTER || fail "VI_IGNORING left MASTER: $(ctl_in r1 vrrp)"
has_vip 172.16.0.101 || fail "VI_IGNORING gave its VIP up: $(ip -n "$(ns r1)" -o addr show dev eth0)"

ip -n "$(ns r1)" link set eth1 up
wait_for 15 state_is r1 VI_TRACKED MASTER
state_is r1 VI_IGNORING MASTER || fail "VI_IGNORING left MASTER when the carrier came back"
echo "dont_track_primary: pass"
