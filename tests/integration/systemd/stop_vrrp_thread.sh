# stop_vrrp_thread PID: holds routerd PID's VRRP thread alone in a ptrace stop (stop_thread.py)
# until the file $WORKDIR/release appears, so that its loop stops turning while every other
# thread runs on. Sets vrrp_thread to the thread's id. Needs common.sh (fail, wait_for, PIDS).
stop_vrrp_thread() {
    vrrp_thread=""
    for task in /proc/"$1"/task/*; do
        [ "$(cat "$task/comm")" = vrrp ] && vrrp_thread=${task##*/}
    done
    [ -n "$vrrp_thread" ] || fail "routerd has no thread named vrrp"
    "$(dirname "${BASH_SOURCE[0]}")/stop_thread.py" "$vrrp_thread" "$WORKDIR/release" \
        >"$WORKDIR/stopper.log" 2>&1 &
    PIDS+=("$!")
    wait_for 10 grep -qx stopped "$WORKDIR/stopper.log"
}
