#!/usr/bin/env bash
# A plugin the configuration does not use costs no thread. routerd runs the reference page's
# failover master (etc/examples/failover-master.toml) with the whole plugin folder, as
# installed:
#  - it runs in at most 4 threads (main: control socket, signals, reloads, /metrics; rd-io;
#    rd-store; vrrp), and no checker, forwarder or SMTP thread exists; status shows those plugins idle;
#  - a reload that adds a TCP check starts the tcp checker (its check-io threads appear, status
#    shows it running, the check probes); a reload that removes the check again stops it: its
#    threads end and routerd is back at 4 threads at most.
# Usage: footprint_test.sh ROUTERD ROUTERCTL PLUGIN_DIR SOURCE_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/lib.sh"
require_root
ROUTERD=$1 ROUTERCTL=$2 PLUGINS=$3 SOURCE_DIR=$4
make_workdir
trap 'status=$?; [ $status -eq 0 ] || dump_logs; cleanup; exit $status' EXIT
lone_host r1

cp "$SOURCE_DIR/etc/examples/failover-master.toml" "$WORKDIR/r1.toml"
start_routerd r1 "$WORKDIR/r1.toml"
wait_for 10 state_is r1 VI_1 MASTER

threads() { awk '/^Threads:/ {print $2}' "/proc/$PID_r1/status"; }
thread_names() { cat /proc/"$PID_r1"/task/*/comm | sort | uniq -c | tr -s ' ' | paste -sd, -; }
has_thread() { grep -qx "$1" /proc/"$PID_r1"/task/*/comm; }
# plugin_state NAME: running or idle, from routerctl status's plugin table.
plugin_state() { ctl_in r1 status | awk -v name="$1" '$1 == name && NF >= 4 { print $4; exit }'; }
at_most_4_threads() { [ "$(threads)" -le 4 ]; }

check_reference_footprint() {
    # Threads of a reload's blocking work or of a stopped plugin end shortly after: allow for it.
    wait_for 30 at_most_4_threads || fail "$(threads) threads: $(thread_names)"
    local name
    for name in check-io fwd-io smtp; do
        ! has_thread "$name" || fail "a $name thread runs with nothing configured: $(thread_names)"
    done
    [ "$(plugin_state vrrp)" = running ] || fail "vrrp is not running: $(ctl_in r1 status)"
    for name in tcp http userspace notify-smtp; do
        [ "$(plugin_state "$name")" = idle ] || fail "$name is not idle: $(ctl_in r1 status)"
    done
}
check_reference_footprint
echo "reference configuration: $(threads) threads ($(thread_names))"

# A TCP check on a port nothing listens on: it runs (and fails), which is all this needs.
cat >>"$WORKDIR/r1.toml" <<'TOML'

[checks.web]
type = "tcp"
target = "127.0.0.1:9"
delay_loop = "1s"
TOML
kill -HUP "$PID_r1"
tcp_running() { [ "$(plugin_state tcp)" = running ]; }
wait_for 30 tcp_running
wait_for 30 has_thread check-io
probed() { ctl_in r1 checks | awk '$1 == "web" { exit !($5 > 0) } END { if (NR == 0) exit 1 }'; }
wait_for 30 probed
echo "with a TCP check: $(threads) threads ($(thread_names))"

cp "$SOURCE_DIR/etc/examples/failover-master.toml" "$WORKDIR/r1.toml"
kill -HUP "$PID_r1"
tcp_idle() { [ "$(plugin_state tcp)" = idle ]; }
wait_for 30 tcp_idle
check_reference_footprint
state_is r1 VI_1 MASTER || fail "the reloads moved VI_1 out of MASTER"
echo "check removed: $(threads) threads ($(thread_names))"
echo "footprint: pass"
