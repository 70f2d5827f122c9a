#!/usr/bin/env bash
# `routerctl weight` and `drain` at run time through the userspace forwarder: client namespace
# -> VIP in the balancer's namespace -> two nginx real servers, scheduler wrr. A weight changes
# how new connections are shared at once; a drain sends them all elsewhere; both are shown by
# `routerctl vs` and `status`, survive a restart of routerd, and a reload that changes that
# real server ends its override (and only its). Bash completion completes the names from the
# running routerd.
# Usage: runtime_weight_test.sh ROUTERD ROUTERCTL BUILD_DIR SOURCE_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/../ipvs/userspace_lab.sh"
require_root
ROUTERD=$1 ROUTERCTL=$2 BUILD=$3 SOURCE_DIR=$4
make_workdir

lab_build 2
for i in 1 2; do lab_nginx "$i" 80; done
lab_plugins "$BUILD" plugins/ipvs.so plugins/fwd_userspace.so plugins/sched_wrr.so

# write_config WEIGHT1: wrr over rs1 (WEIGHT1) and rs2 (1), no checks (always up).
write_config() {
    cat >"$WORKDIR/routerd.toml" <<TOML
[ipvs]
forwarder = "userspace"

[ipvs.virtual_server.web]
address = "$LAB_VIP:80"
scheduler = "wrr"
method = "NAT"

[ipvs.virtual_server.web.real_server.rs1]
address = "$(lab_rs_address 1):80"
weight = $1

[ipvs.virtual_server.web.real_server.rs2]
address = "$(lab_rs_address 2):80"
weight = 1
TOML
}

ctl() { "$ROUTERCTL" --socket "$WORKDIR/routerd.sock" "$@"; }
# share N: "rs1=A rs2=B" for N requests, each on a new connection.
share() {
    local i
    for i in $(seq 1 "$1"); do lab_get "http://$LAB_VIP/" || echo failed; done |
        sort | uniq -c | awk '{ printf "%s%s=%s", sep, $2, $1; sep = " " }'
    echo
}
# weights: "rs1=W rs2=W" as the forwarder runs them (routerctl --json vs).
weights() {
    ctl --json vs | python3 -c '
import json, sys
vs = json.load(sys.stdin)["result"]["virtual_servers"][0]
print(" ".join(r["name"] + "=" + str(r["weight"]) for r in vs["real_servers"] if r["in_table"]))'
}
weights_are() { [ "$(weights)" = "$1" ]; }

write_config 1
lab_routerd "$ROUTERD"
wait_for 10 weights_are "rs1=1 rs2=1"
[ "$(share 20)" = "rs1=10 rs2=10" ] || fail "1:1 does not share evenly: $(share 20)"

# weight: at once, and wrr follows it exactly (40 new connections: 3 of every 4 to rs1).
ctl weight web rs1 3 | grep -q "weight of rs1 in web: 3 (configured 1)" || fail "weight refused"
wait_for 10 weights_are "rs1=3 rs2=1"
got=$(share 40)
echo "weight 3:1 -> $got"
[ "$got" = "rs1=30 rs2=10" ] || fail "weight 3:1 gave $got"
ctl vs | grep -Eq "^web +tcp:$LAB_VIP:80 +rs1 +$(lab_rs_address 1):80 +no check +3 +.*weight 3" ||
    fail "routerctl vs does not show the override: $(ctl vs)"
ctl status | grep -q "^ipvs .*overrides" || fail "routerctl status does not show the overrides: $(ctl status)"

# drain: new connections all go to the other one.
ctl drain web "$(lab_rs_address 2):80" >/dev/null || fail "drain by address refused"
wait_for 10 weights_are "rs1=3 rs2=0"
[ "$(share 12)" = "rs1=12" ] || fail "drained rs2 still served: $(share 12)"
ctl vs | grep -Eq " rs2 .* drained" || fail "routerctl vs does not show the drain: $(ctl vs)"

