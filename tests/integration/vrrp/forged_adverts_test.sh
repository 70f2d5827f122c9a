#!/usr/bin/env bash
# Adverts a host on the LAN forges must not move a master, and a flood of them must not
# make routerd flood the LAN or its log. routerd runs four lone masters on r1; the client
# forges adverts (forge_advert.py) that would each have made one of them step down:
#  - unicast instance: an advert from a host that is no unicast_peer, and one from the peer's
#    address with a TTL that says it came from off the link (not_unicast_peer,
#    ttl_or_hop_limit);
#  - multicast instance: an advert sent to r1's own address (wrong_destination);
#  - VRRPv3: an advert with interval 0 (zero_advert_interval);
#  - the address owner (priority 255): priority 255 from a higher address (ignored);
#  - a flood of lower-priority adverts: at most one re-assertion per advert interval, and at
#    most five log lines, then a "suppressed N" summary.
# Then the same forger sends valid adverts, and each instance does step down: the forged
# packets themselves are sound, so the drops above are routerd's decisions.
# Usage: forged_adverts_test.sh ROUTERD ROUTERCTL PLUGIN_DIR SOURCE_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/lib.sh"
require_root
ROUTERD=$1 ROUTERCTL=$2 PLUGINS=$3 SOURCE_DIR=$4
FORGE="$SOURCE_DIR/tests/integration/vrrp/forge_advert.py"
make_workdir
trap 'status=$?; [ $status -eq 0 ] || dump_logs; cleanup; exit $status' EXIT
vrrp_lab

cat >"$WORKDIR/r1.toml" <<'TOML'
[vrrp.instance.MULTICAST]
interface = "eth0"
virtual_router_id = 51
priority = 200
advert_int = "1s"
virtual_ipaddress = ["172.16.0.100"]

[vrrp.instance.UNICAST]
interface = "eth0"
virtual_router_id = 52
priority = 200
advert_int = "1s"
unicast_src_ip = "172.16.0.1"
unicast_peer = ["172.16.0.2"]
virtual_ipaddress = ["172.16.0.102"]

[vrrp.instance.V3]
interface = "eth0"
virtual_router_id = 53
version = 3
priority = 200
advert_int = "1s"
virtual_ipaddress = ["172.16.0.103"]

[vrrp.instance.OWNER]
interface = "eth0"
virtual_router_id = 54
priority = 255
advert_int = "1s"
virtual_ipaddress = ["172.16.0.104"]
TOML

forge() { ip netns exec "$(ns client)" python3 "$FORGE" --dev eth0 "$@"; }
# of INSTANCE EXPRESSION: a Python expression over the instance `i` in routerctl's JSON.
of() {
    ctl_in r1 --json vrrp json | python3 -c \
        "import json,sys; i=json.load(sys.stdin)['result']['instances']['$1']; print($2)"
}
drops() { of "$1" "i['drops'].get('$2', 0)"; }
transitions() { of "$1" "i['transitions']"; }
# still_master INSTANCE TRANSITIONS_BEFORE WHAT
still_master() {
    state_is r1 "$1" MASTER || fail "$1 left MASTER: $3"
    [ "$(transitions "$1")" = "$2" ] || fail "$1 changed state: $3"
}
warnings() { grep -c "$1: heard a lower-priority master" "$WORKDIR/r1/log" || true; }

start_routerd r1 "$WORKDIR/r1.toml"
for instance in MULTICAST UNICAST V3 OWNER; do wait_for 10 state_is r1 "$instance" MASTER; done
declare -A seen
for instance in MULTICAST UNICAST V3 OWNER; do seen[$instance]=$(transitions "$instance"); done

echo "== unicast: a stranger, and the peer's address from off the link"
forge --src 172.16.0.10 --dst 172.16.0.1 --vrid 52 --priority 254 --address 172.16.0.102 --count 3
forge --src 172.16.0.2 --dst 172.16.0.1 --vrid 52 --priority 254 --address 172.16.0.102 \
    --ttl 64 --count 3
