#!/usr/bin/env bash
# An imported keepalived.conf behaves as the original: the reference page's failover pair
# (tests/data/keepalived/archwiki-failover-{A,B}.conf), one router running routerd on the
# imported file and the other Debian's keepalived on the original, in both roles.
# Usage: vrrp_imported_interop_test.sh ROUTERD ROUTERCTL PLUGIN_DIR SOURCE_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/../vrrp/lib.sh"
require_root
ROUTERD=$1 ROUTERCTL=$2 PLUGINS=$3 SOURCE_DIR=$4
command -v keepalived >/dev/null || { echo "SKIP: keepalived is not installed"; exit 77; }
DATA=$SOURCE_DIR/tests/data/keepalived
VIP=172.16.0.100
make_workdir
trap 'status=$?; [ $status -eq 0 ] || { dump_logs; tail -n 30 "$WORKDIR/keepalived.log" >&2; }; cleanup; exit $status' EXIT
vrrp_lab

# import HOST_LETTER: the reference file of host A or B, as routerd TOML.
import() {
    "$ROUTERD" import-keepalived "$DATA/archwiki-failover-$1.conf" -o "$WORKDIR/imported-$1.toml" ||
        fail "importing host $1's keepalived.conf reported something"
}

import A
import B

echo "== routerd on imported host A (MASTER, 255), keepalived on host B's original"
start_routerd r1 "$WORKDIR/imported-A.toml"
start_keepalived "$DATA/archwiki-failover-B.conf"
wait_for 10 state_is r1 VI_1 MASTER
wait_for 10 has_address r1 "$VIP"
sleep 5  # longer than keepalived's master down interval (3 x 1 s + skew)
! has_address r2 "$VIP" || fail "keepalived took the VIP: it does not accept routerd's adverts"
grep -q "Entering BACKUP STATE" "$WORKDIR/keepalived.log" || fail "keepalived never became BACKUP"
kill -9 "$PID_r1"
wait_for 10 has_address r2 "$VIP"
echo "keepalived (B) took over after routerd (A) was killed"
stop_keepalived
ip -n "$(ns r1)" addr del "$VIP/32" dev eth0 2>/dev/null || true
rm -f "$WORKDIR/r1/state.db"*

echo "== keepalived on host A's original (MASTER, 255), routerd on imported host B"
start_keepalived "$DATA/archwiki-failover-A.conf"
wait_for 10 has_address r2 "$VIP"
start_routerd r1 "$WORKDIR/imported-B.toml"
wait_for 10 state_is r1 VI_1 BACKUP
sleep 5
state_is r1 VI_1 BACKUP || fail "routerd left BACKUP: it does not accept keepalived's adverts"
! has_address r1 "$VIP" || fail "routerd took the VIP while keepalived is master"
ctl_in r1 --json vrrp json | grep '"adverts_in": [1-9]' >/dev/null || fail "routerd counted no adverts"
stop_keepalived
wait_for 10 has_address r1 "$VIP"
state_is r1 VI_1 MASTER || fail "routerd holds the VIP but is not MASTER"
echo "routerd (B) took over after keepalived (A) was killed"
echo "imported failover pair interoperates: pass"
