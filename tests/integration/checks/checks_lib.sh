# Helpers for the checker integration tests (bash; source after ../lib/common.sh):
# run routerd with only the checker plugins and read each check through routerctl.

# setup_routerd ROUTERD ROUTERCTL PLUGIN_DIR: a private plugin folder with the check_*.so
# files (root-owned, not group-writable: the loader's rule) and the command lines.
setup_routerd() {
    ROUTERD=$1
    ROUTERCTL=$2
    install -d -m 755 "$WORKDIR/plugins"
    install -m 755 "$3"/check_*.so "$WORKDIR/plugins/"
    RUN=(--config "$WORKDIR/routerd.toml" --plugin-dir "$WORKDIR/plugins"
         --state-db "$WORKDIR/state.db" --control-socket "$WORKDIR/routerd.sock")
}

# start_routerd: runs routerd in the foreground on $WORKDIR/routerd.toml.
start_routerd() {
    "$ROUTERD" "${RUN[@]}" --config-test || fail "--config-test refused the configuration"
    ROUTERD_LOG="$WORKDIR/routerd.log"
    "$ROUTERD" "${RUN[@]}" --foreground --log-level debug >"$ROUTERD_LOG" 2>&1 &
    ROUTERD_PID=$!
    PIDS+=("$ROUTERD_PID")
    wait_for 10 "$ROUTERCTL" --socket "$WORKDIR/routerd.sock" status
}

# check_field NAME FIELD: one field of a check from `routerctl --json checks`.
check_field() {
    "$ROUTERCTL" --socket "$WORKDIR/routerd.sock" --json checks |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["checks"][sys.argv[1]][sys.argv[2]])' \
            "$1" "$2"
}
field_is() { [ "$(check_field "$1" "$2")" = "$3" ]; }
is_state() { [ "$(check_field "$1" state)" = "$2" ]; }
reason_has() { check_field "$1" last_reason | grep -qF -- "$2"; }
probed_at_least() { [ "$(check_field "$1" probes)" -ge "$2" ]; }

# expect_state SECONDS NAME STATE: waits for NAME to reach STATE.
expect_state() {
    wait_for "$1" is_state "$2" "$3"
    echo "ok: $2 is $3 ($(check_field "$2" last_reason))"
}

# expect_reason SECONDS NAME TEXT: waits until NAME's last reason contains TEXT.
expect_reason() {
    wait_for "$1" reason_has "$2" "$3"
    echo "ok: $2 says '$3'"
}

# stays_state SECONDS NAME STATE: NAME keeps STATE for SECONDS (while probes run).
stays_state() {
    local deadline=$((SECONDS + $1))
    while [ $SECONDS -lt $deadline ]; do
        is_state "$2" "$3" || fail "$2 left $3: $(check_field "$2" last_reason)"
        sleep 0.2
    done
}

# start_silent_server PORT: accepts TCP connections on 127.0.0.1:PORT and never answers.
start_silent_server() {
    python3 - "$1" <<'PY' &
import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(64)
held = []
while True:
    c, _ = s.accept()
    held.append(c)
PY
    PIDS+=("$!")
    wait_for 5 port_open "$1"
}

# start_backlogged_server PORT: a listener on 127.0.0.1:PORT whose accept queue is full (one
# connection it never accepts, backlog 0): Linux drops every further SYN, so a connect there
# neither succeeds nor fails, it waits. (port_open would wait too: a file says it is ready.)
start_backlogged_server() {
    python3 - "$1" "$WORKDIR/backlogged.$1" <<'PY' &
import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(0)
held = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
open(sys.argv[2], "w").close()
while True:
    time.sleep(60)
PY
    PIDS+=("$!")
    wait_for 5 test -e "$WORKDIR/backlogged.$1"
}

# stop_pid PID: stops one process this test started.
stop_pid() {
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}
