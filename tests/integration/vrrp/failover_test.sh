#!/usr/bin/env bash
# Two routerds, the reference page's failover pair, on a LAN in network namespaces:
#  - the MASTER (priority 255) holds 172.16.0.100, the BACKUP does not;
#  - kill -9 of the master: the backup takes the VIP over within the protocol's bound and the
#    client reaches it there (its neighbour entry moves to the backup's MAC: gratuitous ARP);
#  - the old master restarts: it removes the VIP its killed run left behind, then preempts;
#  - SIGTERM of the master: it resigns with priority 0 and the backup takes over at once.
# Usage: failover_test.sh ROUTERD ROUTERCTL PLUGIN_DIR SOURCE_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/lib.sh"
require_root
ROUTERD=$1 ROUTERCTL=$2 PLUGINS=$3 SOURCE_DIR=$4
make_workdir
trap 'status=$?; [ $status -eq 0 ] || dump_logs; cleanup; exit $status' EXIT
vrrp_lab

start_routerd r1 "$SOURCE_DIR/etc/examples/failover-master.toml"
start_routerd r2 "$SOURCE_DIR/etc/examples/failover-backup.toml"
wait_for 10 state_is r1 VI_1 MASTER
wait_for 10 state_is r2 VI_1 BACKUP
has_address r1 172.16.0.100 || fail "the master does not hold the VIP"
! has_address r2 172.16.0.100 || fail "the backup holds the VIP too"
in_ns client ping -c 1 -W 2 172.16.0.100 >/dev/null || fail "the client cannot reach the VIP"
[ "$(client_neighbour_mac 172.16.0.100)" = "$(mac_of r1)" ] || fail "the VIP is not at r1's MAC"

# kill -9: nothing resigns; the backup must notice the silence.
kill -9 "$PID_r1"
start=$(date +%s%N)
wait_for 10 has_address r2 172.16.0.100
took=$((($(date +%s%N) - start) / 1000000))
echo "backup took the VIP over after ${took} ms (bound: 3 x 1s + 414 ms skew)"
state_is r2 VI_1 MASTER || fail "r2 holds the VIP but is not MASTER"
wait_for 5 sh -c "[ \"\$(ip -n $(ns client) neigh show 172.16.0.100 | grep -o 'lladdr [0-9a-f:]*' | cut -d' ' -f2)\" = \"$(mac_of r2)\" ]"
in_ns client ping -c 1 -W 2 172.16.0.100 >/dev/null || fail "the client cannot reach the VIP on r2"

# r1's killed run left its VIP behind; the next start removes it before anything else.
has_address r1 172.16.0.100 || fail "expected the killed master's VIP to be left behind"
start_routerd r1 "$SOURCE_DIR/etc/examples/failover-master.toml"
wait_for 10 grep -q "removed address 172.16.0.100/32 on eth0 left behind by a previous run" "$WORKDIR/r1/log"
# Priority 255 preempts: r1 is master again and r2 gives the VIP back.
wait_for 10 state_is r1 VI_1 MASTER
wait_for 10 state_is r2 VI_1 BACKUP
wait_for 5 sh -c "! ip -n $(ns r2) -o addr show dev eth0 | grep -w 172.16.0.100" >/dev/null

# A clean stop resigns (priority 0): the backup takes over after its skew time only.
kill -TERM "$PID_r1"
start=$(date +%s%N)
wait_for 5 has_address r2 172.16.0.100
took=$((($(date +%s%N) - start) / 1000000))
echo "after a clean stop the backup took over in ${took} ms (skew: 414 ms)"
wait "$PID_r1" || fail "routerd did not exit cleanly on SIGTERM"
! has_address r1 172.16.0.100 || fail "a cleanly stopped master kept its VIP"

# Every transition is counted, and is a row in the history table of the state database.
ctl_in r2 --json vrrp json | grep '"transitions": [2-9]' >/dev/null || fail "r2 counted no transitions"
kill -TERM "$PID_r2"
wait "$PID_r2" || fail "r2 did not exit cleanly"
history=$(python3 -c "import sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute(
    \"SELECT from_state, to_state FROM routerd_history WHERE subject = 'instance VI_1' ORDER BY id\")
print(' '.join(f'{a}>{b}' for a, b in rows))" "$WORKDIR/r2/state.db")
echo "r2 history: $history"
[ "$history" = "INIT>BACKUP BACKUP>MASTER MASTER>BACKUP BACKUP>MASTER MASTER>STOP" ] ||
    fail "unexpected history: $history"
echo "failover: pass"
