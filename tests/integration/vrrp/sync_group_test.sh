#!/usr/bin/env bash
# A vrrp_sync_group moves its members together: r1 is master of VI_1 and VI_2 (one group);
# a tracked file puts VI_2 on r1 in FAULT, which takes VI_1 with it, and r2 becomes master of
# both; the file is cleared, r1 recovers and preempts both back. The group's notify script
# hears every group transition, and its script for each state (notify_master, notify_backup,
# notify_fault; notify_stop when routerd stops) runs with its own arguments. The flag file does not exist at first: init_file writes it.
# Then a file tracked by r1's group itself, with a weight, puts both members in FAULT: a sync
# group's tracking weights are set to zero (keepalived.conf(5)), so down means FAULT, not a
# lower priority.
# Usage: sync_group_test.sh ROUTERD ROUTERCTL PLUGIN_DIR SOURCE_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/lib.sh"
require_root
ROUTERD=$1 ROUTERCTL=$2 PLUGINS=$3 SOURCE_DIR=$4
make_workdir
trap 'status=$?; [ $status -eq 0 ] || dump_logs; cleanup; exit $status' EXIT
vrrp_lab

cat >"$WORKDIR/group-notify.sh" <<'SH'
#!/bin/sh
echo "$*" >>"$(dirname "$0")/group-notify.log"
SH
chmod 755 "$WORKDIR/group-notify.sh"

config() {  # config HOST PRIORITY
    cat <<TOML
[vrrp.track_file.maintenance]
file = "$WORKDIR/flag"
weight = 0
init_file = 0

[vrrp.track_file.uplink]
file = "$WORKDIR/uplink"
init_file = 0

[vrrp.sync_group.G1]
group = ["VI_1", "VI_2"]
notify = "$WORKDIR/group-notify.sh"
notify_master = "$WORKDIR/group-notify.sh $1 master"
notify_backup = "$WORKDIR/group-notify.sh $1 backup"
notify_fault = "$WORKDIR/group-notify.sh $1 fault"
notify_stop = "$WORKDIR/group-notify.sh $1 stop"
$([ "$1" = r1 ] && echo 'track_file = [{ name = "uplink", weight = -150 }]')

[vrrp.instance.VI_1]
interface = "eth0"
virtual_router_id = 51
priority = $2
advert_int = "1s"
virtual_ipaddress = ["172.16.0.100"]

[vrrp.instance.VI_2]
interface = "eth0"
virtual_router_id = 52
priority = $2
advert_int = "1s"
virtual_ipaddress = ["172.16.0.101"]
TOML
    # Only r1's VI_2 watches the maintenance flag.
    [ "$1" = r1 ] && echo 'track_file = ["maintenance"]'
    return 0
}
config r1 200 >"$WORKDIR/r1.toml"
config r2 100 >"$WORKDIR/r2.toml"

start_routerd r1 "$WORKDIR/r1.toml"
start_routerd r2 "$WORKDIR/r2.toml"
wait_for 15 state_is r1 VI_1 MASTER
wait_for 15 state_is r1 VI_2 MASTER
wait_for 15 state_is r2 VI_1 BACKUP
wait_for 15 state_is r2 VI_2 BACKUP
[ "$(cat "$WORKDIR/flag")" = 0 ] || fail "init_file did not write 0 to the missing flag file"

# VI_2 on r1 goes to FAULT; the group takes VI_1 down with it.
echo 1 >"$WORKDIR/flag"
wait_for 10 state_is r1 VI_2 FAULT
wait_for 10 state_is r1 VI_1 FAULT
wait_for 10 has_address r2 172.16.0.100
wait_for 10 has_address r2 172.16.0.101
! has_address r1 172.16.0.100 || fail "r1 kept VI_1's address while its group is in FAULT"
ctl_in r1 vrrp | awk '$1 == "G1" && $2 == "FAULT" { found = 1 } END { exit !found }' ||
    fail "routerctl does not show the group: $(ctl_in r1 vrrp)"

# Cleared: r1 leaves FAULT and, with the higher priority, takes both back.
echo 0 >"$WORKDIR/flag"
wait_for 15 state_is r1 VI_1 MASTER
wait_for 15 state_is r1 VI_2 MASTER
wait_for 10 state_is r2 VI_1 BACKUP
grep -x "GROUP G1 FAULT 0" "$WORKDIR/group-notify.log" >/dev/null ||
    fail "no group notify for FAULT: $(cat "$WORKDIR/group-notify.log")"
grep -x "GROUP G1 MASTER 0" "$WORKDIR/group-notify.log" >/dev/null || fail "no group notify for MASTER"

# The group's own tracker, weight -150 set to zero: FAULT for both members, not priority 50.
echo 1 >"$WORKDIR/uplink"
wait_for 10 state_is r1 VI_1 FAULT
wait_for 10 state_is r1 VI_2 FAULT
wait_for 10 has_address r2 172.16.0.100
echo 0 >"$WORKDIR/uplink"
wait_for 15 state_is r1 VI_1 MASTER
wait_for 15 state_is r1 VI_2 MASTER

# The group's scripts per state, with their own arguments: r2 was BACKUP, MASTER while r1 was
# in FAULT, and BACKUP again; it runs notify_stop and notify (STOP) last when it stops.
scripts_of() { grep "^$1 " "$WORKDIR/group-notify.log" | tr '\n' ' '; }
for line in "r1 master" "r1 fault" "r2 backup" "r2 master"; do
    grep -qx "$line" "$WORKDIR/group-notify.log" ||
        fail "the group's notify_${line#* } did not run on ${line% *}: $(scripts_of "${line% *}")"
done
kill "$PID_r2"
wait "$PID_r2" || fail "r2 did not stop cleanly"
forget_pid "$PID_r2"
# Keepalived 2.2.7's order: the group's notify_stop, then its notify with STOP.
[ "$(tail -2 "$WORKDIR/group-notify.log" | tr '\n' ' ')" = "r2 stop GROUP G1 STOP 0 " ] ||
    fail "the group's notify_stop and notify did not run last on r2: $(tail -4 "$WORKDIR/group-notify.log")"
echo "sync group: pass"
