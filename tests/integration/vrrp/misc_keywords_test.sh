#!/usr/bin/env bash
# The VRRP keywords of Keepalived's that routerd took on late, in one lab. First the
# notifications that are events rather than states, routerd against Debian's keepalived on
# one LAN: notify_master_rx_lower_pri and notify_deleted, from one keepalived.conf run by
# keepalived on r2 and, imported by `routerd import-keepalived`, by routerd on r1. r2 is cut off
# the LAN until both are MASTER of both instances (a split brain); on its return each router
# hears the other's lower priority on the instance it wins (VI_1: routerd 200 to 100, VI_2:
# keepalived 200 to 100), writes MASTER_RX_LOWER_PRI on its FIFO and runs its
# notify_master_rx_lower_pri script. Then both reload without VI_1: each writes DELETED instead
# of STOP and runs its notify_deleted script, and routerd withdraws VI_1's address.
# routerd logs keepalived's adverts for VRID 59, which it has no instance for
# (log_unknown_vrids). Then, in routerd alone (its part of the same file): track_src_ip puts VI_3 in FAULT while its
# unicast_src_ip is off the interface and out again when it is back, and unicast_fault_no_peer
# keeps VI_4, with an empty unicast_peer block, in FAULT. Last, vrrp_strict: a keepalived.conf
# with state MASTER at priority 100 and authentication imports with both reset as Keepalived
# resets them (each reported on its line) and passes --config-test; the same two keys written in
# routerd's own strict_mode configuration are refused, each with file:line:col.
# Usage: misc_keywords_test.sh ROUTERD ROUTERCTL PLUGIN_DIR SOURCE_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/lib.sh"
require_root
ROUTERD=$1 ROUTERCTL=$2 PLUGINS=$3 SOURCE_DIR=$4
command -v keepalived >/dev/null || { echo "SKIP: keepalived is not installed"; exit 77; }
make_workdir
trap 'status=$?; [ $status -eq 0 ] || { dump_logs; tail -n 30 "$WORKDIR/keepalived.log" >&2; head -n 40 "$WORKDIR"/*.out >&2; }; cleanup; exit $status' EXIT
vrrp_lab

cat >"$WORKDIR/reader.sh" <<'SH'
#!/bin/sh
trap '' TERM
exec cat "$2" >>"$1"
SH
# mark.sh FILE: one line per run (the scripts get their configured arguments only).
cat >"$WORKDIR/mark.sh" <<'SH'
#!/bin/sh
echo ran >>"$1"
SH
chmod 755 "$WORKDIR/reader.sh" "$WORKDIR/mark.sh"

# keepalived_conf SIDE VI_1_PRIORITY VI_2_PRIORITY [WITHOUT_VI_1]
keepalived_conf() {
    local w="$WORKDIR/$1"
    cat <<CONF
global_defs {
    vrrp_notify_fifo $w-vrrp.fifo
    vrrp_notify_fifo_script "$WORKDIR/reader.sh $w-vrrp.out"
    vrrp_higher_prio_send_advert
    log_unknown_vrids
}
CONF
    [ -n "${4:-}" ] || cat <<CONF
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 51
    priority $2
    advert_int 1
    virtual_ipaddress { 172.16.0.100/24 }
    notify_master_rx_lower_pri "$WORKDIR/mark.sh $w-lower"
    notify_deleted "$WORKDIR/mark.sh $w-deleted"
}
CONF
    cat <<CONF
vrrp_instance VI_2 {
    state BACKUP
    interface eth0
    virtual_router_id 52
    priority $3
    advert_int 1
    virtual_ipaddress { 172.16.0.101/24 }
    notify_master_rx_lower_pri "$WORKDIR/mark.sh $w-lower"
}
CONF
    if [ "$1" = k ]; then
        cat <<CONF
