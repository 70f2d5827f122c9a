#!/usr/bin/env bash
# Five of Keepalived's VRRP keywords seen on the wire, routerd on r1 MASTER beside Debian's
# keepalived on r2 as its BACKUP:
#  - unicast_ttl: VI_U's unicast adverts to r2 leave with TTL 7 (captured on r2), and keepalived,
#    with the same unicast_ttl, stays BACKUP;
#  - [vrrp] mcast_group6 (vrrp_mcast_group6): VI_6's VRRPv3 adverts go to ff02::1:12 (captured on
#    the client), which keepalived, given the same group, hears: it stays BACKUP;
#  - garp_master_refresh / garp_master_refresh_repeat: while MASTER, VI_R repeats its gratuitous
#    ARP every 2 s, 2 at a time (after garp_master_repeat 1 at the takeover);
#  - [vrrp] min_garp (vrrp_min_garp): VI_U, which sets none of the garp_* keys, sends one
#    gratuitous ARP at its takeover and no second set (the defaults: 5, and 5 more 5 s later);
#  - [vrrp] startup_delay (vrrp_startup_delay): the instances wait 3 s after routerd started;
#  - lower_prio_no_advert and higher_prio_send_advert, each on and off (VRIDs 71..74, 5 s
#    adverts): the client forges one advert to each, a second after the master's own, of a lower
#    priority to the first pair and a higher one to the second; only the instances set to answer
#    send an advert at once (the next scheduled one is 4 s away).
# Usage: wire_keywords_test.sh ROUTERD ROUTERCTL PLUGIN_DIR SOURCE_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/lib.sh"
require_root
ROUTERD=$1 ROUTERCTL=$2 PLUGINS=$3
command -v keepalived >/dev/null || { echo "SKIP: keepalived is not installed"; exit 77; }
command -v tcpdump >/dev/null || { echo "SKIP: tcpdump is not installed"; exit 77; }
make_workdir
trap 'status=$?; [ $status -eq 0 ] || { dump_logs; tail -n 30 "$WORKDIR/keepalived.log" >&2; }; cleanup; exit $status' EXIT
vrrp_lab

cat >"$WORKDIR/routerd.toml" <<'TOML'
[vrrp]
mcast_group6 = "ff02::1:12"
min_garp = true
startup_delay = "3s"

[vrrp.instance.VI_U]
interface = "eth0"
virtual_router_id = 61
priority = 200
advert_int = "1s"
unicast_src_ip = "172.16.0.1"
unicast_peer = ["172.16.0.2"]
unicast_ttl = 7
virtual_ipaddress = ["172.16.0.161"]

[vrrp.instance.VI_6]
interface = "eth0"
version = 3
virtual_router_id = 62
priority = 200
advert_int = "1s"
virtual_ipaddress = ["2001:db8::162"]

[vrrp.instance.VI_R]
interface = "eth0"
virtual_router_id = 63
priority = 200
advert_int = "1s"
garp_master_repeat = 1
garp_master_delay = "0s"
garp_master_refresh = "2s"
garp_master_refresh_repeat = 2
virtual_ipaddress = ["172.16.0.163"]
TOML
for vrid in 71 72 73 74; do
    case $vrid in
        71) setting="lower_prio_no_advert = true" ;;
        72) setting="lower_prio_no_advert = false" ;;
        73) setting="higher_prio_send_advert = true" ;;
        74) setting="higher_prio_send_advert = false" ;;
    esac
    cat >>"$WORKDIR/routerd.toml" <<TOML

