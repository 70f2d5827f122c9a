#!/usr/bin/env bash
# fwmark: routerd in a namespace whose policy routing prohibits packets marked 42 (a rule
# ahead of the local table). The tcp, udp and ping checks marked 42 fail with "Permission
# denied"; the same checks unmarked reach loopback (refused, ICMP port unreachable, echo
# reply): the mark is on their sockets, and only where configured.
# Usage: fwmark_check_test.sh ROUTERD ROUTERCTL PLUGIN_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/checks_lib.sh"
require_root
make_workdir
setup_routerd "$1" "$2" "$3"
cd "$WORKDIR"

ns_add lb
ip -n "$(ns lb)" rule add fwmark 42 priority 10 prohibit
ip -n "$(ns lb)" rule add priority 100 lookup local
ip -n "$(ns lb)" rule del priority 0

COMMON='delay_loop = "200ms"
connect_timeout = "500ms"
alpha = true'
cat >routerd.toml <<TOML
[checks.tcp]
type = "tcp"
target = "127.0.0.1:1"
$COMMON

[checks.tcp_marked]
type = "tcp"
target = "127.0.0.1:1"
fwmark = 42
$COMMON

[checks.udp]
type = "udp"
target = "127.0.0.1:9"
$COMMON

[checks.udp_marked]
type = "udp"
target = "127.0.0.1:9"
fwmark = 42
$COMMON

[checks.ping]
type = "ping"
target = "127.0.0.1"
$COMMON

[checks.ping_marked]
type = "ping"
target = "127.0.0.1"
fwmark = 42
$COMMON
TOML

"$ROUTERD" "${RUN[@]}" --config-test || fail "--config-test refused the configuration"
ROUTERD_LOG="$WORKDIR/routerd.log"
in_ns lb "$ROUTERD" "${RUN[@]}" --foreground --log-level debug >"$ROUTERD_LOG" 2>&1 &
PIDS+=("$!")
wait_for 10 "$ROUTERCTL" --socket "$WORKDIR/routerd.sock" status

expect_reason 10 tcp "connect: Connection refused"
expect_reason 10 udp "ICMP port unreachable"
expect_state 10 ping up
for name in tcp_marked udp_marked ping_marked; do
    expect_reason 10 "$name" "Permission denied"
    is_state "$name" down || fail "$name is not down"
done
echo "fwmark: marked tcp, udp and ping sockets follow the mark's policy rule, unmarked do not"
