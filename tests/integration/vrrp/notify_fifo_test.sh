#!/usr/bin/env bash
# Notify FIFOs, routerd against Debian's keepalived: the same keepalived.conf (notify_fifo and
# vrrp_notify_fifo, each with its _script; vrrp_notify_priority_changes; a sync group) runs in
# keepalived on r2, and, imported by `routerd import-keepalived`, in routerd on r1; each router
# is alone in its namespace and goes through the same transitions (BACKUP, MASTER, a priority
# change, FAULT and back, STOP). The lines each FIFO's script read must be the same, instance by
# instance and group by group; each script was started with its FIFO's path last, and the
# FIFOs the daemons made are gone after they stop. Then routerd alone: reloads that change
# [vrrp]'s reader, then [global]'s (the notify-fifo plugin makes that FIFO anew; the vrrp
# plugin's lines follow).
# Usage: notify_fifo_test.sh ROUTERD ROUTERCTL PLUGIN_DIR SOURCE_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/lib.sh"
require_root
ROUTERD=$1 ROUTERCTL=$2 PLUGINS=$3 SOURCE_DIR=$4
command -v keepalived >/dev/null || { echo "SKIP: keepalived is not installed"; exit 77; }
make_workdir
trap 'status=$?; [ $status -eq 0 ] || { dump_logs; tail -n 30 "$WORKDIR/keepalived.log" >&2; head -n 40 "$WORKDIR"/*.out >&2; }; cleanup; exit $status' EXIT
lone_host r1
lone_host r2

# Keepalived's calling convention: the configured arguments, then the FIFO. It reads until the
# daemon closes the FIFO; SIGTERM (sent before the last lines, STOP, are written) is ignored.
cat >"$WORKDIR/reader.sh" <<'SH'
#!/bin/sh
trap '' TERM
echo "$2" >>"$1.args"
exec cat "$2" >>"$1"
SH
chmod 755 "$WORKDIR/reader.sh"

# keepalived_conf SIDE: the configuration, with SIDE's own FIFOs, outputs and tracked files.
keepalived_conf() {
    local w="$WORKDIR/$1"
    cat <<CONF
global_defs {
    notify_fifo $w-all.fifo
    notify_fifo_script "$WORKDIR/reader.sh $w-all.out"
    vrrp_notify_fifo $w-vrrp.fifo
    vrrp_notify_fifo_script "$WORKDIR/reader.sh $w-vrrp.out"
    vrrp_notify_priority_changes
}
vrrp_track_file down { file $w-down }
vrrp_track_file boost { file $w-boost }
vrrp_sync_group G {
    group { VI_1 }
}
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 51
    priority 100
    advert_int 1
    virtual_ipaddress { 172.16.0.100 }
    track_file { down weight 0 }
}
vrrp_instance VI_2 {
    state BACKUP
    interface eth0
    virtual_router_id 52
    priority 100
    advert_int 1
    virtual_ipaddress { 172.16.0.101 }
    track_file { boost weight 1 }
}
CONF
}
for side in k r; do
    echo 0 >"$WORKDIR/$side-down"
    echo 0 >"$WORKDIR/$side-boost"
    keepalived_conf $side >"$WORKDIR/$side.conf"
done
"$ROUTERD" import-keepalived "$WORKDIR/r.conf" -o "$WORKDIR/r.toml" 2>"$WORKDIR/import.err" ||
    fail "import-keepalived: $(cat "$WORKDIR/import.err")"

start_keepalived "$WORKDIR/k.conf"
start_routerd r1 "$WORKDIR/r.toml"

# has SIDE LINE [COUNT]: SIDE's vrrp FIFO reader has read LINE at least COUNT times.
has() { [ "$(grep -cxF "$2" "$WORKDIR/$1-vrrp.out" 2>/dev/null)" -ge "${3:-1}" ]; }
both_have() {
    wait_for 30 has k "$@"
    wait_for 30 has r "$@"
}

both_have 'GROUP "G" MASTER 0'
both_have 'INSTANCE "VI_2" MASTER 100'
echo 10 >"$WORKDIR/k-boost"
echo 10 >"$WORKDIR/r-boost"
both_have 'INSTANCE "VI_2" MASTER_PRIORITY 110'
echo 1 >"$WORKDIR/k-down"
echo 1 >"$WORKDIR/r-down"
both_have 'GROUP "G" FAULT 0'
echo 0 >"$WORKDIR/k-down"
echo 0 >"$WORKDIR/r-down"
both_have 'GROUP "G" MASTER 0' 2