[vrrp.instance.VI_$vrid]
state = "MASTER"
interface = "eth0"
virtual_router_id = $vrid
priority = 200
advert_int = "5s"
$setting
virtual_ipaddress = ["172.16.0.$vrid"]
TOML
done
cat >"$WORKDIR/keepalived.conf" <<'CONF'
global_defs {
    router_id wire
    vrrp_mcast_group6 ff02::1:12
}
vrrp_instance VI_U {
    state BACKUP
    interface eth0
    virtual_router_id 61
    priority 100
    advert_int 1
    unicast_src_ip 172.16.0.2
    unicast_peer {
        172.16.0.1
    }
    unicast_ttl 7
    virtual_ipaddress {
        172.16.0.161
    }
}
vrrp_instance VI_6 {
    state BACKUP
    interface eth0
    version 3
    virtual_router_id 62
    priority 100
    advert_int 1
    virtual_ipaddress {
        2001:db8::162
    }
}
CONF
"$ROUTERD" --config-test --config "$WORKDIR/routerd.toml" --plugin-dir "$PLUGINS" >/dev/null ||
    fail "--config-test refused the configuration"

wait_for 10 sh -c "ip -n $(ns r1) -6 addr show dev eth0 scope link | grep -q fe80"
ip netns exec "$(ns r2)" tcpdump -i eth0 -U -nn -v -l 'ip proto 112 and src 172.16.0.1' \
    >"$WORKDIR/unicast.txt" 2>"$WORKDIR/tcpdump-r2.log" &
PIDS+=("$!")
ip netns exec "$(ns client)" tcpdump -i eth0 -U -nn -tt -l 'arp or ip6 proto 112 or ip proto 112' \
    >"$WORKDIR/lan.txt" 2>"$WORKDIR/tcpdump-client.log" &
PIDS+=("$!")
wait_for 10 grep -q "listening on" "$WORKDIR/tcpdump-r2.log"
wait_for 10 grep -q "listening on" "$WORKDIR/tcpdump-client.log"

# routerd first: its instances wait out startup_delay, which keepalived would not.
start_routerd r1 "$WORKDIR/routerd.toml"
for instance in VI_U VI_6 VI_R VI_71 VI_72 VI_73 VI_74; do
    wait_for 15 state_is r1 "$instance" MASTER
done
# A second after the 5 s instances' first adverts: lower priorities to 71, 72, higher to 73, 74.
sleep 1
for vrid in 71 72 73 74; do
    priority=$([ $vrid -le 72 ] && echo 50 || echo 250)
    ip netns exec "$(ns client)" python3 "$(dirname "$0")/forge_advert.py" --dev eth0 \
        --src 172.16.0.10 --dst 224.0.0.18 --vrid $vrid --priority $priority --version 2 \
        --interval-cs 500 --address 172.16.0.$vrid
done
start_keepalived "$WORKDIR/keepalived.conf"
wait_for 10 sh -c "[ \$(grep -c 'Entering BACKUP STATE' '$WORKDIR/keepalived.log') -ge 2 ]"
sleep 7  # three refreshes of VI_R, and keepalived's master down interval twice over

! grep -q "Entering MASTER STATE" "$WORKDIR/keepalived.log" ||
    fail "keepalived became MASTER: it did not hear routerd's adverts"

# unicast_ttl: every advert from r1 to r2 carries TTL 7.
adverts=$(grep -c "172.16.0.1 > 172.16.0.2: VRRP" "$WORKDIR/unicast.txt" || true)
[ "$adverts" -ge 5 ] || fail "r2 saw $adverts unicast adverts from r1: $(cat "$WORKDIR/unicast.txt")"
ttl7=$(grep -c "ttl 7," "$WORKDIR/unicast.txt" || true)
[ "$ttl7" -ge "$adverts" ] || fail "not every unicast advert has TTL 7: $(head -4 "$WORKDIR/unicast.txt")"
echo "ok: $adverts unicast adverts to r2, each with TTL 7"

# mcast_group6: the IPv6 adverts go to ff02::1:12, none to the default ff02::12.
v6=$(grep -c "> ff02::1:12: ip-proto-112\|> ff02::1:12: VRRP" "$WORKDIR/lan.txt" || true)
[ "$v6" -ge 5 ] || fail "$v6 IPv6 adverts to ff02::1:12: $(grep -v ARP "$WORKDIR/lan.txt" | head -4)"
! grep -q "> ff02::12:" "$WORKDIR/lan.txt" || fail "IPv6 adverts went to ff02::12 too"
echo "ok: $v6 VRRPv3 adverts to ff02::1:12"

