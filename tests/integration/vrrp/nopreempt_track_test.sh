#!/usr/bin/env bash
# The reference page's second setup (etc/examples/nopreempt-ah-{A,B}.toml) in namespaces:
# BACKUP/BACKUP with nopreempt, AH and track_process, plus notify scripts:
#  - the first router up becomes master; the other stays backup (AH adverts accepted);
#  - the master's routerd is killed: the other takes over; the old master (priority 200)
#    returns and, nopreempt, stays BACKUP;
#  - the tracked process dies on the master: after `delay` it goes to FAULT and the other
#    router takes over; the process returns: back to BACKUP, no preemption;
#  - the notify scripts ran, in order, with Keepalived's arguments, and each state's own script
#    (notify_master, notify_backup, notify_fault; notify_stop when routerd stops) with its own.
# Each router tracks its own copy of "sshd" (a renamed sleep), since namespaces share /proc.
# Usage: nopreempt_track_test.sh ROUTERD ROUTERCTL PLUGIN_DIR SOURCE_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/lib.sh"
require_root
ROUTERD=$1 ROUTERCTL=$2 PLUGINS=$3 SOURCE_DIR=$4
make_workdir
trap 'status=$?; [ $status -eq 0 ] || dump_logs; cleanup; exit $status' EXIT
vrrp_lab

# The examples as they are, but: a private process name per router, no mail leaving the lab,
# a notify script that records every call, and a script per state that records its own
# arguments ("ROUTER STATE").
cat >"$WORKDIR/notify.sh" <<'SH'
#!/bin/sh
echo "$*" >>"$(dirname "$0")/notify.$3.log"
echo "$*" >>"$(dirname "$0")/notify.log"
SH
cat >"$WORKDIR/state.sh" <<'SH'
#!/bin/sh
echo "$*" >>"$(dirname "$0")/states.$1.log"
SH
chmod 755 "$WORKDIR/notify.sh" "$WORKDIR/state.sh"
for pair in "r1 A" "r2 B"; do
    set -- $pair
    sed -e "s/process = \"sshd\"/process = \"sshd_$1\"/" \
        -e "s/smtp_server = .*/smtp_server = [\"127.0.0.1:1\"]/" \
        "$SOURCE_DIR/etc/examples/nopreempt-ah-$2.toml" >"$WORKDIR/$1.toml"
    cat >>"$WORKDIR/$1.toml" <<TOML
notify = "$WORKDIR/notify.sh"
notify_master = "$WORKDIR/state.sh $1 master"
notify_backup = "$WORKDIR/state.sh $1 backup"
notify_fault = "$WORKDIR/state.sh $1 fault"
notify_stop = "$WORKDIR/state.sh $1 stop"
TOML
    cp /bin/sleep "$WORKDIR/sshd_$1"
done
start_sshd() {
    "$WORKDIR/sshd_$1" 100000 &
    eval "SSHD_$1=$!"
    PIDS+=("$!")
}
start_sshd r1
start_sshd r2

start_routerd r1 "$WORKDIR/r1.toml"
wait_for 10 state_is r1 VI_1 MASTER
start_routerd r2 "$WORKDIR/r2.toml"
wait_for 10 state_is r2 VI_1 BACKUP
sleep 4  # longer than the master down interval: r2 accepts r1's AH adverts
state_is r2 VI_1 BACKUP || fail "r2 left BACKUP: it does not accept r1's AH adverts"
has_address r1 172.16.0.100 || fail "r1 does not hold the VIP"

# Master killed: r2 takes over; r1 returns with the higher priority but nopreempt.
kill -9 "$PID_r1"
wait_for 10 state_is r2 VI_1 MASTER
start_routerd r1 "$WORKDIR/r1.toml"
wait_for 10 state_is r1 VI_1 BACKUP
sleep 5
state_is r2 VI_1 MASTER || fail "r1 preempted r2 despite nopreempt"
state_is r1 VI_1 BACKUP || fail "r1 is not BACKUP"

# r2's sshd dies: after the 1 s delay r2 goes to FAULT and r1 takes over.
kill "$SSHD_r2"
wait_for 10 state_is r2 VI_1 FAULT
wait_for 10 state_is r1 VI_1 MASTER
wait_for 5 has_address r1 172.16.0.100
! has_address r2 172.16.0.100 || fail "r2 kept the VIP in FAULT"
ctl_in r2 vrrp | grep "track_process track_sshd down" >/dev/null ||
    fail "routerctl vrrp does not say why r2 is in FAULT"
# sshd back: r2 leaves FAULT for BACKUP; r1 keeps the VIP (nopreempt).
start_sshd r2
wait_for 10 state_is r2 VI_1 BACKUP
sleep 4
state_is r1 VI_1 MASTER || fail "r1 lost MASTER when r2 recovered"

# The notify scripts ran with Keepalived's arguments (INSTANCE name state priority), in order.
grep -x "INSTANCE VI_1 MASTER 200" "$WORKDIR/notify.MASTER.log" >/dev/null ||
    fail "no notify for r1 becoming MASTER: $(cat "$WORKDIR/notify.log")"
grep -x "INSTANCE VI_1 FAULT 150" "$WORKDIR/notify.FAULT.log" >/dev/null ||
    fail "no notify for r2 entering FAULT: $(cat "$WORKDIR/notify.log")"
grep -x "INSTANCE VI_1 BACKUP 150" "$WORKDIR/notify.BACKUP.log" >/dev/null || fail "no BACKUP notify"
# Each state's own script, in order: r2 started BACKUP, took over, went to FAULT and back.
states() { tr '\n' ' ' <"$WORKDIR/states.$1.log"; }
[ "$(states r2)" = "r2 backup r2 master r2 fault r2 backup " ] ||
    fail "r2's notify_backup/master/fault ran as: $(states r2)"
# notify_stop when routerd stops (SIGTERM), after its scripts of the run.
kill "$PID_r1"
wait "$PID_r1" || fail "r1 did not stop cleanly"
forget_pid "$PID_r1"
[ "$(tail -1 "$WORKDIR/states.r1.log")" = "r1 stop" ] || fail "r1's notify_stop did not run: $(states r1)"
# Every transition is in the history table too (the store).
echo "nopreempt + AH + track_process: pass"
