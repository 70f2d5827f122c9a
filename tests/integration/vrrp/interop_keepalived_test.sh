#!/usr/bin/env bash
# routerd and Debian's keepalived as a VRRP pair, each in turn master and backup:
#   v2-pass, v2-ah (VRRPv2 with PASS / AH authentication), v3-ipv4, v3-ipv6, unicast,
#   excluded (a virtual_ipaddress_excluded address on both sides: installed, never advertised),
#   and unicast-old-checksum (VRRPv3 unicast, keepalived with old_unicast_checksum: it sends and
#   accepts only the checksum of Keepalived < 1.3.6; routerd with old_unicast_checksum = true
#   while master, then without it while backup: it detects the old checksum, and sends it from
#   then on, which keepalived, started again as backup, accepts).
# A backup with the lower priority that stays BACKUP for longer than the master down interval
# is the proof that it accepts the master's adverts; then the master is killed and the
# backup must take over.
# Usage: interop_keepalived_test.sh MODE ROUTERD ROUTERCTL PLUGIN_DIR SOURCE_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/lib.sh"
require_root
MODE=$1 ROUTERD=$2 ROUTERCTL=$3 PLUGINS=$4 SOURCE_DIR=$5
command -v keepalived >/dev/null || { echo "SKIP: keepalived is not installed"; exit 77; }
make_workdir
trap 'status=$?; [ $status -eq 0 ] || { dump_logs; tail -n 30 "$WORKDIR/keepalived.log" >&2; }; cleanup; exit $status' EXIT
vrrp_lab

VERSION=2 AUTH="" VIP=172.16.0.100 VIP_PREFIX=32 UNICAST="" EXCLUDED="" OLD_CHECKSUM=""
case $MODE in
    v2-pass) AUTH=PASS ;;
    v2-ah) AUTH=AH ;;
    v3-ipv4) VERSION=3 ;;
    v3-ipv6) VERSION=3 VIP=2001:db8::100 VIP_PREFIX=64 ;;
    unicast) AUTH=PASS UNICAST=yes ;;
    excluded) EXCLUDED=172.16.0.200/32 ;;
    unicast-old-checksum) VERSION=3 UNICAST=yes OLD_CHECKSUM=yes ;;
    *) fail "unknown mode $MODE" ;;
esac

# routerd on r1, keepalived on r2.
routerd_config() {  # STATE PRIORITY [OLD_CHECKSUM]
    local state=$1 priority=$2 old=${3:-}
    {
        echo "[vrrp.instance.VI_1]"
        echo "state = \"$state\""
        echo "interface = \"eth0\""
        echo "virtual_router_id = 51"
        echo "priority = $priority"
        echo "advert_int = \"1s\""
        echo "version = $VERSION"
        echo "virtual_ipaddress = [\"$VIP/$VIP_PREFIX\"]"
        [ -n "$EXCLUDED" ] && echo "virtual_ipaddress_excluded = [\"$EXCLUDED\"]"
        [ -n "$AUTH" ] && echo "authentication = { type = \"$AUTH\", pass = \"secret12\" }"
        if [ -n "$UNICAST" ]; then
            echo "unicast_src_ip = \"172.16.0.1\""
            echo "unicast_peer = [\"172.16.0.2\"]"
        fi
        if [ -n "$old" ]; then echo "old_unicast_checksum = true"; fi
    } >"$WORKDIR/routerd.toml"
}

keepalived_config() {
    local state=$1 priority=$2
    {
        echo "global_defs {"
        echo "    router_id interop"
        echo "    vrrp_version $VERSION"
        echo "}"
        echo "vrrp_instance VI_1 {"
        echo "    state $state"
        echo "    interface eth0"
        echo "    virtual_router_id 51"
        echo "    priority $priority"
        echo "    advert_int 1"
        [ -n "$AUTH" ] && echo "    authentication { auth_type $AUTH
        auth_pass secret12 }"
        if [ -n "$UNICAST" ]; then
            echo "    unicast_src_ip 172.16.0.2"
            echo "    unicast_peer { 172.16.0.1 }"
        fi
        [ -n "$OLD_CHECKSUM" ] && echo "    old_unicast_checksum"
        echo "    virtual_ipaddress { $VIP/$VIP_PREFIX }"
        [ -n "$EXCLUDED" ] && echo "    virtual_ipaddress_excluded { $EXCLUDED }"
        echo "}"
    } >"$WORKDIR/keepalived.conf"
}

