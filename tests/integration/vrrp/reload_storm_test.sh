#!/usr/bin/env bash
# A storm of reloads while the peer sends adverts: r1's configuration is rewritten and r1 gets
# SIGHUP 200 times (`repetitions`: 50 in the sanitizer pass), some back to back; each time instances are added, removed, renamed, get
# other VIPs, and the tracked script is renamed (its tracker restarts). Eight MASTERs renamed
# at every reload send adverts every 20 ms, and the peer's adverts arrive as often: timer and
# receive handlers are in flight, some already queued, whenever a reload destroys instances.
# routerd must never die, must exit cleanly on SIGTERM, and after the storm each VRID has one
# MASTER. Built with ROUTERD_SANITIZE=address;undefined, any sanitizer report fails the test
# (halt_on_error: the first one also stops routerd).
# Usage: reload_storm_test.sh ROUTERD ROUTERCTL PLUGIN_DIR SOURCE_DIR [RELOADS]
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/lib.sh"
require_root
ROUTERD=$1 ROUTERCTL=$2 PLUGINS=$3 SOURCE_DIR=$4 RELOADS=$(repetitions "${5:-200}")
make_workdir
trap 'status=$?; [ $status -eq 0 ] || { dump_logs; sanitizer_details; }; cleanup; exit $status' EXIT
vrrp_lab
export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

cat >"$WORKDIR/notify.sh" <<'SH'
#!/bin/sh
echo "$*" >>"$(dirname "$0")/notify.log"
SH
chmod 755 "$WORKDIR/notify.sh"

instance() {  # instance NAME VRID PRIORITY VIP ADVERT_INT [EXTRA LINES...]
    local name=$1 vrid=$2 priority=$3 vip=$4 advert_int=$5
    shift 5
    cat <<TOML

[vrrp.instance.$name]
interface = "eth0"
version = 3
virtual_router_id = $vrid
priority = $priority
advert_int = "$advert_int"
virtual_ipaddress = ["$vip"]
TOML
    local line
    for line in "$@"; do echo "$line"; done
}

RENAMED=8  # VRIDs 62..69

# r1's configuration in reload ROUND: VI_STABLE (VRID 60) never changes; VI_PEER (61) is
# r2's, so r2's adverts keep arriving; VRIDs 62..69 are r1's, renamed with other VIPs every
# round; VI_EXTRA (70) comes and goes; the tracked script is renamed every other round.
r1_config() {  # r1_config ROUND [FAST_ADVERT_INT]
    local round=$1 script="chk_$(($1 % 2))" fast=${2:-0.02s} k
    cat <<TOML
[vrrp.script.$script]
script = "/bin/true"
interval = "0.2s"
TOML
    instance VI_STABLE 60 200 172.16.0.60 0.1s 'track_script = ["'"$script"'"]'
    instance VI_PEER 61 100 172.16.0.61 "$fast" "notify = \"$WORKDIR/notify.sh\""
    for k in $(seq 0 $((RENAMED - 1))); do
        instance "VI_R$((round % 3))_$k" $((62 + k)) 150 "172.16.1.$((k * 10 + round % 5))" "$fast"
    done
    if [ $((round % 2)) -eq 1 ]; then
        instance VI_EXTRA 70 200 172.16.0.70 0.1s 'track_script = ["'"$script"'"]' \
            "notify = \"$WORKDIR/notify.sh\""
    fi
}
r2_config() {  # r2_config FAST_ADVERT_INT
    local k
    instance S60 60 100 172.16.0.60 0.1s
    instance P61 61 200 172.16.0.61 "$1"
    for k in $(seq 0 $((RENAMED - 1))); do
        instance "R$k" $((62 + k)) 100 "172.16.1.$((k * 10))" "$1"
    done
    instance X70 70 100 172.16.0.70 0.1s
}
r2_config 0.02s >"$WORKDIR/r2.toml"
r1_config 0 >"$WORKDIR/r1.toml"

