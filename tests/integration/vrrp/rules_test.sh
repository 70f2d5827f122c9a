#!/usr/bin/env bash
# keepalived.conf(5) static_ipaddress, static_routes, static_rules and virtual_rules, from one
# keepalived.conf that Debian's keepalived runs and that routerd runs once imported:
#  1. keepalived 2.2.7 alone on r2 (MASTER): the rules, addresses and routes it installs;
#  2. routerd on r2 with the imported file: the same `ip rule` / `ip -6 rule` lines, the same
#     addresses and routes in tables 100 and 300;
#  3. routerd on r1 with a higher priority takes over: the virtual rules (and the virtual route)
#     move to r1, the static ones stay on both;
#  4. r1 stops: its static and virtual items go (as keepalived removes them at stop), r2 is MASTER
#     again with the virtual rules;
#     a reload of r2 with one static rule and address changed swaps them, nothing else;
#  5. r2 is killed with -9 and restarted without any of them: the start removes the leftovers.
# Usage: rules_test.sh ROUTERD ROUTERCTL PLUGIN_DIR SOURCE_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/lib.sh"
require_root
ROUTERD=$1 ROUTERCTL=$2 PLUGINS=$3 SOURCE_DIR=$4
make_workdir
trap 'status=$?; [ $status -eq 0 ] || { dump_logs; tail -n 20 "$WORKDIR/keepalived.log" >&2 || true; }; cleanup; exit $status' EXIT
vrrp_lab

# Every rule option keepalived 2.2.7 reads and sends (its parser knows no ip_proto, drops a
# single dport and takes inet6 only after the options; l3mdev needs a VRF and is in the unit tests).
cat >"$WORKDIR/k.conf" <<'CONF'
static_ipaddress {
    192.168.50.1/24 dev eth0
}
static_routes {
    10.50.0.0/16 via 172.16.0.254 dev eth0 table 100
}
static_rules {
    from 192.168.50.0/24 table 100 priority 1000
    to 10.9.0.0/16 table 200 preference 1001 fwmark 0x2a/0xff
    from 2001:db8:50::/48 table 100 priority 1002
    from 10.1.0.0/16 to 10.2.0.0/16 iif eth0 tos 0x10 table 101 priority 1003 realms 3/4 ipproto udp sport 10-20 uidrange 1000-1999
    from 10.3.0.0/16 goto 1005 preference 1004
    from 10.4.0.0/16 table main suppress_prefixlength 0 preference 1005
    from 10.6.0.0/16 oif eth0 dsfield 0x04 table 102 preference 1007
    from 10.7.0.0/16 suppress_ifgroup 5 table 103 priority 1008
    from all fwmark 7 table 104 priority 1009
}
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 61
    priority 150
    advert_int 1
    virtual_ipaddress {
        172.16.0.100/24
    }
    virtual_rules {
        from 172.16.0.100 table 300 priority 2000
        to 10.60.0.0/16 table 300 priority 2001 no_track
        fwmark 9 table 300 priority 2002 inet6
    }
    virtual_routes {
        10.70.0.0/16 via 172.16.0.254 dev eth0 table 300
    }
}
CONF
"$ROUTERD" import-keepalived "$WORKDIR/k.conf" -o "$WORKDIR/r2.toml" 2>"$WORKDIR/import.err" ||
    fail "import-keepalived: $(cat "$WORKDIR/import.err")"
! grep -v 'of 12 keyword lines translated$' "$WORKDIR/import.err" ||
    fail "import-keepalived left something out (above)"
grep -q ' 12 of 12 keyword lines translated$' "$WORKDIR/import.err" ||
    fail "import-keepalived: $(cat "$WORKDIR/import.err")"
sed 's/^priority = 150/priority = 200/' "$WORKDIR/r2.toml" >"$WORKDIR/r1.toml"
grep -q '^priority = 200' "$WORKDIR/r1.toml" || fail "no priority line to change in the import"

# What a router installed: its rules (both families), the addresses on eth0, tables 100, 300.
installed() {
    local n
    n=$(ns "$1")
    ip -n "$n" rule show
    ip -n "$n" -6 rule show | sed 's/^/v6 /'
    ip -n "$n" -o addr show dev eth0 scope global | awk '{print "addr", $4}'
    ip -n "$n" route show table 100 | sed 's/^/table100 /'
    ip -n "$n" route show table 300 | sed 's/^/table300 /'
}
has_rule() { ip -n "$(ns "$1")" rule show | grep "$2" >/dev/null; }
no_rule() { ! has_rule "$@"; }
# The lines no keepalived.conf puts there: the kernel's own rules and r2's own address.
own() { grep -v -e 'lookup local$' -e 'lookup main$' -e 'lookup default$' -e 'addr 172.16.0.2/24' \
        -e 'addr 2001:db8::2/64' -e 'addr 172.16.0.200/32'; }

# 1. keepalived alone.
start_keepalived "$WORKDIR/k.conf"
wait_for 20 has_rule r2 'from 172.16.0.100 lookup 300'
wait_for 10 sh -c "ip -n $(ns r2) route show table 300 | grep 10.70.0.0/16"
installed r2 | own | sort >"$WORKDIR/keepalived.installed"
kill -TERM "$KEEPALIVED_PID"
wait "$KEEPALIVED_PID" 2>/dev/null || true
forget_pid "$KEEPALIVED_PID"
wait_for 10 sh -c "[ -z \"\$(ip -n $(ns r2) rule show | grep keepalived)\" ]"
[ -z "$(installed r2 | own)" ] || fail "keepalived left at stop: $(installed r2 | own)"
echo "keepalived 2.2.7 installed $(wc -l <"$WORKDIR/keepalived.installed") items and removed them all at stop"

