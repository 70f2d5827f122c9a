#!/usr/bin/env bash
# keepalived.conf(5)'s address and route options (`ip address add` / `ip route add`: brd, scope,
# label, peer, -nodad, home, mngtmpaddr, noprefixroute, preferred_lft; src, protocol, scope, tos,
# metric/preference, onlink, the blackhole/unreachable/prohibit/throw types, mtu, advmss,
# hoplimit, initcwnd, initrwnd, rto_min, features ecn) on static and virtual addresses and
# routes, from one keepalived.conf that Debian's keepalived runs and routerd runs once imported:
#  1. keepalived 2.2.7 alone on r2 (MASTER): what `ip address` and `ip route` (every table, both
#     families) show; its stop removes all but the peer address;
#  2. routerd on r2 with the imported file: the same lines; its stop removes them all;
#  3. routerd killed with -9: the next start removes what the store recorded (a peer address,
#     routes through no interface).
# Usage: addropts_test.sh ROUTERD ROUTERCTL PLUGIN_DIR SOURCE_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/lib.sh"
require_root
ROUTERD=$1 ROUTERCTL=$2 PLUGINS=$3
make_workdir
trap 'status=$?; [ $status -eq 0 ] || { dump_logs; tail -n 20 "$WORKDIR/keepalived.log" >&2 || true; }; cleanup; exit $status' EXIT
vrrp_lab

# Keepalived 2.2.7 reads `protocol` (not `proto`) and keeps it only with no_track; a preferred_lft
# other than 0 or forever would count down between the two captures.
cat >"$WORKDIR/k.conf" <<'CONF'
static_ipaddress {
    192.168.60.1/24 dev eth0 brd + scope link label eth0:st
    192.168.61.1 dev eth0 peer 192.168.61.2 noprefixroute
    2001:db8:60::1/64 dev eth0 -nodad home
    2001:db8:61::1/128 dev eth0
    2001:db8:62::1/64 dev eth0 mngtmpaddr preferred_lft forever
    2001:db8:65::1/128 dev eth0 preferred_lft 0
}
static_routes {
    10.60.0.0/16 via 172.16.0.254 dev eth0 table 100 src 172.16.0.2 metric 5 tos 0x04 mtu 1400 advmss 1360 hoplimit 33 initcwnd 10 initrwnd 20 rto_min 300 features ecn
    10.70.0.0/16 via 172.16.0.254 dev eth0 table 100 protocol 200 no_track
    blackhole 10.61.0.0/16 table 100
    unreachable 10.62.0.0/16 table 100
    prohibit 2001:db8:63::/48 table 100
    throw 10.64.0.0/16 table 100
    10.65.0.0/16 via 172.16.8.1 dev eth0 onlink table 100
    10.66.0.0/16 dev eth0 table 100 scope host preference 7
    2001:db8:67::/48 via 2001:db8::254 dev eth0 table 100 protocol bird no_track
}
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 63
    priority 150
    advert_int 1
    virtual_ipaddress {
        172.16.0.100/24 brd -
        172.16.1.101/24 scope link label eth0:vip
    }
    virtual_ipaddress_excluded {
        2001:db8::100/64
        2001:db8::101/128
    }
    virtual_routes {
        10.80.0.0/16 via 172.16.0.254 table 300 src 172.16.0.100 metric 9 mtu 1300
        blackhole 10.81.0.0/16 table 300
        2001:db8:82::/48 via 2001:db8::254 table 300 hoplimit 7
    }
}
CONF
"$ROUTERD" import-keepalived "$WORKDIR/k.conf" -o "$WORKDIR/r2.toml" 2>"$WORKDIR/import.err" ||
    fail "import-keepalived: $(cat "$WORKDIR/import.err")"
grep -Eq ' ([0-9]+) of \1 keyword lines translated$' "$WORKDIR/import.err" &&
    [ "$(wc -l <"$WORKDIR/import.err")" -eq 1 ] || fail "import-keepalived left something out: $(cat "$WORKDIR/import.err")"