vrrp_instance VI_9 {
    state BACKUP
    interface eth0
    virtual_router_id 59
    priority 100
    advert_int 1
    virtual_ipaddress { 172.16.0.109/24 }
}
CONF
        return 0
    fi
    cat <<CONF
vrrp_instance VI_3 {
    state BACKUP
    interface eth0
    virtual_router_id 53
    priority 100
    advert_int 1
    virtual_ipaddress { 172.16.0.102/24 }
    unicast_src_ip 172.16.0.5
    unicast_peer { 172.16.0.9 }
    track_src_ip
}
vrrp_instance VI_4 {
    state BACKUP
    interface eth0
    virtual_router_id 54
    priority 100
    advert_int 1
    virtual_ipaddress { 172.16.0.103/24 }
    unicast_peer {
    }
    unicast_fault_no_peer
}
CONF
}
keepalived_conf k 100 200 >"$WORKDIR/k.conf"
keepalived_conf r 200 100 >"$WORKDIR/r.conf"
import() {
    "$ROUTERD" import-keepalived "$WORKDIR/r.conf" -o "$WORKDIR/r.toml" 2>"$WORKDIR/import.err" ||
        fail "import-keepalived: $(cat "$WORKDIR/import.err")"
}
import

# r2's port on the LAN's bridge: the veth peer of its eth0 (eth0@ifN).
peer=$(ip -n "$(ns r2)" -o link show dev eth0 | sed -n 's/^[0-9]*: eth0@if\([0-9]*\):.*/\1/p')
port=$(ip -n "$(ns lan)" -o link show | awk -F': ' -v i="$peer" '$1 == i { sub(/@.*/, "", $2); print $2 }')
[ -n "$port" ] || fail "r2's bridge port was not found"
ip -n "$(ns lan)" link set dev "$port" nomaster

start_keepalived "$WORKDIR/k.conf"
start_routerd r1 "$WORKDIR/r.toml"

has() { grep -qxF "$2" "$WORKDIR/$1-vrrp.out" 2>/dev/null; }
wait_for 30 has k 'INSTANCE "VI_1" MASTER 100'
wait_for 30 has k 'INSTANCE "VI_2" MASTER 200'
wait_for 30 has r 'INSTANCE "VI_1" MASTER 200'
wait_for 30 has r 'INSTANCE "VI_2" MASTER 100'
[ ! -e "$WORKDIR/r-lower" ] || fail "routerd ran notify_master_rx_lower_pri before hearing anyone"

ip -n "$(ns lan)" link set dev "$port" master br0
wait_for 30 has r 'INSTANCE "VI_1" MASTER_RX_LOWER_PRI 200'
wait_for 30 has k 'INSTANCE "VI_2" MASTER_RX_LOWER_PRI 200'
wait_for 30 test -s "$WORKDIR/r-lower"
wait_for 30 test -s "$WORKDIR/k-lower"
wait_for 30 has r 'INSTANCE "VI_2" BACKUP 100'
wait_for 30 has k 'INSTANCE "VI_1" BACKUP 100'
has r 'INSTANCE "VI_2" MASTER_RX_LOWER_PRI 100' && fail "routerd heard a lower priority as a backup"

keepalived_conf k 100 200 without >"$WORKDIR/k.conf"
keepalived_conf r 200 100 without >"$WORKDIR/r.conf"
import
kill -HUP "$KEEPALIVED_PID" "$PID_r1"
wait_for 30 has k 'INSTANCE "VI_1" DELETED 100'
wait_for 30 has r 'INSTANCE "VI_1" DELETED 200'
wait_for 30 test -s "$WORKDIR/r-deleted"
wait_for 30 test -s "$WORKDIR/k-deleted"
wait_for 30 sh -c "! ip -n $(ns r1) -o addr show dev eth0 | grep -qw 172.16.0.100"
for side in k r; do
    has $side 'INSTANCE "VI_1" STOP 100' && fail "$side wrote STOP for a deleted instance"
    has $side 'INSTANCE "VI_1" STOP 200' && fail "$side wrote STOP for a deleted instance"