sanitizer_reports() {
    grep -hE "ERROR: (Address|Leak)Sanitizer|runtime error:" "$WORKDIR"/r[12]/log 2>/dev/null || true
}
sanitizer_details() {  # each report in full: the access, where it was freed and allocated
    sed -n '/ERROR: [A-Za-z]*Sanitizer\|runtime error:/,/^SUMMARY: /p' "$WORKDIR"/r[12]/log \
        >&2 2>/dev/null || true
}
no_sanitizer_report() {
    local found
    found=$(sanitizer_reports)
    [ -z "$found" ] || fail "sanitizer report ($1): $found"
}

start_routerd r1 "$WORKDIR/r1.toml"
start_routerd r2 "$WORKDIR/r2.toml"
wait_for 20 state_is r1 VI_STABLE MASTER
wait_for 20 state_is r2 P61 MASTER

for round in $(seq 1 "$RELOADS"); do
    r1_config "$round" >"$WORKDIR/r1.toml.new"
    mv "$WORKDIR/r1.toml.new" "$WORKDIR/r1.toml"
    kill -HUP "$PID_r1" 2>/dev/null || fail "routerd died before reload $round $(sanitizer_reports)"
    # Every fifth round and the one after it are sent back to back.
    [ $((round % 5)) -lt 2 ] || sleep "0.$(printf %02d $((RANDOM % 15 + 5)))"
    kill -0 "$PID_r1" 2>/dev/null || fail "routerd died during reload $round $(sanitizer_reports)"
done
no_sanitizer_report "during the storm"

# Settled: one MASTER per VRID, the final configuration's VIPs where they belong. Adverts
# every 20 ms flap on a loaded machine (more so under a sanitizer): both routers first reload
# to 0.5 s, which keeps every instance.
r1_config "$RELOADS" 0.5s >"$WORKDIR/r1.toml"
r2_config 0.5s >"$WORKDIR/r2.toml"
# routerctl reload answers once the reloads queued before it and its own are applied.
ctl_in r1 reload >/dev/null || fail "r1 refused the calm reload"
ctl_in r2 reload >/dev/null || fail "r2 refused the calm reload"
applied=$(($(grep -c "reload applied" "$WORKDIR/r1/log") - 1))
echo "$RELOADS SIGHUPs sent, $applied reloads applied (each SIGHUP queues one)"
[ "$applied" -gt 0 ] || fail "no reload was applied"
wait_for 20 one_master VI_STABLE S60
wait_for 20 one_master VI_PEER P61
state_is r1 VI_STABLE MASTER || fail "r1 lost VI_STABLE, which no reload changed"
state_is r2 P61 MASTER || fail "r2 (priority 200) is not MASTER of VRID 61"
! has_address r1 172.16.0.61 || fail "r1 holds r2's VIP 172.16.0.61"
for k in $(seq 0 $((RENAMED - 1))); do
    name="VI_R$((RELOADS % 3))_$k"
    wait_for 20 one_master "$name" "R$k"
    state_is r1 "$name" MASTER || fail "r1 (priority 150) is not MASTER of $name"
    for n in 0 1 2 3 4; do
        vip="172.16.1.$((k * 10 + n))"
        if [ "$n" -eq $((RELOADS % 5)) ]; then
            has_address r1 "$vip" || fail "r1 does not hold $name's VIP $vip"
        else
            ! has_address r1 "$vip" || fail "r1 kept $vip, which $name no longer has"
        fi
    done
done

kill -TERM "$PID_r1"
wait "$PID_r1" || fail "r1 did not exit cleanly after the storm: $(sanitizer_reports)"
kill -TERM "$PID_r2"
wait "$PID_r2" || fail "r2 did not exit cleanly: $(sanitizer_reports)"
no_sanitizer_report "at exit"
echo "reload_storm: pass"
