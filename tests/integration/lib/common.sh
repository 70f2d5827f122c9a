# Shared helpers for the integration tests (bash). Each test sources this file, makes its own
# temporary folder with `make_workdir`, and everything it started is stopped on exit.
set -euo pipefail

# Debian's programs before any other of the same name: the tests need Debian's packages
# (python3-scapy and python3-aiosmtpd are modules of /usr/bin/python3, keepalived, frr), and a
# version manager's shim earlier in PATH (pyenv's python3, here) costs about a second a start,
# which polling loops pay on every round.
PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH

WORKDIR=""
PIDS=()
CLEANUP_HOOKS=()  # functions run at exit, after the processes are stopped

make_workdir() {
    WORKDIR=$(mktemp -d /tmp/routerd-it-XXXXXX)
    chmod 700 "$WORKDIR"
    trap cleanup EXIT
}

cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    local hook
    for hook in "${CLEANUP_HOOKS[@]}"; do "$hook"; done
    if [ -n "$WORKDIR" ]; then rm -rf "$WORKDIR"; fi
}

fail() {
    echo "FAIL: $*" >&2
    if [ -n "${ROUTERD_LOG:-}" ] && [ -f "$ROUTERD_LOG" ]; then
        echo "--- routerd log ---" >&2
        cat "$ROUTERD_LOG" >&2
    fi
    exit 1
}

# wait_for SECONDS COMMAND...: polls COMMAND until it succeeds; fails after SECONDS.
wait_for() {
    local seconds=$1
    shift
    local deadline=$((SECONDS + seconds))
    until "$@" >/dev/null 2>&1; do
        [ $SECONDS -lt $deadline ] || fail "timed out after ${seconds}s waiting for: $*"
        sleep 0.1
    done
}

# repetitions N: how many rounds a test repeats its fault (a kill -9, a reload, a crash). The
# sanitizer pass (scripts/sanitizers.sh) sets ROUTERD_REPETITION_DIVISOR=4: it looks for reports
# from the code each round runs, at two to three times the release build's cost a round, and the
# release pass has already held the test to its full count.
repetitions() {
    local divisor=${ROUTERD_REPETITION_DIVISOR:-1}
    echo $((($1 + divisor - 1) / divisor))
}

# A port on 127.0.0.1 free for TCP and UDP, below the kernel's ephemeral range: a port that
# bind(0) hands out is one that any outgoing connection (a check's, a parallel test's) may
# take as its source port before the test's server binds it.
free_port() {
    python3 - <<'PY'
import random, socket
low = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
top = low if low > 10000 else 65536  # an unusual range: any port that binds
while True:
    port = random.randrange(10000, top)
    try:
        for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
            socket.socket(socket.AF_INET, kind).bind(("127.0.0.1", port))
    except OSError:
        continue
    print(port)
    break
PY
}

# start_banner_server PORT BANNER: a TCP server on 127.0.0.1 that greets with BANNER.
start_banner_server() {
    python3 - "$1" "$2" <<'PY' &
import socket, sys
port, banner = int(sys.argv[1]), sys.argv[2]
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", port))
s.listen(64)
while True:
    c, _ = s.accept()
    try:
        c.sendall((banner + "\r\n").encode())
    finally:
        c.close()
PY
    BANNER_PID=$!
    PIDS+=("$BANNER_PID")
    wait_for 5 port_open "$1"
}

port_open() {
    python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' "$1"
}