done

# log_unknown_vrids: keepalived's VI_9 is no instance of routerd's.
wait_for 30 grep -qF "eth0: advert from 172.16.0.2 for VRID 59, which no instance here has" \
    "$WORKDIR/r1/log"

# track_src_ip and unicast_fault_no_peer (VI_3's peer is nobody: it becomes MASTER).
ip -n "$(ns r1)" addr add 172.16.0.5/24 dev eth0
wait_for 30 state_is r1 VI_3 MASTER
state_is r1 VI_4 FAULT || fail "VI_4 is $(vrrp_state r1 VI_4) with no unicast peer"
ip -n "$(ns r1)" addr del 172.16.0.5/24 dev eth0
wait_for 30 state_is r1 VI_3 FAULT
ctl_in r1 vrrp | grep -F "172.16.0.5 is not on eth0 (track_src_ip)" >/dev/null ||
    fail "routerctl vrrp does not say why VI_3 is in FAULT: $(ctl_in r1 vrrp)"
ip -n "$(ns r1)" addr add 172.16.0.5/24 dev eth0
wait_for 30 state_is r1 VI_3 MASTER
state_is r1 VI_4 FAULT || fail "VI_4 left FAULT with no unicast peer"

# vrrp_strict, imported: the import makes the resets Keepalived makes (and reports them);
# routerd's own configuration refuses the same settings, naming file:line:col.
cat >"$WORKDIR/strict.conf" <<'CONF'
global_defs {
    vrrp_strict
}
vrrp_instance VI_S {
    state MASTER
    interface eth0
    virtual_router_id 60
    priority 100
    virtual_ipaddress { 172.16.0.110 }
    authentication {
        auth_type PASS
        auth_pass secret
    }
}
CONF
status=0
"$ROUTERD" import-keepalived "$WORKDIR/strict.conf" -o "$WORKDIR/strict.toml" \
    2>"$WORKDIR/strict-import.out" || status=$?
[ "$status" = 2 ] || fail "import-keepalived exit $status, want 2 (resets reported)"
grep -F "strict.conf:5: state: strict mode: Keepalived" "$WORKDIR/strict-import.out" >/dev/null ||
    fail "no state reset reported: $(cat "$WORKDIR/strict-import.out")"
grep -F "strict.conf:10: authentication: strict mode: Keepalived" "$WORKDIR/strict-import.out" \
    >/dev/null || fail "no authentication reset reported: $(cat "$WORKDIR/strict-import.out")"
"$ROUTERD" --config-test --config "$WORKDIR/strict.toml" --plugin-dir "$PLUGINS" \
    >"$WORKDIR/strict.out" 2>&1 || fail "the imported strict file failed --config-test"
cat >>"$WORKDIR/strict.toml" <<'TOML'
state = "MASTER"
authentication = { type = "PASS", pass = "secret" }
TOML
if "$ROUTERD" --config-test --config "$WORKDIR/strict.toml" --plugin-dir "$PLUGINS" \
    >"$WORKDIR/strict.out" 2>&1; then
    fail "--config-test accepted state MASTER at priority 100 and authentication in strict mode"
fi
grep -E "strict.toml:[0-9]+:[0-9]+: vrrp.instance.VI_S.authentication: is not allowed in strict_mode" \
    "$WORKDIR/strict.out" >/dev/null || fail "no authentication error: $(cat "$WORKDIR/strict.out")"
grep -E "strict.toml:[0-9]+:[0-9]+: vrrp.instance.VI_S.state: must be MASTER exactly when priority is 255" \
    "$WORKDIR/strict.out" >/dev/null || fail "no state error: $(cat "$WORKDIR/strict.out")"

echo "lines keepalived wrote:"
cat "$WORKDIR/k-vrrp.out"
echo "lines routerd wrote:"
cat "$WORKDIR/r-vrrp.out"
echo "VRRP keywords: pass"
