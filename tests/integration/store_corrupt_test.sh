#!/usr/bin/env bash
# A corrupt state.db does not keep routerd from starting (it would restart for ever): routerd
# moves it aside to state.db.corrupt-<UTC time> (still 0600), starts with an empty store,
# logs it as an error and `routerctl status` shows it.
# Usage: store_corrupt_test.sh ROUTERD ROUTERCTL PLUGIN_DIR
source "$(dirname "$0")/lib/common.sh"
ROUTERD=$1 ROUTERCTL=$2 PLUGINS=$3
make_workdir
ROUTERD_LOG="$WORKDIR/log"

echo '[global]' >"$WORKDIR/routerd.toml"
head -c 65536 /dev/urandom >"$WORKDIR/state.db"
chmod 600 "$WORKDIR/state.db"
"$ROUTERD" --foreground --config "$WORKDIR/routerd.toml" --plugin-dir "$PLUGINS" \
    --state-db "$WORKDIR/state.db" --control-socket "$WORKDIR/routerd.sock" >"$ROUTERD_LOG" 2>&1 &
PID=$!
PIDS+=("$PID")
wait_for 10 test -S "$WORKDIR/routerd.sock"
kill -0 "$PID" || fail "routerd exited"
grep -q "error.*state.db is corrupt.*moved it aside to .*state.db.corrupt-" "$ROUTERD_LOG" ||
    fail "no error logged about the corrupt store"
moved=$(ls "$WORKDIR"/state.db.corrupt-*)
[ "$(stat -c %a "$moved")" = 600 ] || fail "$moved is not 0600"
[ "$(stat -c %a "$WORKDIR/state.db")" = 600 ] || fail "the new store is not 0600"
status=$("$ROUTERCTL" --socket "$WORKDIR/routerd.sock" status)
echo "$status" | grep -q "WARNING: the state database was corrupt.*$(basename "$moved")" ||
    fail "routerctl status does not show it: $status"
kill -TERM "$PID"
wait "$PID" || fail "routerd did not stop cleanly"
echo "store_corrupt: pass"