kill -TERM "$KEEPALIVED_PID" "$PID_r1"
wait "$KEEPALIVED_PID" 2>/dev/null || true
wait "$PID_r1" 2>/dev/null || true
forget_pid "$KEEPALIVED_PID"
forget_pid "$PID_r1"
both_have 'GROUP "G" STOP 0'

# The lines of one instance or group, in the order they came.
lines_of() { grep -F "\"$2\"" "$WORKDIR/$1" || true; }
for fifo in vrrp all; do
    for name in VI_1 VI_2 G; do
        expected=$(lines_of "k-$fifo.out" $name)
        actual=$(lines_of "r-$fifo.out" $name)
        [ "$expected" = "$actual" ] ||
            fail "$fifo FIFO, $name: keepalived wrote
$expected
routerd wrote
$actual"
    done
    for side in k r; do
        [ "$(cat "$WORKDIR/$side-$fifo.out.args")" = "$WORKDIR/$side-$fifo.fifo" ] ||
            fail "$side's $fifo script was not started once with its FIFO last: $(cat "$WORKDIR/$side-$fifo.out.args")"
        [ ! -e "$WORKDIR/$side-$fifo.fifo" ] || fail "$side left $WORKDIR/$side-$fifo.fifo behind"
    done
done
echo "lines routerd wrote, as keepalived did:"
cat "$WORKDIR/r-vrrp.out"

# fifo_write_states_on_reload (routerd alone: Keepalived 2.2.7 writes its group's state only,
# and a BACKUP_PRIORITY line for a MASTER whose tracked priority it recomputes). A reload turns
# it on and gives the vrrp FIFO another reader: every instance's and group's state is written;
# the unchanged FIFO keeps its reader, the changed one gets its new reader.
start_routerd r1 "$WORKDIR/r.toml"
wait_for 30 has r 'GROUP "G" MASTER 0' 3
wait_for 30 has r 'INSTANCE "VI_2" MASTER 110'
grep -x '\[vrrp\]' "$WORKDIR/r.toml" >/dev/null || fail "no [vrrp] table in $(cat "$WORKDIR/r.toml")"
sed -i -e '/^\[vrrp\]$/a fifo_write_states_on_reload = true' \
    -e "s|reader.sh $WORKDIR/r-vrrp.out|reader.sh $WORKDIR/r-new.out|" "$WORKDIR/r.toml"
grep -F "r-new.out" "$WORKDIR/r.toml" >/dev/null || fail "the test did not change the reader"
kill -HUP "$PID_r1"
wait_for 30 grep -qxF 'INSTANCE "VI_2" MASTER 110' "$WORKDIR/r-new.out"
wait_for 30 grep -qxF 'INSTANCE "VI_1" MASTER 100' "$WORKDIR/r-new.out"
wait_for 30 grep -qxF 'GROUP "G" MASTER 0' "$WORKDIR/r-new.out"
wait_for 30 sh -c "[ \$(grep -cxF 'INSTANCE \"VI_2\" MASTER 110' '$WORKDIR/r-all.out') -ge 2 ]"
[ "$(cat "$WORKDIR/r-new.out.args")" = "$WORKDIR/r-vrrp.fifo" ] ||
    fail "the new reader was not started once with the FIFO: $(cat "$WORKDIR/r-new.out.args")"
[ "$(wc -l <"$WORKDIR/r-all.out.args")" -eq 2 ] || fail "the reload restarted the unchanged FIFO's reader"
[ -p "$WORKDIR/r-vrrp.fifo" ] || fail "the changed FIFO is not there after the reload"

# A reload that changes [global]'s reader: the notify-fifo plugin makes that FIFO anew for it,
# and the vrrp plugin's lines follow to the new FIFO; [vrrp]'s unchanged FIFO keeps its reader.
sed -i "s|reader.sh $WORKDIR/r-all.out|reader.sh $WORKDIR/r-all2.out|" "$WORKDIR/r.toml"
kill -HUP "$PID_r1"
wait_for 30 grep -qxF 'INSTANCE "VI_2" MASTER 110' "$WORKDIR/r-all2.out"
[ "$(cat "$WORKDIR/r-all2.out.args")" = "$WORKDIR/r-all.fifo" ] ||
    fail "the new [global] reader was not started once with the FIFO: $(cat "$WORKDIR/r-all2.out.args")"
[ "$(wc -l <"$WORKDIR/r-new.out.args")" -eq 1 ] || fail "the reload restarted [vrrp]'s unchanged reader"
echo "notify FIFOs: pass"
