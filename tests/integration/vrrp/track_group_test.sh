#!/usr/bin/env bash
# keepalived.conf(5) track_group and the static items it tracks, from one keepalived.conf that
# Debian's keepalived 2.2.7 runs and routerd runs once imported, each alone on r2 in turn, through
# the same steps; the two traces must be the same:
#  - `ip address del` / `ip route del` / `ip rule del` of a tracked static item: it is back at
#    once, and the instance stays MASTER;
#  - the items' interface goes down: the instance goes to FAULT (its route is gone with the link);
#  - it comes back up: the route is back and the instance leaves FAULT for MASTER.
# Usage: track_group_test.sh ROUTERD ROUTERCTL PLUGIN_DIR SOURCE_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/lib.sh"
require_root
ROUTERD=$1 ROUTERCTL=$2 PLUGINS=$3
make_workdir
trap 'status=$?; [ $status -eq 0 ] || { dump_logs; tail -n 20 "$WORKDIR/keepalived.log" >&2 || true; }; cleanup; exit $status' EXIT
lone_host r2
N=$(ns r2)
ip -n "$N" link add s0 type veth peer name s1
ip -n "$N" link set s1 up
ip -n "$N" link set s0 up

# VRRPv3 at 100 ms: an instance back from FAULT is MASTER again within half a second.
cat >"$WORKDIR/k.conf" <<'CONF'
global_defs {
    vrrp_version 3
}
track_group G1 {
    group {
        VI_1
    }
}
static_ipaddress {
    192.168.70.1/24 dev s0 track_group G1
}
static_routes {
    10.71.0.0/16 via 192.168.70.254 dev s0 track_group G1
}
static_rules {
    from 10.72.0.0/16 table 100 iif s0 track_group G1 preference 500
}
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 72
    priority 150
    advert_int 0.1
    virtual_ipaddress {
        172.16.0.100/24
    }
}
CONF
"$ROUTERD" import-keepalived "$WORKDIR/k.conf" -o "$WORKDIR/r2.toml" 2>"$WORKDIR/import.err" ||
    fail "import-keepalived: $(cat "$WORKDIR/import.err")"
grep -Eq ' ([0-9]+) of \1 keyword lines translated$' "$WORKDIR/import.err" &&
    [ "$(wc -l <"$WORKDIR/import.err")" -eq 1 ] || fail "import-keepalived left something out: $(cat "$WORKDIR/import.err")"

# The instance's state: keepalived's last "Entering ... STATE" line, routerd's routerctl row.
DAEMON=
state() {
    if [ "$DAEMON" = keepalived ]; then
        sed -n 's/.*(VI_1) Entering \([A-Z]*\) STATE.*/\1/p' "$WORKDIR/keepalived.log" | tail -n 1
    else
        vrrp_state r2 VI_1
    fi
}
in_state() { [ "$(state)" = "$1" ]; }
has_item() {
    case $1 in
    address) ip -n "$N" -o addr show dev s0 | grep -q 'inet 192.168.70.1/24' ;;
    route) ip -n "$N" route show | grep -q '^10.71.0.0/16 via 192.168.70.254 dev s0' ;;
    rule) ip -n "$N" rule show | grep -q '^500:.*from 10.72.0.0/16 iif s0 lookup 100' ;;
    esac
}
# steps: what the instance and the items go through, a line each, into $WORKDIR/$DAEMON.trace.
steps() {
    local trace=$WORKDIR/$DAEMON.trace item
    wait_for 20 in_state MASTER
    for item in address route rule; do wait_for 10 has_item "$item"; done
    echo "start: MASTER, items installed" >"$trace"
    ip -n "$N" addr del 192.168.70.1/24 dev s0
    wait_for 5 has_item address
    # The address took the route through its subnet with it, without a message to anyone
    # (Keepalived does not restore it either): put it back as it was.
    has_item route || ip -n "$N" route add 10.71.0.0/16 via 192.168.70.254 dev s0 proto keepalived
    ip -n "$N" route del 10.71.0.0/16
    wait_for 5 has_item route
    ip -n "$N" rule del pref 500
    wait_for 5 has_item rule
    sleep 0.5
    echo "deleted address, route, rule: restored; $(state)" >>"$trace"
    ip -n "$N" link set s0 down
    wait_for 5 in_state FAULT
    if [ "$DAEMON" = routerd ]; then
        ctl_in r2 vrrp | grep -q 'FAULT: track_interface s0 down (track_group G1)' ||
            fail "routerctl vrrp does not say why: $(ctl_in r2 vrrp)"
    fi
    echo "s0 down: FAULT; route $(has_item route && echo kept || echo gone)" >>"$trace"
    ip -n "$N" link set s0 up
    wait_for 10 in_state MASTER
    wait_for 5 has_item route
    echo "s0 up: MASTER; route back" >>"$trace"
}

DAEMON=keepalived
start_keepalived "$WORKDIR/k.conf"
steps
kill -TERM "$KEEPALIVED_PID"
wait "$KEEPALIVED_PID" 2>/dev/null || true
forget_pid "$KEEPALIVED_PID"
wait_for 10 sh -c "! ip -n $N rule show | grep -q 'lookup 100'"
cat "$WORKDIR/keepalived.trace"

DAEMON=routerd
start_routerd r2 "$WORKDIR/r2.toml"
steps
diff -u "$WORKDIR/keepalived.trace" "$WORKDIR/routerd.trace" ||
    fail "routerd went through other steps than keepalived (diff above)"
grep -q "restoring static route 10.71.0.0/16" "$WORKDIR/r2/log" || fail "routerd did not log the route it restored"
echo "routerd went through the same steps as keepalived 2.2.7"
echo "track_group: pass"
