#!/usr/bin/env bash
# ping checker in a namespace lab: routerd in namespace "lb" pings a host in namespace "srv"
# over a LAN, IPv4 and IPv6; down when srv's link goes down (timeout), up again after
# `rise`. Run twice: with raw ICMP sockets (ping_group_range closed, the default) and with
# datagram ICMP sockets (ping_group_range open to root's group).
# Usage: ping_check_test.sh ROUTERD ROUTERCTL PLUGIN_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/checks_lib.sh"
require_root
make_workdir
setup_routerd "$1" "$2" "$3"
cd "$WORKDIR"

ns_add lb
ns_add srv
lan_add lan
lan_join lan lb eth0 10.77.0.1/24 fd77::1/64
lan_join lan srv eth0 10.77.0.2/24 fd77::2/64
# Linux drops IPv6 addresses on link down unless told to keep them; the test downs the link.
in_ns srv sysctl -qw net.ipv6.conf.eth0.keep_addr_on_down=1

cat >routerd.toml <<'TOML'
[checks.ping4]
type = "ping"
target = "10.77.0.2"
delay_loop = "200ms"
connect_timeout = "300ms"
delay_before_retry = "100ms"
retry = 1
rise = 2
alpha = true

[checks.ping6]
type = "ping"
target = "fd77::99"
connect_ip = "fd77::2"  # probes fd77::2, reports about fd77::99
delay_loop = "200ms"
connect_timeout = "300ms"
delay_before_retry = "100ms"
retry = 1
rise = 2
alpha = true

[checks.unreachable]
type = "ping"
target = "10.77.0.99"
delay_loop = "200ms"
connect_timeout = "300ms"
TOML

run_lab() {
    ROUTERD_LOG="$WORKDIR/routerd-$1.log"
    in_ns lb "$ROUTERD" "${RUN[@]}" --foreground --log-level debug >"$ROUTERD_LOG" 2>&1 &
    local pid=$!
    PIDS+=("$pid")
    wait_for 10 "$ROUTERCTL" --socket "$WORKDIR/routerd.sock" status
    expect_state 10 ping4 up
    expect_state 10 ping6 up
    expect_reason 10 unreachable "timed out after 300 ms waiting for the echo reply"
    ip -n "$(ns srv)" link set eth0 down
    expect_state 10 ping4 down
    expect_state 10 ping6 down
    ip -n "$(ns srv)" link set eth0 up
    expect_state 10 ping4 up
    expect_state 10 ping6 up
    stop_pid "$pid"
    rm -f "$WORKDIR/state.db"*
}

in_ns lb sysctl -qw net.ipv4.ping_group_range="1 0"
run_lab raw
in_ns lb sysctl -qw net.ipv4.ping_group_range="0 0"
run_lab datagram
echo "ping check: IPv4 and IPv6, raw and datagram sockets, down and up"