# 2. routerd on r2 with the imported file: the same lines.
start_routerd r2 "$WORKDIR/r2.toml"
wait_for 20 state_is r2 VI_1 MASTER
wait_for 10 has_rule r2 'from 172.16.0.100 lookup 300'
installed r2 | own | sort >"$WORKDIR/routerd.installed"
diff -u "$WORKDIR/keepalived.installed" "$WORKDIR/routerd.installed" ||
    fail "routerd installed other rules, addresses or routes than keepalived (diff above)"
echo "routerd installed the same $(wc -l <"$WORKDIR/routerd.installed") lines as keepalived"

# 3. r1 takes over: the virtual rules and route move, the static items stay on r2 too.
start_routerd r1 "$WORKDIR/r1.toml"
wait_for 20 state_is r1 VI_1 MASTER
# The IPv6 rule is the last virtual item an instance adds and removes.
has_v6_rule() { ip -n "$(ns "$1")" -6 rule show | grep 'fwmark 0x9 lookup 300' >/dev/null; }
wait_for 10 has_v6_rule r1
wait_for 10 sh -c "! ip -n $(ns r2) -6 rule show | grep 'fwmark 0x9 lookup 300' >/dev/null"
has_rule r1 'from 172.16.0.100 lookup 300' || fail "r1 lacks a virtual rule: $(installed r1)"
has_rule r1 'from all to 10.60.0.0/16 lookup 300' || fail "r1 lacks the no_track virtual rule"
no_rule r2 'from 172.16.0.100 lookup 300' || fail "r2 kept a virtual rule: $(installed r2)"
no_rule r2 'from all to 10.60.0.0/16 lookup 300' || fail "r2 kept the no_track virtual rule"
[ -z "$(ip -n "$(ns r2)" route show table 300)" ] || fail "r2 kept the virtual route"
for host in r1 r2; do
    has_rule "$host" "from 192.168.50.0/24 lookup 100" || fail "$host lacks a static rule: $(installed "$host")"
    ip -n "$(ns "$host")" route show table 100 | grep '10.50.0.0/16 via 172.16.0.254' >/dev/null ||
        fail "$host lacks the static route"
    has_address "$host" 192.168.50.1/24 || fail "$host lacks the static address"
done
echo "failover: the virtual rules moved to r1; the static ones are on both"

# 4. r1 stops: everything it installed goes; r2 takes the virtual rules back.
kill -TERM "$PID_r1"
wait "$PID_r1" || fail "routerd on r1 did not exit cleanly"
forget_pid "$PID_r1"
[ -z "$(installed r1 | grep -v -e 'lookup local$' -e 'lookup main$' -e 'lookup default$' \
    -e 'addr 172.16.0.1/24' -e 'addr 2001:db8::1/64')" ] ||
    fail "r1 left at stop: $(installed r1)"
wait_for 20 state_is r2 VI_1 MASTER
wait_for 10 has_rule r2 'from 172.16.0.100 lookup 300'
echo "stop: r1 removed its static and virtual items; r2 is MASTER with the virtual rules"

# 4b. A reload adds the static items the file gained and removes those it lost (keepalived
# 2.2.7 does the same on SIGHUP); the instance, unchanged, keeps its virtual rules.
sed -i 's|from = "192.168.50.0/24", table = 100, priority = 1000|from = "192.168.51.0/24", table = 100, priority = 1010|; s|address = "192.168.50.1/24"|address = "192.168.51.1/24"|' \
    "$WORKDIR/r2.toml"
grep -q '192.168.51.0/24' "$WORKDIR/r2.toml" || fail "no static rule to change in the import"
kill -HUP "$PID_r2"
wait_for 10 grep "reload applied; changed: vrrp" "$WORKDIR/r2/log"
wait_for 10 has_rule r2 'from 192.168.51.0/24 lookup 100'
no_rule r2 'from 192.168.50.0/24 lookup 100' || fail "the reload kept the dropped static rule"
wait_for 10 has_address r2 192.168.51.1/24
! has_address r2 192.168.50.1/24 || fail "the reload kept the dropped static address"
has_rule r2 'from 172.16.0.100 lookup 300' || fail "the reload removed a virtual rule"
state_is r2 VI_1 MASTER || fail "r2 is no longer MASTER after the reload"
echo "reload: the changed static rule and address replaced, the virtual rules kept"

# 5. kill -9 leaves them all; the next start removes what the store recorded.
kill -9 "$PID_r2"
wait "$PID_r2" 2>/dev/null || true
forget_pid "$PID_r2"
has_rule r2 'from 172.16.0.100 lookup 300' || fail "kill -9 should have left the rules"
rm -f "$WORKDIR/r2/routerd.sock"
cat >"$WORKDIR/bare.toml" <<'TOML'
[vrrp.instance.OTHER]
interface = "eth0"
virtual_router_id = 62
priority = 100
virtual_ipaddress = ["172.16.0.200"]
TOML
start_routerd r2 "$WORKDIR/bare.toml"
wait_for 20 sh -c "[ -z \"\$(ip -n $(ns r2) rule show | grep -v -e 'lookup local\$' -e 'lookup main\$' -e 'lookup default\$')\" ]"
[ -z "$(installed r2 | own)" ] || fail "the start after kill -9 left: $(installed r2 | own)"
echo "kill -9: the next start removed every static and virtual item left behind"
echo "rules: pass"