# garp_master_refresh: gratuitous ARPs for 172.16.0.163 come in bursts of 2, 2 s apart, after
# the takeover's one.
grep "Request who-has 172.16.0.163 tell 172.16.0.163\|Reply 172.16.0.163 is-at" "$WORKDIR/lan.txt" |
    awk '{print $1}' | python3 -c '
import sys
times = [float(line) for line in sys.stdin]
bursts = []
for t in times:
    if bursts and t - bursts[-1][-1] < 0.5:
        bursts[-1].append(t)
    else:
        bursts.append([t])
sizes = [len(b) for b in bursts]
gaps = [round(b[0] - a[0], 2) for a, b in zip(bursts, bursts[1:])]
print("gratuitous ARP bursts:", sizes, "apart (s):", gaps)
ok = sizes[:1] == [1] and len(sizes) >= 3 and all(n == 2 for n in sizes[1:]) \
    and all(1.8 <= g <= 2.5 for g in gaps)
sys.exit(0 if ok else 1)' || fail "the gratuitous ARPs of VI_R are not refreshed as configured"
# lower_prio_no_advert / higher_prio_send_advert: an advert from r1 within 0.5 s of the forged
# one only where the instance is set to answer.
python3 - "$WORKDIR/lan.txt" <<'PY' || fail "the answers to the forged adverts are not as configured"
import re, sys
forged, answered = {}, {}
for line in open(sys.argv[1]):
    m = re.match(r"(\d+\.\d+) IP (\S+) > 224\.0\.0\.18: VRRPv2, Advertisement, vrid (\d+)", line)
    if not m:
        continue
    t, source, vrid = float(m.group(1)), m.group(2), int(m.group(3))
    if source == "172.16.0.10":
        forged[vrid] = t
    elif source == "172.16.0.1" and vrid in forged and 0 < t - forged[vrid] <= 0.5:
        answered[vrid] = True
expected = {71: False, 72: True, 73: True, 74: False}
for vrid, answer in expected.items():
    if vrid not in forged:
        sys.exit(f"no forged advert for VRID {vrid} in the capture")
    got = answered.get(vrid, False)
    print(f"{'ok' if got == answer else 'WRONG'}: VRID {vrid} "
          f"{'answered' if got else 'did not answer'} the forged advert")
sys.exit(0 if all(answered.get(v, False) == a for v, a in expected.items()) else 1)
PY
for vrid in 73 74; do wait_for 5 state_is r1 "VI_$vrid" BACKUP; done

# min_garp: one gratuitous ARP for VI_U's address in all.
garps=$(grep -c "Request who-has 172.16.0.161 tell 172.16.0.161\|Reply 172.16.0.161 is-at" \
    "$WORKDIR/lan.txt" || true)
[ "$garps" = 1 ] || fail "VI_U sent $garps gratuitous ARPs, min_garp asks for 1"
echo "ok: VI_U sent 1 gratuitous ARP (min_garp)"

# startup_delay: from routerd's start to the instances' first step out of INIT, 3 s.
python3 - "$WORKDIR/r1/log" <<'PY' || fail "the instances did not wait for startup_delay"
import datetime, re, sys
def at(line):
    return datetime.datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S.%f")
lines = open(sys.argv[1]).read().splitlines()
started = next(at(l) for l in lines if re.search(r"routerd \S+ started", l))
over = next(at(l) for l in lines if "VI_U:" in l and "startup_delay over" in l)
waited = (over - started).total_seconds()
print(f"ok: VI_U left INIT {waited:.2f} s after routerd started (startup_delay 3 s)")
sys.exit(0 if waited >= 2.5 else 1)
PY
echo "PASS"
