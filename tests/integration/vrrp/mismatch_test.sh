#!/usr/bin/env bash
# Adverts that must not be believed are dropped and counted, by reason:
#  - PASS with another password: both routers think they are alone (both MASTER) and each
#    counts the other's adverts under auth_failure;
#  - AH with another key: likewise;
# and problems are reported with their reason rather than an unexplained FAULT:
#  - an interface without an IPv4 address.
# A SIGHUP that keeps the instance never drops a VIP held as MASTER.
# Usage: mismatch_test.sh ROUTERD ROUTERCTL PLUGIN_DIR SOURCE_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/lib.sh"
require_root
ROUTERD=$1 ROUTERCTL=$2 PLUGINS=$3 SOURCE_DIR=$4
make_workdir
trap 'status=$?; [ $status -eq 0 ] || dump_logs; cleanup; exit $status' EXIT
vrrp_lab

instance() {  # instance PRIORITY AUTH_TYPE PASSWORD
    cat <<TOML
[vrrp.instance.VI_1]
interface = "eth0"
virtual_router_id = 42
priority = $1
advert_int = "1s"
authentication = { type = "$2", pass = "$3" }
virtual_ipaddress = ["172.16.0.100"]
TOML
}

drops_of() {  # drops_of HOST REASON: the count routerd shows for REASON
    ctl_in "$1" --json vrrp json | python3 -c \
        "import json,sys; print(json.load(sys.stdin)['result']['instances']['VI_1']['drops'].get('$2', 0))"
}
counted() { [ "$(drops_of "$1" "$2")" -ge "$3" ]; }

for auth in PASS AH; do
    echo "== $auth with different secrets"
    instance 200 "$auth" secret-a >"$WORKDIR/r1.toml"
    instance 100 "$auth" secret-b >"$WORKDIR/r2.toml"
    start_routerd r1 "$WORKDIR/r1.toml"
    start_routerd r2 "$WORKDIR/r2.toml"
    wait_for 10 state_is r1 VI_1 MASTER
    wait_for 10 state_is r2 VI_1 MASTER  # it never hears a valid advert: split brain
    wait_for 10 counted r2 auth_failure 3
    wait_for 10 counted r1 auth_failure 3
    echo "$auth: r1 dropped $(drops_of r1 auth_failure), r2 dropped $(drops_of r2 auth_failure) adverts (auth_failure)"
    kill -TERM "$PID_r1" "$PID_r2"
    wait "$PID_r1" "$PID_r2" || true
    rm -f "$WORKDIR"/r?/state.db*
done

echo "== PASS vs AH: the other authentication type"
instance 200 PASS secret-a >"$WORKDIR/r1.toml"
instance 100 AH secret-a >"$WORKDIR/r2.toml"
start_routerd r1 "$WORKDIR/r1.toml"
wait_for 10 state_is r1 VI_1 MASTER
# r1 listens for protocol 112 and r2 sends AH (protocol 51): r1 never sees them as VRRP,
# while r2's AH socket never sees r1's plain adverts; both are masters.
start_routerd r2 "$WORKDIR/r2.toml"
wait_for 10 state_is r2 VI_1 MASTER
kill -TERM "$PID_r1" "$PID_r2"
wait "$PID_r1" "$PID_r2" || true

echo "== an interface without an IPv4 address"
ip -n "$(ns r1)" addr flush dev eth0 scope global
rm -f "$WORKDIR"/r1/state.db*
instance 200 PASS secret-a >"$WORKDIR/r1.toml"
start_routerd r1 "$WORKDIR/r1.toml"
wait_for 10 state_is r1 VI_1 FAULT
ctl_in r1 vrrp | grep "interface eth0 has no IPv4 address to send adverts from" >/dev/null ||
    fail "the FAULT does not say why"
# The address comes back: the instance leaves FAULT by itself (address monitoring).
ip -n "$(ns r1)" addr add 172.16.0.1/24 dev eth0
wait_for 10 state_is r1 VI_1 MASTER

echo "== SIGHUP that keeps the instance keeps the VIP"
has_address r1 172.16.0.100 || fail "r1 holds no VIP"
# Watch the address while reloading with a changed priority: it must never disappear.
( for _ in $(seq 40); do has_address r1 172.16.0.100 || echo gone; sleep 0.05; done ) >"$WORKDIR/watch" &
WATCH=$!
sed -i 's/priority = 200/priority = 210/' "$WORKDIR/r1.toml"
kill -HUP "$PID_r1"
wait_for 10 grep "reload applied; changed: vrrp" "$WORKDIR/r1/log"
wait "$WATCH"
! grep -q gone "$WORKDIR/watch" || fail "the VIP disappeared during the reload"
state_is r1 VI_1 MASTER || fail "r1 is no longer MASTER after the reload"
ctl_in r1 --json vrrp json | grep '"priority": 210' >/dev/null || fail "the new priority is not in use"
echo "mismatch, faults and reload: pass"
