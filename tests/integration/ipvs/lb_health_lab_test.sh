#!/usr/bin/env bash
# The ipvs service end to end with the userspace forwarder: client namespace -> VIP in the
# balancer's namespace -> three nginx real servers, each in its own namespace, and a fourth as
# sorry server. Health comes from test-checker checks (a file per check: present = up), so the
# test drives it exactly; rs1 has two checks (Keepalived: all of a real server's checkers must
# pass). Checks: all three serve; rs1 leaves while one of its two checks fails and comes back
# when both are up, the log naming the failing check; a real server whose check fails is
# drained and no request fails; notify_down runs; an operator drain; quorum lost brings the
# sorry server and quorum regained takes it away; a reload that changes one weight keeps an
# open connection; routerctl ipvs shows it all; SIGTERM stops cleanly, running no notifier;
# restarted with omega, SIGTERM runs notify_down of each real server and quorum_down
# (keepalived.conf(5) omega); keep_on_stop, which the userspace forwarder cannot honour, is
# warned about.
# Usage: lb_health_lab_test.sh ROUTERD ROUTERCTL BUILD_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/userspace_lab.sh"
require_root
ROUTERD=$1
ROUTERCTL=$2
BUILD=$3
make_workdir

lab_build 4
for i in 1 2 3; do lab_nginx "$i" 80; done
lab_nginx 4 8080
lab_plugins "$BUILD" plugins/ipvs.so plugins/fwd_userspace.so plugins/sched_rr.so \
    test-plugins/test_checker.so
for i in 1 2 3; do touch "$WORKDIR/up-rs$i"; done
touch "$WORKDIR/up-rs1-second"

# write_config WEIGHT3 [OMEGA]: rr over rs1..rs3 (rs3 with WEIGHT3), quorum 2, rs4 as sorry
# server, omega = OMEGA (default false).
write_config() {
    cat >"$WORKDIR/routerd.toml" <<TOML
[global]
router_id = "lab-lb"

[ipvs]
forwarder = "userspace"

[ipvs.virtual_server.web]
address = "$LAB_VIP:80"
scheduler = "rr"
method = "NAT"
quorum = 2
sorry_server = "$(lab_rs_address 4):8080"
quorum_down = "touch $WORKDIR/quorum-down"
smtp_alert = true
omega = ${2:-false}
TOML
    local i weight check
    for i in 1 2 3; do
        weight=1
        [ "$i" -ne 3 ] || weight=$1
        check="{ type = \"test-checker\", path = \"$WORKDIR/up-rs$i\", delay_loop = \"100ms\", retry = 0 }"
        # rs1: a second check, which must pass too.
        [ "$i" -ne 1 ] ||
            check="[$check, ${check/up-rs1/up-rs1-second}]"
        cat >>"$WORKDIR/routerd.toml" <<TOML

[ipvs.virtual_server.web.real_server.rs$i]
address = "$(lab_rs_address "$i"):80"
weight = $weight
notify_down = "echo rs$i >> $WORKDIR/notified-down"
check = $check
TOML
    done
}

