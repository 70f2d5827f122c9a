#!/usr/bin/env bash
# The health-check demo: a vendor checker built out of tree against the installed SDK,
# loaded into routerd, checking a real TCP server on 127.0.0.1 while the server stops and
# returns. Everything runs in a temporary folder and is removed at the end.
# Usage: demo-checker.sh BUILD_DIR
source "$(dirname "$0")/../tests/integration/lib/common.sh"
BUILD_DIR=$(realpath "$1")
SOURCE_DIR=$(realpath "$(dirname "$0")/..")
make_workdir
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

say "Installing routerd and its SDK into $WORKDIR/prefix"
cmake --install "$BUILD_DIR" --prefix "$WORKDIR/prefix" >/dev/null
ROUTERCTL="$WORKDIR/prefix/sbin/routerctl"

say "Building the example checker out of tree with find_package(routerd-sdk)"
cmake -S "$SOURCE_DIR/sdk/examples/tcp-banner-check" -B "$WORKDIR/vendor" -G Ninja \
    -DCMAKE_PREFIX_PATH="$WORKDIR/prefix" >/dev/null
cmake --build "$WORKDIR/vendor" >/dev/null
install -d -m 755 "$WORKDIR/plugins"
install -m 755 "$WORKDIR/vendor/tcp_banner.so" "$WORKDIR/plugins/"

PORT=$(free_port)
say "Starting an SSH-like server on 127.0.0.1:$PORT"
start_banner_server "$PORT" "SSH-2.0-demo"
sed "s/@PORT@/$PORT/" "$SOURCE_DIR/etc/examples/standalone-check.toml" >"$WORKDIR/routerd.toml"
cat "$WORKDIR/routerd.toml"
RUN=(--config "$WORKDIR/routerd.toml" --plugin-dir "$WORKDIR/plugins"
     --state-db "$WORKDIR/state.db" --control-socket "$WORKDIR/routerd.sock")

say "routerd --config-test"
"$WORKDIR/prefix/sbin/routerd" "${RUN[@]}" --config-test

say "Starting routerd in the foreground (its log follows)"
"$WORKDIR/prefix/sbin/routerd" "${RUN[@]}" --foreground &
PIDS+=("$!")
ctl() { "$ROUTERCTL" --socket "$WORKDIR/routerd.sock" "$@"; }
state_is() { ctl --json checks | grep -q "\"state\": \"$1\""; }
wait_for 10 ctl status
sleep 2
say "routerctl status"
ctl status

say "Stopping the server: the check goes DOWN"
kill "$BANNER_PID"
wait "$BANNER_PID" 2>/dev/null || true
wait_for 15 state_is down
ctl checks

say "Starting the server again: the check comes back UP after 'rise' successes"
start_banner_server "$PORT" "SSH-2.0-demo"
wait_for 15 state_is up
ctl checks

say "Done: stopping routerd and removing $WORKDIR"
