#!/usr/bin/env bash
# `routerctl history` after a real failover between two routerds in network namespaces: the
# backup's history shows its transitions newest first with their reasons, and --instance,
# --limit and --since filter it; the human table and --json agree. Also routerctl's exit codes:
# 0 done, 1 routerd answered an error, 2 a wrong command line, 3 routerd not reachable.
# Usage: history_test.sh ROUTERD ROUTERCTL PLUGIN_DIR SOURCE_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/../vrrp/lib.sh"
require_root
ROUTERD=$1 ROUTERCTL=$2 PLUGINS=$3 SOURCE_DIR=$4
make_workdir
trap 'status=$?; [ $status -eq 0 ] || dump_logs; cleanup; exit $status' EXIT
vrrp_lab

start_routerd r1 "$SOURCE_DIR/etc/examples/failover-master.toml"
start_routerd r2 "$SOURCE_DIR/etc/examples/failover-backup.toml"
wait_for 10 state_is r1 VI_1 MASTER
wait_for 10 state_is r2 VI_1 BACKUP
kill -9 "$PID_r1"
wait "$PID_r1" 2>/dev/null || true
forget_pid "$PID_r1"
wait_for 10 state_is r2 VI_1 MASTER

# history_json ARGS...: "FROM>TO|REASON" per row of `routerctl --json history ARGS`.
history_json() {
    ctl_in r2 --json history "$@" | python3 -c '
import json, sys
answer = json.load(sys.stdin)
assert answer["ok"], answer
for row in answer["history"]:
    print("|".join([row["subject"], row["from"] + ">" + row["to"], row["reason"]]))'
}

rows=$(history_json --instance VI_1)
echo "r2 history of VI_1:"
echo "$rows"
[ "$(echo "$rows" | cut -d'|' -f2 | xargs)" = "BACKUP>MASTER INIT>BACKUP" ] ||
    fail "not the transitions newest first: $rows"
[ "$(echo "$rows" | head -1 | cut -d'|' -f3)" = \
    "no advert from the master within the master down interval" ] ||
    fail "the takeover's reason is not shown: $rows"

# The table says the same, aligned under its header.
table=$(ctl_in r2 history --instance VI_1)
echo "$table"
echo "$table" | head -1 | grep -q "^TIME (UTC) *SOURCE *SUBJECT *FROM *TO *REASON$" ||
    fail "no table header: $table"
echo "$table" | sed -n 2p | grep -Eq "^[0-9-]{10}T[0-9:.]{12}Z  vrrp    instance VI_1  BACKUP  MASTER  no advert from the master" ||
    fail "the newest row is not the takeover: $table"

# Filters.
[ "$(history_json --instance VI_1 --limit 1 | cut -d'|' -f2)" = "BACKUP>MASTER" ] ||
    fail "--limit 1 is not the newest row: $(history_json --instance VI_1 --limit 1)"
[ -z "$(history_json --instance VI_9)" ] || fail "--instance VI_9 found rows"
ctl_in r2 history --instance VI_9 | grep -qx "no history rows match" || fail "no 'no rows' line"
[ "$(history_json --since 1h | wc -l)" -eq "$(history_json | wc -l)" ] ||
    fail "--since 1h left out rows of the last minute"
sleep 0.5
[ -z "$(history_json --since 400ms)" ] || fail "--since 400ms shows older rows: $(history_json --since 400ms)"
[ "$(history_json --since 1h --instance "instance VI_1" | wc -l)" -eq 2 ] ||
    fail "a whole subject does not filter"

# Exit codes.
code() { set +e; "$@" >/dev/null 2>&1; echo $?; set -e; }
[ "$(code ctl_in r2 history)" -eq 0 ] || fail "history did not exit 0"
[ "$(code ctl_in r2 history --limit many)" -eq 2 ] || fail "a bad --limit did not exit 2"
[ "$(code ctl_in r2 history --since soon)" -eq 2 ] || fail "a bad --since did not exit 2"
[ "$(code ctl_in r2 status --limit 3)" -eq 2 ] || fail "--limit on status did not exit 2"
[ "$(code ctl_in r2 weight web rs1)" -eq 2 ] || fail "weight without N did not exit 2"
[ "$(code ctl_in r2)" -eq 2 ] || fail "no command did not exit 2"
[ "$(code ctl_in r2 drain nosuch rs1)" -eq 1 ] || fail "an unknown virtual server did not exit 1"
[ "$(code ctl_in r2 nosuch-plugin)" -eq 1 ] || fail "an unknown plugin did not exit 1"
[ "$(code "$ROUTERCTL" --socket "$WORKDIR/r1/routerd.sock" status)" -eq 3 ] ||
    fail "a dead routerd's socket did not exit 3"
[ "$(code "$ROUTERCTL" --socket "$WORKDIR/nowhere.sock" history)" -eq 3 ] ||
    fail "a missing socket did not exit 3"
said=$("$ROUTERCTL" --socket "$WORKDIR/nowhere.sock" status 2>&1 || true)
grep -q "cannot reach routerd" <<<"$said" || fail "no word on the missing socket: $said"
"$ROUTERCTL" --help | grep -q "3  routerd could not be reached" || fail "--help lacks the exit codes"
echo "routerctl history: pass"