# Every address of r2's eth0 and every route of every table, both families: sorted, without
# the lifetimes' countdown.
installed() {
    local n
    n=$(ns r2)
    ip -n "$n" -o addr show dev eth0 | sed 's/^[0-9]*: //; s/\\ *valid_lft.*//'
    ip -n "$n" -4 route show table all
    ip -n "$n" -6 route show table all
}
capture() { installed | sort; }
settled() { ! ip -n "$(ns r2)" addr show dev eth0 | grep -q tentative; }
ready() { ip -n "$(ns r2)" -6 route show table 300 | grep -q 2001:db8:82::/48; }
wait_for 10 settled
capture >"$WORKDIR/bare.installed"

# 1. keepalived alone.
start_keepalived "$WORKDIR/k.conf"
wait_for 20 ready
wait_for 10 settled
capture >"$WORKDIR/keepalived.installed"
grep -q "peer 192.168.61.2/32" "$WORKDIR/keepalived.installed" ||
    fail "keepalived did not install the lab's options: $(cat "$WORKDIR/keepalived.installed")"
kill -TERM "$KEEPALIVED_PID"
wait "$KEEPALIVED_PID" 2>/dev/null || true
forget_pid "$KEEPALIVED_PID"
wait_for 10 sh -c "! ip -n $(ns r2) route show table 100 | grep -q ."
# Keepalived 2.2.7 leaves the point-to-point address at stop (routerd removes it): it goes by
# hand before routerd's turn. (The kernel keeps the broadcast route a VIP's brd made.)
grep -q 'inet 192.168.61.1 peer' <(capture) || fail "keepalived now removes its peer address"
ip -n "$(ns r2)" addr del 192.168.61.1 peer 192.168.61.2 dev eth0
wait_for 10 settled
capture >"$WORKDIR/keepalived.left"
echo "keepalived 2.2.7 installed $(comm -13 "$WORKDIR/bare.installed" "$WORKDIR/keepalived.installed" | wc -l) lines"

# 2. routerd with the imported file: the same lines, and the same left at stop.
start_routerd r2 "$WORKDIR/r2.toml"
wait_for 20 state_is r2 VI_1 MASTER
wait_for 10 ready
wait_for 10 settled
capture >"$WORKDIR/routerd.installed"
diff -u "$WORKDIR/keepalived.installed" "$WORKDIR/routerd.installed" ||
    fail "routerd installed other addresses or routes than keepalived (diff above)"
kill -TERM "$PID_r2"
wait "$PID_r2" || fail "routerd did not exit cleanly"
forget_pid "$PID_r2"
capture >"$WORKDIR/routerd.left"
diff -u "$WORKDIR/keepalived.left" "$WORKDIR/routerd.left" ||
    fail "routerd left other lines at stop than keepalived (diff above)"
echo "routerd installed the same $(comm -13 "$WORKDIR/bare.installed" "$WORKDIR/routerd.installed" | wc -l) lines as keepalived and left the same at stop (less the peer address)"

# 3. kill -9 leaves them; a start without them removes what the store recorded.
rm -f "$WORKDIR/r2/routerd.sock"
start_routerd r2 "$WORKDIR/r2.toml"
wait_for 20 state_is r2 VI_1 MASTER
wait_for 10 ready
kill -9 "$PID_r2"
wait "$PID_r2" 2>/dev/null || true
forget_pid "$PID_r2"
rm -f "$WORKDIR/r2/routerd.sock"
cat >"$WORKDIR/other.toml" <<'TOML'
[vrrp.instance.OTHER]
interface = "eth0"
virtual_router_id = 64
priority = 100
virtual_ipaddress = ["172.16.0.200"]
TOML
start_routerd r2 "$WORKDIR/other.toml"
wait_for 20 sh -c "! ip -n $(ns r2) route show table all | grep -q -e 10.61.0.0 -e 10.81.0.0"
wait_for 10 sh -c "! ip -n $(ns r2) addr show dev eth0 | grep -q 192.168.61.1"
capture | grep -v 172.16.0.200 >"$WORKDIR/after-crash.left" || true
diff -u "$WORKDIR/routerd.left" "$WORKDIR/after-crash.left" ||
    fail "the start after kill -9 left other lines (diff above)"
echo "kill -9: the next start removed every static and virtual item left behind"
echo "addropts: pass"
