#!/usr/bin/env bash
# SIGTERM while a reload is queued or running still stops routerd cleanly:
#  - the master exits within a few seconds, without SIGKILL;
#  - it resigns (priority 0), so the backup takes over after its skew time, not 3 x advert_int;
#  - it removes its VIPs.
# Three ways: SIGHUP then SIGTERM at once; a reload that adds an instance; a `routerctl reload`
# queued behind a running reload (its caller waits on the control thread, which the stop
# joins). The master carries a few thousand file checks, so that a reload takes a while.
# Usage: stop_during_reload_test.sh ROUTERD ROUTERCTL PLUGIN_DIR SOURCE_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/lib.sh"
require_root
ROUTERD=$1 ROUTERCTL=$2 PLUGINS=$3 SOURCE_DIR=$4
make_workdir
trap 'status=$?; [ $status -eq 0 ] || { dump_logs; kill -9 "${PID_r1:-}" 2>/dev/null; }; cleanup; exit $status' EXIT
vrrp_lab

exited() { ! kill -0 "$1" 2>/dev/null; }

write_master_config() {
    cp "$SOURCE_DIR/etc/examples/failover-master.toml" "$WORKDIR/master.toml"
    python3 - "$WORKDIR" >>"$WORKDIR/master.toml" <<'PY'
import sys
for i in range(3000):
    print(f'[checks.file_{i}]\ntype = "file"\ntrack_file = "{sys.argv[1]}/tracked_{i}"\n'
          'delay_loop = "1h"\n')
PY
}

start_routerd r2 "$SOURCE_DIR/etc/examples/failover-backup.toml"
for way in sighup add_instance queued_routerctl_reload; do
    write_master_config
    start_routerd r1 "$WORKDIR/master.toml"
    wait_for 20 state_is r1 VI_1 MASTER
    wait_for 10 state_is r2 VI_1 BACKUP
    has_address r1 172.16.0.100 || fail "the master does not hold the VIP"
    ctl_pid=""
    case $way in
        sighup)
            kill -HUP "$PID_r1"
            ;;
        add_instance)
            # (Not a VIP of VI_1: the backup would drop adverts whose address list differs
            # from its own, the priority-0 one included.)
            cat >>"$WORKDIR/master.toml" <<'TOML'
[vrrp.instance.VI_2]
state = "MASTER"
interface = "eth0"
virtual_router_id = 102
priority = 200
advert_int = "1s"
virtual_ipaddress = ["172.16.0.101"]
TOML
            kill -HUP "$PID_r1"
            ;;
        queued_routerctl_reload)
            kill -HUP "$PID_r1"
            sleep 0.1
            ctl_in r1 reload >"$WORKDIR/ctl_reload.out" 2>&1 &
            ctl_pid=$!
            sleep 0.1
            ;;
    esac
    kill -TERM "$PID_r1"
    start=$(date +%s%N)
    wait_for 10 exited "$PID_r1"
    stopped=$((($(date +%s%N) - start) / 1000000))
    wait "$PID_r1" || fail "routerd did not exit cleanly ($way)"
    wait_for 5 has_address r2 172.16.0.100
    took=$((($(date +%s%N) - start) / 1000000))
    echo "$way: r1 exited after ${stopped} ms; r2 took over ${took} ms after the SIGTERM" \
        "(skew 414 ms; without a resign: 3 x 1s + skew)"
    [ "$took" -lt 2500 ] || fail "the backup took ${took} ms: the master did not resign ($way)"
    ! has_address r1 172.16.0.100 || fail "the stopped master kept 172.16.0.100 ($way)"
    ! has_address r1 172.16.0.101 || fail "the stopped master kept 172.16.0.101 ($way)"
    grep -q "routerd stopped" "$WORKDIR/r1/log" || fail "r1 did not log its stop ($way)"
    if [ -n "$ctl_pid" ]; then
        wait "$ctl_pid" || true
        echo "routerctl reload said: $(cat "$WORKDIR/ctl_reload.out")"
    fi
    : >"$WORKDIR/r1/log"
done
echo "stop_during_reload: pass"
