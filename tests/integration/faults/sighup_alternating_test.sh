#!/usr/bin/env bash
# 100 SIGHUPs alternating a valid and an invalid configuration while the client pings the VIP
# every 10 ms: every invalid one is refused (the running configuration stays), every valid one
# applied, the VIP is never removed (no "Deleted" of it from `ip monitor address`) and no ping
# is lost.
# Usage: sighup_alternating_test.sh ROUTERD ROUTERCTL PLUGIN_DIR SOURCE_DIR [SIGHUPS]
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/../vrrp/lib.sh"
source "$(dirname "$0")/lib.sh"
require_root
ROUTERD=$1 ROUTERCTL=$2 PLUGINS=$3 SIGHUPS=${5:-100}
make_workdir
trap 'status=$?; [ $status -eq 0 ] || dump_logs; cleanup; exit $status' EXIT
vrrp_lab

# Valid: VI_1 alone, or with a second instance; invalid in turn: not TOML, a priority out of
# range, an address that is none.
config() {  # config N: the configuration of the Nth SIGHUP
    pair_config 255
    case $(($1 % 2)):$(($1 / 2 % 3)) in
        0:0 | 0:2) ;;
        0:1) printf '\n[vrrp.instance.VI_2]\ninterface = "eth0"\nvirtual_router_id = 119\npriority = 255\nadvert_int = "1s"\nvirtual_ipaddress = ["172.16.0.101"]\n' ;;
        1:0) echo '[vrrp.instance.VI_1' ;;
        1:1) printf '\n[vrrp.instance.VI_3]\ninterface = "eth0"\nvirtual_router_id = 120\npriority = 300\nvirtual_ipaddress = ["172.16.0.102"]\n' ;;
        1:2) printf '\n[vrrp.instance.VI_3]\ninterface = "eth0"\nvirtual_router_id = 120\npriority = 100\nvirtual_ipaddress = ["172.16.0.300"]\n' ;;
    esac
}
config 0 >"$WORKDIR/r1.toml"
start_routerd r1 "$WORKDIR/r1.toml"
wait_for 10 state_is r1 VI_1 MASTER
wait_for 5 has_address r1 172.16.0.100

ip netns exec "$(ns r1)" ip monitor address >"$WORKDIR/addresses" 2>&1 &
PIDS+=("$!")
ip netns exec "$(ns client)" ping -n -i 0.01 172.16.0.100 >"$WORKDIR/ping" 2>&1 &
PING_PID=$!
PIDS+=("$PING_PID")
sleep 1

reloads() { grep -cE "reload (applied|refused)" "$WORKDIR/r1/log" || true; }
reloads_reach() { [ "$(reloads)" -ge "$1" ]; }
done_before=$(reloads)
for n in $(seq 1 "$SIGHUPS"); do
    config "$n" >"$WORKDIR/r1.toml.new"
    mv "$WORKDIR/r1.toml.new" "$WORKDIR/r1.toml"
    kill -HUP "$PID_r1"
    # Each SIGHUP reads the file when its reload runs: the next one waits for it.
    wait_for 10 reloads_reach $((done_before + n))
done
sleep 1
kill -INT "$PING_PID"
wait "$PING_PID" || true
forget_pid "$PING_PID"

applied=$(grep -c "reload applied" "$WORKDIR/r1/log" || true)
refused=$(grep -c "reload refused" "$WORKDIR/r1/log" || true)
read -r sent received < <(sed -n 's/^\([0-9]*\) packets transmitted, \([0-9]*\) received.*/\1 \2/p' "$WORKDIR/ping")
echo "$SIGHUPS SIGHUPs: $applied applied, $refused refused; pings $sent sent, $((sent - received)) lost"
[ "$refused" -eq $((SIGHUPS / 2)) ] || fail "$refused reloads refused, not $((SIGHUPS / 2))"
[ "$applied" -eq $((SIGHUPS - SIGHUPS / 2)) ] || fail "$applied reloads applied, not $((SIGHUPS - SIGHUPS / 2))"
! grep "Deleted.* 172\.16\.0\.100/" "$WORKDIR/addresses" || fail "the VIP was removed during a reload"
[ "$sent" -gt 0 ] || fail "no ping was sent"
# The one in flight when ping is interrupted may count as lost.
[ $((sent - received)) -le 1 ] || fail "$((sent - received)) pings of $sent lost"
state_is r1 VI_1 MASTER || fail "r1 is not MASTER after the reloads"
has_address r1 172.16.0.100 || fail "r1 lost the VIP"
echo "sighup_alternating: pass"