sleep 0.5
still_master UNICAST "${seen[UNICAST]}" "forged unicast adverts"
[ "$(drops UNICAST not_unicast_peer)" = 3 ] || fail "not_unicast_peer: $(drops UNICAST not_unicast_peer)"
[ "$(drops UNICAST ttl_or_hop_limit)" = 3 ] || fail "ttl_or_hop_limit: $(drops UNICAST ttl_or_hop_limit)"

echo "== multicast: an advert sent to r1's own address"
forge --src 172.16.0.10 --dst 172.16.0.1 --vrid 51 --priority 254 --address 172.16.0.100 --count 3
sleep 0.5
still_master MULTICAST "${seen[MULTICAST]}" "an advert sent to its unicast address"
[ "$(drops MULTICAST wrong_destination)" = 3 ] || fail "wrong_destination: $(drops MULTICAST wrong_destination)"

echo "== VRRPv3: interval 0"
forge --version 3 --interval-cs 0 --src 172.16.0.10 --dst 224.0.0.18 --vrid 53 --priority 254 \
    --address 172.16.0.103 --count 3
sleep 0.5
still_master V3 "${seen[V3]}" "adverts with interval 0"
[ "$(drops V3 zero_advert_interval)" = 3 ] || fail "zero_advert_interval: $(drops V3 zero_advert_interval)"

echo "== the address owner: priority 255 from a higher address"
forge --src 172.16.0.200 --dst 224.0.0.18 --vrid 54 --priority 255 --address 172.16.0.104 --count 3
sleep 0.5
still_master OWNER "${seen[OWNER]}" "an equal-priority advert from a higher address"

echo "== a flood of lower-priority adverts"
before=$(of MULTICAST "i['adverts_out']")
started=$SECONDS
forge --src 172.16.0.10 --dst 224.0.0.18 --vrid 51 --priority 100 --address 172.16.0.100 \
    --count 50 --spacing 0.02
after=$(of MULTICAST "i['adverts_out']")
took=$((SECONDS - started + 1))  # whole seconds, rounded up
echo "50 lower-priority adverts: $((after - before)) adverts sent in ${took} s or less," \
    "$(warnings MULTICAST) warnings logged"
# Each second: one regular advert and at most one re-assertion (a busy machine stretches the
# flood over more seconds: hence the time it took, not the 1 s it was meant to take).
[ $((after - before)) -le $((2 * took + 1)) ] ||
    fail "$((after - before)) adverts answered 50 lower-priority ones in ${took} s"
[ "$(warnings MULTICAST)" -le 5 ] || fail "$(warnings MULTICAST) warnings for one flood"
sleep 10  # the throttle's next token
forge --src 172.16.0.10 --dst 224.0.0.18 --vrid 51 --priority 100 --address 172.16.0.100
wait_for 5 grep -E "MULTICAST: heard a lower-priority master.*\(suppressed [0-9]+ similar lines\)" \
    "$WORKDIR/r1/log"
grep -E -o "MULTICAST: heard a lower-priority master.*suppressed [0-9]+ similar lines\)" \
    "$WORKDIR/r1/log" | tail -n 1 | sed 's/^/logged: /'

echo "== the same forger's valid adverts are believed"
# Sent for 10 s, all at once: a master that hears no more adverts takes over again after
# 3.2 s, and a loaded machine can take longer than that to start three Pythons in turn.
valid=(--count 20 --spacing 0.5 --priority 254)
forge --src 172.16.0.2 --dst 172.16.0.1 --vrid 52 --address 172.16.0.102 "${valid[@]}" &
PIDS+=("$!")
forge --src 172.16.0.10 --dst 224.0.0.18 --vrid 51 --address 172.16.0.100 "${valid[@]}" &
PIDS+=("$!")
forge --version 3 --src 172.16.0.10 --dst 224.0.0.18 --vrid 53 --address 172.16.0.103 \
    "${valid[@]}" &
PIDS+=("$!")
wait_for 10 state_is r1 UNICAST BACKUP
wait_for 10 state_is r1 MULTICAST BACKUP
wait_for 10 state_is r1 V3 BACKUP
echo "forged adverts: pass"