ctl() { "$ROUTERCTL" --socket "$WORKDIR/routerd.sock" "$@"; }
# served N: the real servers answering N requests on new connections, "rs1 rs2 ..." sorted
# unique; a failed request prints "failed".
served() {
    local i
    for i in $(seq 1 "$1"); do lab_get "http://$LAB_VIP/" || echo failed; done | sort -u | xargs
}
served_is() { [ "$(served "$1")" = "$2" ]; }
in_table() { ctl --json ipvs json | python3 -c '
import json, sys
vs = json.load(sys.stdin)["result"]["virtual_servers"][0]
print(" ".join(r["name"] for r in vs["real_servers"] if r["in_table"] and r["weight"] > 0))'; }
table_is() { [ "$(in_table)" = "$1" ]; }

write_config 1
"$ROUTERD" --config "$WORKDIR/routerd.toml" --plugin-dir "$WORKDIR/plugins" \
    --state-db "$WORKDIR/state.db" --control-socket "$WORKDIR/routerd.sock" --config-test ||
    fail "--config-test refused the lab configuration"
lab_routerd "$ROUTERD"
wait_for 10 table_is "rs1 rs2 rs3"
grep -q "forwarder: userspace" "$ROUTERD_LOG" || fail "the forwarder in use is not logged"
[ "$(served 12)" = "rs1 rs2 rs3" ] || fail "not all three real servers serve: $(served 12)"
ctl ipvs | grep -q "forwarder: userspace" || fail "routerctl ipvs does not name the forwarder"

# rs1's second check fails: rs1 leaves though its first check is up, the log names the
# failing check and routerctl ipvs shows each check's state; both up again: rs1 is back.
rm "$WORKDIR/up-rs1-second"
wait_for 10 table_is "rs2 rs3"
[ "$(served 10)" = "rs2 rs3" ] || fail "rs1's second check is down but: $(served 10)"
grep -q "real server $(lab_rs_address 1):80 of tcp:$LAB_VIP:80 OUT: check down (test-checker@" \
    "$ROUTERD_LOG" || fail "no log line naming rs1's failing check"
[ "$(ctl --json ipvs json | python3 -c '
import json, sys
rs1 = json.load(sys.stdin)["result"]["virtual_servers"][0]["real_servers"][0]
print(rs1["health"], " ".join(c["health"] for c in rs1["checks"]))')" = "down up down" ] ||
    fail "routerctl ipvs does not show rs1 down by its second check"
ctl ipvs | grep -q "check test-checker@$(lab_rs_address 1):80/.*: down" ||
    fail "routerctl ipvs does not name rs1's failing check"
touch "$WORKDIR/up-rs1-second"
wait_for 10 table_is "rs1 rs2 rs3"
[ "$(served 12)" = "rs1 rs2 rs3" ] || fail "rs1's checks are both up but: $(served 12)"

# An operator drain: weight 0, new connections elsewhere.
ctl ipvs drain web rs1 >/dev/null || fail "drain refused"
wait_for 10 table_is "rs2 rs3"
[ "$(served 10)" = "rs2 rs3" ] || fail "rs1 drained but: $(served 10)"
ctl ipvs undrain web rs1 >/dev/null
wait_for 10 table_is "rs1 rs2 rs3"
if ctl ipvs drain web nosuch >/dev/null 2>&1; then fail "a drain of an unknown real server"; fi

# rs2's check fails: it leaves the table and no request fails after the check interval.
rm "$WORKDIR/up-rs2"
wait_for 10 table_is "rs1 rs3"
[ "$(served 30)" = "rs1 rs3" ] || fail "after rs2 went down: $(served 30)"
grep -q "real server $(lab_rs_address 2):80 of tcp:$LAB_VIP:80 OUT: check down" "$ROUTERD_LOG" ||
    fail "no log line for rs2 going out"
wait_for 10 grep -qx rs2 "$WORKDIR/notified-down"
ctl ipvs | grep "$(lab_rs_address 2):80" | grep -q down || fail "routerctl ipvs does not show rs2 down"

# Quorum 2 lost (only rs3 healthy): the sorry server alone answers; the script ran.
rm "$WORKDIR/up-rs1"
wait_for 10 served_is 6 rs4
grep -q "quorum lost: sorry server in" "$ROUTERD_LOG" || fail "no log line for the sorry server"
wait_for 10 test -e "$WORKDIR/quorum-down"
# Back: quorum regained, the sorry server leaves.
touch "$WORKDIR/up-rs1" "$WORKDIR/up-rs2"
wait_for 10 table_is "rs1 rs2 rs3"
[ "$(served 12)" = "rs1 rs2 rs3" ] || fail "after the quorum came back: $(served 12)"

# A reload that changes rs3's weight keeps an open keep-alive connection (and touches only
# rs3's destination).
in_ns cl python3 - "$LAB_VIP" "$WORKDIR" <<'PY' &
import http.client, os, sys, time
vip, work = sys.argv[1], sys.argv[2]
c = http.client.HTTPConnection(vip, 80, timeout=5)
c.request("GET", "/")
first = c.getresponse().read().decode().strip()
open(os.path.join(work, "kept-first"), "w").write(first)
while not os.path.exists(os.path.join(work, "reloaded")):
    time.sleep(0.05)
c.request("GET", "/")
second = c.getresponse().read().decode().strip()
open(os.path.join(work, "kept-second"), "w").write(second)
PY
KEEPER=$!
PIDS+=("$KEEPER")
wait_for 10 test -s "$WORKDIR/kept-first"
lines_before=$(wc -l <"$ROUTERD_LOG")
write_config 3
ctl reload | grep -q "changed: ipvs" || fail "the reload did not apply the ipvs change"
touch "$WORKDIR/reloaded"
wait "$KEEPER" || fail "the open connection broke on reload"
[ "$(cat "$WORKDIR/kept-second")" = "$(cat "$WORKDIR/kept-first")" ] ||
    fail "the open connection moved to another real server"
changes=$(tail -n +"$((lines_before + 1))" "$ROUTERD_LOG" | grep -E "(add|edit|remove) (service|destination)")
[ "$(echo "$changes" | wc -l)" -eq 1 ] && echo "$changes" | grep -q "edit destination tcp:$LAB_VIP:80 $(lab_rs_address 3):80 weight 3" ||
    fail "the reload changed more than rs3's weight: $changes"
ctl --json ipvs json | grep -q '"weight": 3' || fail "routerctl ipvs does not show weight 3"

# notified_since LINES: the notify_down lines after the first LINES, sorted.
notified_since() { tail -n +"$(($1 + 1))" "$WORKDIR/notified-down" | sort | xargs; }

# Without omega a stop runs no notifier.
rm -f "$WORKDIR/quorum-down"
notified=$(wc -l <"$WORKDIR/notified-down")
lab_stop_routerd "$ROUTERCTL"
[ -z "$(notified_since "$notified")" ] || fail "notify_down ran at a stop without omega: $(notified_since "$notified")"
[ ! -e "$WORKDIR/quorum-down" ] || fail "quorum_down ran at a stop without omega"

# With omega the stop runs notify_down of the three real servers, which were in, and
# quorum_down (quorum was up), and logs them going out.
write_config 3 true
rm -f "$WORKDIR/routerd.sock"
lab_routerd "$ROUTERD"
wait_for 10 table_is "rs1 rs2 rs3"
lab_stop_routerd "$ROUTERCTL"
[ "$(notified_since "$notified")" = "rs1 rs2 rs3" ] ||
    fail "omega: notify_down at stop ran for '$(notified_since "$notified")', not 'rs1 rs2 rs3'"
[ -e "$WORKDIR/quorum-down" ] || fail "omega: quorum_down did not run at stop"
grep -q "real server $(lab_rs_address 1):80 of tcp:$LAB_VIP:80 OUT: stopping" "$ROUTERD_LOG" ||
    fail "omega: no log line for rs1 going out at stop"

# keep_on_stop cannot keep the userspace forwarder's listeners (they are routerd's): said so.
sed -i 's/^forwarder = "userspace"$/forwarder = "userspace"\nkeep_on_stop = true/' "$WORKDIR/routerd.toml"
rm -f "$WORKDIR/routerd.sock"
lab_routerd "$ROUTERD"
wait_for 10 table_is "rs1 rs2 rs3"
grep -q "keep_on_stop has no effect with the userspace forwarder" "$ROUTERD_LOG" ||
    fail "keep_on_stop with the userspace forwarder was not warned about"
lab_stop_routerd "$ROUTERCTL"
echo "ipvs lab: health drains without failed requests, every check of a real server counts, drain, quorum/sorry server, reload keeps connections, omega notifies at stop, keep_on_stop warned about"
