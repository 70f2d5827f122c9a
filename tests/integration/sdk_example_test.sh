#!/usr/bin/env bash
# The vendor path, end to end: install the SDK, build sdk/examples/tcp-banner-check OUT OF TREE
# with find_package(routerd-sdk), load it into routerd, and watch it check a real server:
# up, down when the server stops, up again when it returns; reload and stop by signal.
# Usage: sdk_example_test.sh BUILD_DIR SOURCE_DIR
source "$(dirname "$0")/lib/common.sh"
BUILD_DIR=$1
SOURCE_DIR=$2
make_workdir

# 1. Install (routerd, the SDK headers and its CMake package) into a private prefix.
cmake --install "$BUILD_DIR" --prefix "$WORKDIR/prefix" >/dev/null
ROUTERD="$WORKDIR/prefix/sbin/routerd"
ROUTERCTL="$WORKDIR/prefix/sbin/routerctl"

# 2. Build the example as a vendor would: only the installed SDK.
cp -r "$SOURCE_DIR/sdk/examples/tcp-banner-check" "$WORKDIR/vendor-src"
cmake -S "$WORKDIR/vendor-src" -B "$WORKDIR/vendor-build" -G Ninja \
    -DCMAKE_PREFIX_PATH="$WORKDIR/prefix" -DCMAKE_CXX_FLAGS="-Wall -Wextra -Werror" >/dev/null
cmake --build "$WORKDIR/vendor-build" >/dev/null
install -d -m 755 "$WORKDIR/plugins"
install -m 755 "$WORKDIR/vendor-build/tcp_banner.so" "$WORKDIR/plugins/"

# 3. A real server for it to check, and a configuration.
PORT=$(free_port)
start_banner_server "$PORT" "SSH-2.0-OpenSSH_9.2"
cat >"$WORKDIR/routerd.toml" <<TOML
[global]
router_id = "it-lb1"

[checks.ssh]
type = "tcp-banner"
target = "127.0.0.1:$PORT"
expect = "SSH-2.0-"
delay_loop = "200ms"
connect_timeout = "1s"
delay_before_retry = "100ms"
retry = 1
rise = 2
TOML
RUN=(--config "$WORKDIR/routerd.toml" --plugin-dir "$WORKDIR/plugins"
     --state-db "$WORKDIR/state.db" --control-socket "$WORKDIR/routerd.sock")

"$ROUTERD" "${RUN[@]}" --config-test || fail "--config-test refused a valid configuration"

# 4. Run it under a fake systemd: routerd must say READY, RELOADING and STOPPING.
python3 - "$WORKDIR/notify.sock" "$WORKDIR/notify.log" <<'PY' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
with open(sys.argv[2], "a", buffering=1) as log:
    while True:
        log.write(s.recv(4096).decode().replace("\n", " ") + "\n")
PY
PIDS+=("$!")
wait_for 5 test -S "$WORKDIR/notify.sock"

ROUTERD_LOG="$WORKDIR/routerd.log"
NOTIFY_SOCKET="$WORKDIR/notify.sock" "$ROUTERD" "${RUN[@]}" --foreground --log-level debug \
    >"$ROUTERD_LOG" 2>&1 &
ROUTERD_PID=$!
PIDS+=("$ROUTERD_PID")
ctl() { "$ROUTERCTL" --socket "$WORKDIR/routerd.sock" "$@"; }
check_state() { ctl --json checks | grep "\"state\": \"$1\"" >/dev/null; }
has_probed() { ctl --json checks | grep '"probes": [1-9]' >/dev/null; }
reason_shows() { ctl checks | grep "$1" >/dev/null; }

wait_for 10 grep -q READY=1 "$WORKDIR/notify.log"
ctl status | grep -E "^tcp-banner +1.0.0 +checker( |$)" >/dev/null || fail "status does not list the plugin: $(ctl status)"
wait_for 10 has_probed
check_state up || fail "the check is not up while the server answers"

# Server gone: down after retry; the change is an event, a log line and a history row.
kill "$BANNER_PID"
wait "$BANNER_PID" 2>/dev/null || true
wait_for 10 check_state down
grep -q "check ssh (tcp-banner 127.0.0.1:$PORT): UP -> DOWN" "$ROUTERD_LOG" ||
    fail "no log line for the transition"

# Server back: up after `rise` = 2 successes.
start_banner_server "$PORT" "SSH-2.0-OpenSSH_9.2"
wait_for 10 check_state up

# A server that answers the wrong banner is down, with the reason.
kill "$BANNER_PID"
wait "$BANNER_PID" 2>/dev/null || true
start_banner_server "$PORT" "220 smtp.example.net ESMTP"
wait_for 10 reason_shows "does not start with 'SSH-2.0-'"
wait_for 10 check_state down  # after its retry

# SIGHUP with a bad file: refused, still running, still checking.
cp "$WORKDIR/routerd.toml" "$WORKDIR/good.toml"
sed -i 's/^rise = 2/rise = "many"/' "$WORKDIR/routerd.toml"
kill -HUP "$ROUTERD_PID"
wait_for 10 grep -q "reload refused" "$ROUTERD_LOG"
kill -0 "$ROUTERD_PID" || fail "routerd died on a bad reload"
# SIGHUP with a good change: applied.
sed "s/expect = \"SSH-2.0-\"/expect = \"220 \"/" "$WORKDIR/good.toml" >"$WORKDIR/routerd.toml"
kill -HUP "$ROUTERD_PID"
wait_for 10 grep -q "reload applied; changed: checks" "$ROUTERD_LOG"
wait_for 10 check_state up
grep -q RELOADING=1 "$WORKDIR/notify.log" || fail "no RELOADING=1 sent to systemd"

# routerctl reload says what changed.
ctl reload | grep "reloaded; changed: nothing" >/dev/null || fail "routerctl reload"

# SIGTERM: clean stop, exit 0, socket removed, STOPPING=1 sent.
kill -TERM "$ROUTERD_PID"
wait "$ROUTERD_PID" || fail "routerd exited with $? on SIGTERM"
[ ! -e "$WORKDIR/routerd.sock" ] || fail "the control socket was left behind"
grep -q STOPPING=1 "$WORKDIR/notify.log" || fail "no STOPPING=1 sent to systemd"

# Without --foreground routerd detaches once started, and start-up errors still reach the
# terminal with exit code 1.
"$ROUTERD" "${RUN[@]}" || fail "detached start failed"
wait_for 10 ctl status
DAEMON_PID=$(ctl --json status | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"]["pid"])')
PIDS+=("$DAEMON_PID")
kill -TERM "$DAEMON_PID"
wait_for 10 sh -c "! kill -0 $DAEMON_PID"
sed 's/^rise = 2/rise = 0/' "$WORKDIR/good.toml" >"$WORKDIR/routerd.toml"
if "$ROUTERD" "${RUN[@]}" 2>"$WORKDIR/start.err"; then fail "a bad configuration started"; fi
grep -q "checks.ssh.rise: 0 is out of range 1..1000" "$WORKDIR/start.err" ||
    fail "the start-up error did not reach the terminal"
echo "sdk example: built out of tree, loaded, checked a real server through up/down/up"
