#!/usr/bin/env bash
# global_defs net_namespace (keepalived.conf(5)): a routerd started in the machine's own
# namespace with `[global] net_namespace = "NAME"` runs in /run/netns/NAME: its instance on that
# namespace's eth0 becomes MASTER and adds its VIP there, and nothing outside it changes.
# --config-test and the start refuse a namespace that does not exist, with file:line:col; a
# reload that changes it is refused (it cannot change while routerd runs).
# Usage: net_namespace_test.sh ROUTERD ROUTERCTL PLUGIN_DIR SOURCE_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/lib.sh"
require_root
ROUTERD=$1 ROUTERCTL=$2 PLUGINS=$3 SOURCE_DIR=$4
make_workdir
trap 'status=$?; [ $status -eq 0 ] || dump_logs; cleanup; exit $status' EXIT
lone_host r1

config() {  # config NAMESPACE
    cat <<TOML
[global]
net_namespace = "$1"

[vrrp.instance.VI_1]
state = "MASTER"
interface = "eth0"
virtual_router_id = 51
priority = 200
advert_int = "1s"
virtual_ipaddress = ["172.16.0.100/24"]
TOML
}
# routerd with CONFIG, from this (the machine's) namespace, not `ip netns exec`; exec'd, so that
# `run_routerd ... &` leaves routerd's own pid in $!.
run_routerd() {  # run_routerd CONFIG [OPTION...]
    exec "$ROUTERD" --foreground --log-level debug --config "$1" --plugin-dir "$PLUGINS" \
        --state-db "$WORKDIR/r1/state.db" --control-socket "$WORKDIR/r1/routerd.sock" "${@:2}"
}
mkdir -p "$WORKDIR/r1"

missing="$(ns nowhere)"
config "$missing" >"$WORKDIR/missing.toml"
expected="$WORKDIR/missing.toml:2:17: global.net_namespace: no network namespace '$missing'"
(run_routerd "$WORKDIR/missing.toml" --config-test) 2>"$WORKDIR/err" &&
    fail "--config-test accepted a namespace that does not exist"
grep -qF "$expected" "$WORKDIR/err" || fail "not reported: $expected; got: $(cat "$WORKDIR/err")"

config "$(ns r1)" >"$WORKDIR/r1.toml"
(run_routerd "$WORKDIR/r1.toml" --config-test) >/dev/null || fail "--config-test refused $(ns r1)"
run_routerd "$WORKDIR/r1.toml" >>"$WORKDIR/r1/log" 2>&1 &
PID_r1=$!
PIDS+=("$PID_r1")
wait_for 10 test -S "$WORKDIR/r1/routerd.sock"
wait_for 15 state_is r1 VI_1 MASTER
wait_for 10 sh -c "ip -n $(ns r1) -o addr show dev eth0 | grep -q ' 172\.16\.0\.100/24'"
[ "$(readlink "/proc/$PID_r1/ns/net")" = "$(ip netns exec "$(ns r1)" readlink /proc/self/ns/net)" ] ||
    fail "routerd is not in $(ns r1)"
for task in /proc/"$PID_r1"/task/*; do
    [ "$(readlink "$task/ns/net")" = "$(readlink "/proc/$PID_r1/ns/net")" ] ||
        fail "thread ${task##*/} runs in another namespace"
done
! ip -o addr show | grep -q ' 172\.16\.0\.100/' || fail "the VIP was added outside the namespace"

# A reload cannot move routerd to another namespace: refused, and the VIP stays.
config "$(ns r1)-other" >"$WORKDIR/r1.toml"
ns_add r1-other
answer=$(ctl_in r1 reload 2>&1) && fail "a reload changed the namespace: $answer"
grep -q "global.net_namespace: cannot change on a reload" <<<"$answer" ||
    fail "the refusal does not say why: $answer"
state_is r1 VI_1 MASTER || fail "VI_1 left MASTER after the refused reload"
echo "net_namespace: pass"
