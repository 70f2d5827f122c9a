# Helpers for the notify-smtp integration tests (bash; source after ../lib/common.sh).
# Usage of every test: TEST.sh ROUTERD ROUTERCTL PLUGIN_DIR TEST_PLUGIN_DIR
ROUTERD=$1
ROUTERCTL=$2
PRODUCT_PLUGINS=$3
TEST_PLUGINS=$4
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
make_workdir

# A private plugin folder (0755, as the loader demands): ours and the test checker.
install -d -m 755 "$WORKDIR/plugins"
install -m 755 "$PRODUCT_PLUGINS/notify_smtp.so" "$TEST_PLUGINS/test_checker.so" \
    "$WORKDIR/plugins/"
MAILDIR="$WORKDIR/mail"
mkdir -p "$MAILDIR"
ROUTERD_LOG="$WORKDIR/routerd.log"
RUN=(--config "$WORKDIR/routerd.toml" --plugin-dir "$WORKDIR/plugins"
     --state-db "$WORKDIR/state.db" --control-socket "$WORKDIR/routerd.sock")

# start_smtp PORT [smtp_server.py options...]: a real SMTP server on 127.0.0.1:PORT.
start_smtp() {
    local port=$1
    shift
    /usr/bin/python3 "$HERE/smtp_server.py" --port "$port" --maildir "$MAILDIR" "$@" \
        >>"$WORKDIR/smtp.log" 2>&1 &
    SMTP_PID=$!
    PIDS+=("$SMTP_PID")
    wait_for 10 port_open "$port"
}

stop_smtp() {
    kill "$SMTP_PID"
    wait "$SMTP_PID" 2>/dev/null || true
}

start_routerd() {
    "$ROUTERD" "${RUN[@]}" --foreground --log-level debug >>"$ROUTERD_LOG" 2>&1 &
    ROUTERD_PID=$!
    PIDS+=("$ROUTERD_PID")
    wait_for 10 ctl status
}

stop_routerd() {
    kill -TERM "$ROUTERD_PID"
    wait "$ROUTERD_PID" || fail "routerd exited with $? on SIGTERM"
}

ctl() { "$ROUTERCTL" --socket "$WORKDIR/routerd.sock" "$@"; }

# check_config ID PATH: a standalone check (test-checker) that is up while PATH exists.
check_config() {
    cat <<TOML

[checks.$1]
type = "test-checker"
target = "127.0.0.1:1"
path = "$2"
delay_loop = "100ms"
TOML
}

mail_count() { find "$MAILDIR" -name '*.eml' | wc -l; }
mails_are() { [ "$(mail_count)" -eq "$1" ]; }
# The files of the messages whose Subject is exactly $1.
mails_with_subject() {
    grep -lxF -e "Subject: $1" -e "Subject: $1"$'\r' "$MAILDIR"/*.eml 2>/dev/null || true
}
has_mail() { [ -n "$(mails_with_subject "$1")" ]; }

# alerts_in STATE: how many alerts `routerctl notify-smtp` lists in STATE.
alerts_in() {
    ctl --json notify-smtp | /usr/bin/python3 -c \
        'import json,sys; print(len(json.load(sys.stdin)["result"][sys.argv[1]]))' "$1"
}
alerts_are() { [ "$(alerts_in "$1")" -eq "$2" ]; }
