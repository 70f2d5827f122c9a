#!/usr/bin/env bash
# The disk under the state database fills up (r2's store on a 2 MiB tmpfs, filled with a file):
# VRRP does not care (r2 takes over from a killed r1, holds the VIP, keeps advertising), the
# store's failure is reported (log, `routerctl status`), and once space returns the store
# writes again (r2's next transition is a row of its history).
# Usage: disk_full_test.sh ROUTERD ROUTERCTL PLUGIN_DIR SOURCE_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/../vrrp/lib.sh"
source "$(dirname "$0")/lib.sh"
require_root
ROUTERD=$1 ROUTERCTL=$2 PLUGINS=$3
make_workdir
trap 'status=$?; [ $status -eq 0 ] || dump_logs; cleanup; exit $status' EXIT
vrrp_lab

STORE_DIR="$WORKDIR/store"
mkdir "$STORE_DIR"
mount -t tmpfs -o size=2m,mode=700 "ft-store-$$" "$STORE_DIR"
unmount_store() { umount "$STORE_DIR" 2>/dev/null || true; }
CLEANUP_HOOKS=(unmount_store "${CLEANUP_HOOKS[@]}")  # before the namespaces and the workdir

pair_config 200 >"$WORKDIR/r1.toml"
pair_config 100 >"$WORKDIR/r2.toml"
start_routerd r1 "$WORKDIR/r1.toml"
start_routerd r2 "$WORKDIR/r2.toml" "$STORE_DIR/state.db"
wait_for 10 state_is r1 VI_1 MASTER
wait_for 10 state_is r2 VI_1 BACKUP

dd if=/dev/zero of="$STORE_DIR/fill" bs=4k 2>/dev/null || true
echo "store filled: $(df -k --output=avail "$STORE_DIR" | tail -1 | tr -d ' ') KiB left"

kill -9 "$PID_r1"
forget_pid "$PID_r1"
wait_for 10 state_is r2 VI_1 MASTER
has_address r2 172.16.0.100 || fail "r2 is MASTER without the VIP on a full disk"
in_ns client ping -c 1 -W 2 172.16.0.100 >/dev/null || fail "the client cannot reach the VIP on r2"
# routerctl vrrp's table: INSTANCE STATE PRIORITY BASE INTERFACE VRID VERSION MASTER ADDRESSES IN OUT
adverts_out() { ctl_in r2 vrrp | awk '$1 == "VI_1" { print $11 }'; }
before=$(adverts_out)
sleep 3
after=$(adverts_out)
echo "r2 sent $((after - before)) adverts in 3 s on a full disk"
[ $((after - before)) -ge 2 ] || fail "r2 stopped advertising on a full disk"

wait_for 10 grep -E "error.*\[store\].*(writes was lost|failed)" "$WORKDIR/r2/log"
grep -E "error.*\[store\]" "$WORKDIR/r2/log" | head -3
status=$(ctl_in r2 status)
echo "$status" | grep "WARNING: .* writes to the state database failed" >/dev/null ||
    fail "routerctl status does not show the store's failures: $status"

rm "$STORE_DIR/fill"
start_routerd r1 "$WORKDIR/r1.toml"
wait_for 10 state_is r2 VI_1 BACKUP
recorded() {
    [ "$(sqlite3 "$STORE_DIR/state.db" "SELECT count(*) FROM routerd_history WHERE
        subject = 'instance VI_1' AND from_state = 'MASTER' AND to_state = 'BACKUP'")" -ge 1 ]
}
wait_for 10 recorded
echo "r2's history: $(sqlite3 "$STORE_DIR/state.db" "SELECT group_concat(from_state || '>' || to_state, ' ')
    FROM routerd_history WHERE subject = 'instance VI_1'")"
[ "$(sqlite3 "$STORE_DIR/state.db" 'PRAGMA integrity_check')" = ok ] || fail "r2's store is damaged"
kill -TERM "$PID_r2"
wait "$PID_r2" || fail "r2 did not exit cleanly"
forget_pid "$PID_r2"
echo "disk_full: pass"