holds() { ip -n "$(ns "$1")" -o addr show dev eth0 | grep -w "$VIP" >/dev/null; }

# No advert from the peer may have been dropped by routerd.
no_drops() {
    local drops
    drops=$(ctl_in r1 --json vrrp json | python3 -c \
        "import json,sys; print(json.load(sys.stdin)['result']['instances']['VI_1']['drops'])")
    [ "$drops" = "{}" ] || fail "routerd dropped keepalived's adverts: $drops"
}

# The interface's own address must be there before routerd starts (IPv6 link-local: no DAD).
wait_for 10 sh -c "ip -n $(ns r1) -6 addr show dev eth0 scope link | grep -q fe80"
wait_for 10 sh -c "ip -n $(ns r2) -6 addr show dev eth0 scope link | grep -q fe80"

echo "== routerd master, keepalived backup ($MODE)"
routerd_config MASTER 200 "$OLD_CHECKSUM"
keepalived_config BACKUP 100
start_routerd r1 "$WORKDIR/routerd.toml"
start_keepalived "$WORKDIR/keepalived.conf"
wait_for 10 state_is r1 VI_1 MASTER
wait_for 10 holds r1
[ -z "$EXCLUDED" ] || has_address r1 "${EXCLUDED%/*}" || fail "routerd did not install $EXCLUDED"
sleep 5  # longer than keepalived's master down interval (3 s + skew)
! holds r2 || fail "keepalived took the VIP: it does not accept routerd's adverts"
grep -q "Entering BACKUP STATE" "$WORKDIR/keepalived.log" || fail "keepalived never became BACKUP"
kill -9 "$PID_r1"
wait_for 10 holds r2
echo "keepalived took over after routerd was killed"
stop_keepalived
ip -n "$(ns r1)" addr del "$VIP/$VIP_PREFIX" dev eth0 2>/dev/null || true
[ -z "$EXCLUDED" ] || ip -n "$(ns r1)" addr del "$EXCLUDED" dev eth0 2>/dev/null || true

echo "== keepalived master, routerd backup ($MODE)"
routerd_config BACKUP 100
keepalived_config MASTER 200
rm -f "$WORKDIR/r1/state.db"*
start_keepalived "$WORKDIR/keepalived.conf"
wait_for 10 holds r2
start_routerd r1 "$WORKDIR/routerd.toml"
wait_for 10 state_is r1 VI_1 BACKUP
sleep 5
state_is r1 VI_1 BACKUP || fail "routerd left BACKUP: it does not accept keepalived's adverts"
! holds r1 || fail "routerd took the VIP while keepalived is master"
no_drops
ctl_in r1 --json vrrp json | grep '"adverts_in": [1-9]' >/dev/null || fail "routerd counted no adverts"
stop_keepalived
wait_for 10 holds r1
state_is r1 VI_1 MASTER || fail "routerd holds the VIP but is not MASTER"
echo "routerd took over after keepalived was killed"
if [ -n "$OLD_CHECKSUM" ]; then
    grep -q "172.16.0.2 sends the unicast VRRPv3 checksum of Keepalived < 1.3.6: sending it too" \
        "$WORKDIR/r1/log" || fail "routerd did not say it detected the old checksum"
    keepalived_config BACKUP 100
    : >"$WORKDIR/keepalived.log"
    start_keepalived "$WORKDIR/keepalived.conf"
    wait_for 10 grep -q "Entering BACKUP STATE" "$WORKDIR/keepalived.log"
    sleep 5  # longer than keepalived's master down interval (3 s + skew)
    ! holds r2 || fail "keepalived took the VIP: routerd does not send the old checksum it detected"
    state_is r1 VI_1 MASTER || fail "routerd left MASTER"
    echo "keepalived (old_unicast_checksum) accepts routerd's adverts after the detection"
fi
echo "interop $MODE: pass"