# Both survive a restart: they are in the state database.
lab_stop_routerd "$ROUTERCTL"
lab_routerd "$ROUTERD"
wait_for 10 weights_are "rs1=3 rs2=0"
grep -q "operator override of web/$(lab_rs_address 1):80 restored: weight 3" "$ROUTERD_LOG" ||
    fail "the restored weight is not logged"
[ "$(share 8)" = "rs1=8" ] || fail "after the restart: $(share 8)"
ctl undrain web rs2 >/dev/null
wait_for 10 weights_are "rs1=3 rs2=1"
got=$(share 40)
[ "$got" = "rs1=30 rs2=10" ] || fail "after the restart and undrain, 3:1 gave $got"
ctl drain web rs2 >/dev/null

# A reload that changes rs1 (its configured weight) ends rs1's override; rs2's drain stays.
write_config 2
ctl reload | grep -q "reloaded; changed: ipvs" || fail "the reload does not say ipvs changed"
wait_for 10 weights_are "rs1=2 rs2=0"
grep -q "operator override of web/$(lab_rs_address 1):80 ends: the reload changed or removed" \
    "$ROUTERD_LOG" || fail "the ended override is not logged"
ctl vs | grep -E " rs1 " | grep -q "weight [0-9]" && fail "rs1 still shows an override: $(ctl vs)"
ctl undrain web rs2 >/dev/null
wait_for 10 weights_are "rs1=2 rs2=1"
got=$(share 30)
echo "configured 2:1 after the reload -> $got"
[ "$got" = "rs1=20 rs2=10" ] || fail "configured 2:1 gave $got"
# Setting the configured weight is no override; an ended override is gone after a restart too.
ctl weight web rs1 2 | grep -q "no override" || fail "the configured weight is an override"
lab_stop_routerd "$ROUTERCTL"
lab_routerd "$ROUTERD"
wait_for 10 weights_are "rs1=2 rs2=1"
# An override whose real server the configuration changed while routerd was stopped ends at the
# next start.
ctl weight web rs1 5 >/dev/null
wait_for 10 weights_are "rs1=5 rs2=1"
lab_stop_routerd "$ROUTERCTL"
write_config 3
lab_routerd "$ROUTERD"
wait_for 10 weights_are "rs1=3 rs2=1"
grep -q "override of web/$(lab_rs_address 1):80 ends: the configuration changed .* while routerd was stopped" \
    "$ROUTERD_LOG" || fail "the override ended at start is not logged"

# Errors: routerd's (exit 1) and the command line's (exit 2).
set +e
ctl weight web nosuch 3 2>"$WORKDIR/err"; code=$?
set -e
[ $code -eq 1 ] && grep -q "virtual server 'web' has no real server 'nosuch'" "$WORKDIR/err" ||
    fail "an unknown real server: exit $code, $(cat "$WORKDIR/err")"
set +e
ctl weight web rs1 70000 2>"$WORKDIR/err"; code=$?
set -e
[ $code -eq 2 ] || fail "weight 70000: exit $code"

# Bash completion names the running routerd's virtual and real servers.
complete_words() {
    PATH="$(dirname "$ROUTERCTL"):$PATH" bash -c '
source "$1"; shift
COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
_routerctl
echo "${COMPREPLY[*]}"' _ "$SOURCE_DIR/etc/bash-completion/routerctl" "$@"
}
[ "$(complete_words routerctl --socket "$WORKDIR/routerd.sock" weight "")" = "web" ] ||
    fail "completion of VS: $(complete_words routerctl --socket "$WORKDIR/routerd.sock" weight "")"
[ "$(complete_words routerctl --socket "$WORKDIR/routerd.sock" drain web "")" = "rs1 rs2" ] ||
    fail "completion of RS: $(complete_words routerctl --socket "$WORKDIR/routerd.sock" drain web "")"
echo "routerctl weight and drain: pass"
