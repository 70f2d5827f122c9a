#!/usr/bin/env bash
# use_ipvlan beside Debian's keepalived 2.2.7 with use_ipvlan. This machine's kernel has no
# ipvlan, so the test boots Debian's cloud kernel in qemu (lib/qemu_vm.sh); in the guest two
# namespaces, r1 (routerd) and r2 (keepalived), share a veth link, and each instance has an L2
# ipvlan of its own address on eth0 (routerd 172.16.0.11, keepalived 172.16.0.12):
#   1. routerd MASTER, keepalived BACKUP: routerd's ipvlan is made as keepalived makes its own
#      (`ip -d link`: ipvlan mode l2 bridge, eth0's MAC, up); its adverts leave from the ipvlan's
#      address; keepalived stays BACKUP; r2 reaches the VIP (on the ipvlan) at r1's MAC.
#   2. routerd stops: its ipvlan is gone and keepalived takes over.
#   3. routerd BACKUP beside keepalived MASTER: it hears keepalived's adverts (from 172.16.0.12)
#      on its ipvlan and stays BACKUP.
#   4. routerd killed with -9: its next start (no ipvlan configured) deletes the ipvlan it left.
# The same guest tests `vrf` (this machine's kernel has no VRF either): in two more namespaces
# (v1: routerd, v2: keepalived) eth0 is enslaved to the VRF "blue" (table 10); routerd's unicast
# instance has `vrf blue` and no interface, keepalived's has `interface eth0` (its `vrf blue`
# without an interface stops at "(VI_1) Unknown interface!" in 2.2.7 here):
#   5. routerd MASTER, keepalived BACKUP stays BACKUP: routerd's adverts leave through the VRF;
#      keepalived started again with a higher priority takes over: routerd hears it (BACKUP).
# Usage: ipvlan_vrf_qemu_test.sh ROUTERD ROUTERCTL BUILD_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/qemu_vm.sh"
ROUTERD=$1 ROUTERCTL=$2 BUILD=$3
vm_require
KEEPALIVED=$(command -v keepalived) || { echo "SKIP: keepalived is not installed"; exit 77; }
command -v tcpdump >/dev/null || { echo "SKIP: tcpdump is not installed"; exit 77; }
make_workdir
trap 'status=$?; cleanup; exit $status' EXIT
started=$SECONDS

vm_root_init
vm_add_program "$ROUTERD" /usr/sbin/routerd
vm_add_program "$ROUTERCTL" /usr/sbin/routerctl
vm_add_program "$KEEPALIVED" /usr/sbin/keepalived
vm_add_program "$(command -v ip)" /usr/sbin/iproute2-ip  # busybox's ip knows no netns
vm_add_program "$(command -v tcpdump)" /usr/sbin/tcpdump
install -d -m 755 "$VM_ROOT/usr/lib/routerd" "$VM_ROOT/etc/routerd"
vm_add_program "$BUILD/plugins/vrrp.so" /usr/lib/routerd/vrrp.so
chmod 755 "$VM_ROOT/usr/lib/routerd/vrrp.so"
vm_add_modules veth ipvlan vrf
# tcpdump drops its privileges to a user it looks up.
echo "root:x:0:0:root:/:/bin/sh" >"$VM_ROOT/etc/passwd"
echo "root:x:0:" >"$VM_ROOT/etc/group"

routerd_config() {  # STATE PRIORITY
    cat <<TOML
[vrrp.instance.VI_1]
state = "$1"
interface = "eth0"
use_ipvlan = { address = "172.16.0.11/24" }
virtual_router_id = 51
priority = $2
advert_int = "1s"
virtual_ipaddress = ["172.16.0.100/32"]
TOML
}
routerd_config MASTER 200 >"$VM_ROOT/etc/routerd/master.toml"
routerd_config BACKUP 100 >"$VM_ROOT/etc/routerd/backup.toml"
cat >"$VM_ROOT/etc/routerd/other.toml" <<TOML
[vrrp.instance.VI_9]
interface = "eth0"
virtual_router_id = 9
virtual_ipaddress = ["172.16.9.1"]
TOML
keepalived_config() {  # STATE PRIORITY
    cat <<CONF
vrrp_instance VI_1 {
    state $1
    interface eth0
    use_ipvlan 172.16.0.12/24
    virtual_router_id 51
    priority $2
    advert_int 1
    virtual_ipaddress { 172.16.0.100/32 }
}
CONF
}
keepalived_config BACKUP 100 >"$VM_ROOT/etc/routerd/k-backup.conf"
keepalived_config MASTER 200 >"$VM_ROOT/etc/routerd/k-master.conf"
cat >"$VM_ROOT/etc/routerd/vrf.toml" <<TOML
[vrrp.instance.VI_1]
state = "MASTER"
vrf = "blue"
unicast_src_ip = "172.16.1.1"
unicast_peer = ["172.16.1.2"]
virtual_router_id = 52
priority = 200
advert_int = "1s"
virtual_ipaddress = [{ address = "172.16.1.100/32", dev = "eth0" }]
TOML
keepalived_vrf() {  # STATE PRIORITY
    cat <<CONF
vrrp_instance VI_1 {
    state $1
    interface eth0
    unicast_src_ip 172.16.1.2
    unicast_peer { 172.16.1.1 }
    virtual_router_id 52
    priority $2
    advert_int 1
    virtual_ipaddress { 172.16.1.100/32 dev eth0 }
}
CONF
}
keepalived_vrf BACKUP 100 >"$VM_ROOT/etc/routerd/k-vrf-backup.conf"
keepalived_vrf MASTER 250 >"$VM_ROOT/etc/routerd/k-vrf-master.conf"

cat >"$WORKDIR/guest.sh" <<GUEST
$VM_GUEST_SECTIONS
GUEST
cat >>"$WORKDIR/guest.sh" <<'GUEST'
IP=/usr/sbin/iproute2-ip
RUN=/run/routerd
mkdir -p $RUN /run/netns
wait_for() {  # SECONDS COMMAND...
    local deadline=$(($(date +%s) + $1))
    shift
    until "$@" >/dev/null 2>&1; do
        [ "$(date +%s)" -lt $deadline ] || { echo "@@@ timeout: $*"; return 1; }
        sleep 0.2
    done
}
in_r1() { $IP netns exec r1 "$@"; }
in_r2() { $IP netns exec r2 "$@"; }
$IP netns add r1
$IP netns add r2
$IP link add eth0 netns r1 type veth peer name eth0 netns r2
for host in 1 2; do
    $IP -n r$host link set lo up
    $IP -n r$host addr add 172.16.0.$host/24 dev eth0
    $IP -n r$host link set eth0 up
done
start_routerd() {  # CONFIG [NAMESPACE]
    $IP netns exec ${2:-r1} routerd --config /etc/routerd/$1 --plugin-dir /usr/lib/routerd --state-db $RUN/state.db \
        --control-socket $RUN/routerd.sock --foreground --log-level debug >>$RUN/routerd.log 2>&1 &
    ROUTERD_PID=$!
    wait_for 30 test -S $RUN/routerd.sock || tail -20 $RUN/routerd.log
}
start_keepalived() {  # CONFIG [NAMESPACE]
    rm -f /run/k.log
    $IP netns exec ${2:-r2} keepalived -n -l -D -f /etc/routerd/$1 -p /run/k.pid -r /run/k-vrrp.pid \
        -c /run/k-check.pid >/run/k.log 2>&1 &
    KEEPALIVED_PID=$!
}
stop() { kill -TERM $1; wait $1; }
state() { routerctl --socket $RUN/routerd.sock --json vrrp json | grep -o '"state": "[A-Z]*"'; }
# keepalived puts the VIP where it will (not on its ipvlan: 2.2.7 sends its GARPs on eth0);
# where routerd puts it is checked by shape.
vip_on() { $IP -n $1 -o addr show | grep -q 172.16.0.100/32; }
# The ipvlan as `ip -d link` shows it, eth0, and the ipvlan's addresses (read on the host).
shape() {
    $IP -n $1 -d -o link show dev vrrp.51
    $IP -n $1 -o link show dev eth0
    $IP -n $1 -o addr show dev vrrp.51
}

echo "== 1. routerd master, keepalived backup"
start_routerd master.toml
start_keepalived k-backup.conf
wait_for 30 vip_on r1
wait_for 30 grep -q "Entering BACKUP STATE" /run/k.log
print_section shape-r1 shape r1
print_section shape-r2 shape r2
print_section adverts in_r2 timeout 6 tcpdump -Z root -n -l -c 3 -i eth0 'ip proto 112'
print_section ping in_r2 ping -c 1 -W 5 172.16.0.100
print_section neighbour $IP -n r2 neigh show 172.16.0.100
print_section master-states state
vip_on r2 && echo "@@@ keepalived took the VIP"
stop $ROUTERD_PID
echo "== 2. routerd stops"
wait_for 30 vip_on r2
print_section after-stop $IP -n r1 -o link show
echo "== 3. routerd backup, keepalived master"
stop $KEEPALIVED_PID
start_keepalived k-master.conf
wait_for 30 vip_on r2
rm -f $RUN/state.db*
start_routerd backup.toml
wait_for 30 sh -c "routerctl --socket $RUN/routerd.sock --json vrrp json | grep -q '\"state\": \"BACKUP\"'"
sleep 4
print_section backup-json routerctl --socket $RUN/routerd.sock --json vrrp json
vip_on r1 && echo "@@@ routerd took the VIP"
echo "== 4. kill -9, next start"
kill -9 $ROUTERD_PID
wait $ROUTERD_PID
print_section left-behind $IP -n r1 -o link show dev vrrp.51
start_routerd other.toml
wait_for 30 sh -c "! $IP -n r1 link show dev vrrp.51"
wait_for 30 grep -q "removed link vrrp.51 on eth0 left behind" $RUN/routerd.log
print_section after-restart $IP -n r1 -o link show
stop $ROUTERD_PID
stop $KEEPALIVED_PID
print_section routerd-log cat $RUN/routerd.log
print_section keepalived-log cat /run/k.log

echo "== 5. vrf"
$IP netns add v1
$IP netns add v2
$IP link add eth0 netns v1 type veth peer name eth0 netns v2
for host in 1 2; do
    $IP -n v$host link set lo up
    $IP -n v$host link add blue type vrf table 10
    $IP -n v$host link set blue up
    $IP -n v$host link set eth0 master blue
    $IP -n v$host addr add 172.16.1.$host/24 dev eth0
    $IP -n v$host link set eth0 up
done
vrf_vip_on() { $IP -n $1 -o addr show dev eth0 | grep -q 172.16.1.100/32; }
rm -f $RUN/state.db* $RUN/routerd.log
start_routerd vrf.toml v1
start_keepalived k-vrf-backup.conf v2
wait_for 30 vrf_vip_on v1
wait_for 30 grep -q "Entering BACKUP STATE" /run/k.log
sleep 5  # longer than keepalived's master down interval (3 s + skew)
vrf_vip_on v2 && echo "@@@ keepalived took the VRF VIP"
print_section vrf-master routerctl --socket $RUN/routerd.sock --json vrrp json
stop $KEEPALIVED_PID
start_keepalived k-vrf-master.conf v2
wait_for 30 vrf_vip_on v2
wait_for 30 sh -c "! $IP -n v1 -o addr show dev eth0 | grep -q 172.16.1.100/32"
print_section vrf-backup routerctl --socket $RUN/routerd.sock --json vrrp json
stop $ROUTERD_PID
stop $KEEPALIVED_PID
print_section vrf-routerd-log cat $RUN/routerd.log
GUEST

vm_run "$WORKDIR/guest.sh"
grep -q "^@@@ keepalived took the VIP" "$SERIAL" && vm_fail "keepalived does not accept routerd's adverts"
grep -q "^@@@ routerd took the VIP" "$SERIAL" && vm_fail "routerd does not hear keepalived's adverts"

# 1. Made as keepalived makes it: the same kind, mode and flags, each with its eth0's MAC.
# shape HOST: "<FLAGS> link/ether MAC ipvlan mode l2 FLAGS link/ether ETH0'S-MAC inet ADDRESS".
shape() {
    local lines
    lines=$(section "shape-$1")
    {
        echo "$lines" | grep ' vrrp\.51[@:]' | grep -v ' inet' |
            grep -o -e '<[A-Z_,]*>' -e 'ipvlan  *mode [a-z0-9]* [a-z]*' -e 'link/ether [0-9a-f:]*'
        echo "$lines" | grep ' eth0[@:]' | grep -o 'link/ether [0-9a-f:]*'
        echo "$lines" | grep -o 'inet [0-9./]*'
    } | tr -s ' ' | paste -sd' '
}
ours=$(shape r1) theirs=$(shape r2)
echo "routerd's vrrp.51: $ours"
echo "keepalived's vrrp.51: $theirs"
kind() { echo "$1" | awk '{print $1, $4, $5, $6, $7}'; }  # flags, ipvlan mode l2 FLAGS
[ "$(kind "$theirs")" != "" ] && [ "$(kind "$ours")" = "$(kind "$theirs")" ] ||
    vm_fail "routerd's ipvlan differs from keepalived's"
mac=$(echo "$ours" | awk '{print $9}')
[[ $ours == "<"*UP*"> link/ether $mac ipvlan mode l2 bridge link/ether $mac inet 172.16.0.11/24 inet 172.16.0.100/32" ]] ||
    vm_fail "not an L2 bridge ipvlan, up, with eth0's MAC and its address: $ours"
section adverts | grep -q "172\.16\.0\.11 > 224\.0\.0\.18: VRRPv2, Advertisement, vrid 51, prio 200" ||
    vm_fail "no advert from the ipvlan's address: $(section adverts)"
section ping | grep -q " 0% packet loss" || vm_fail "r2 does not reach the VIP: $(section ping)"
section neighbour | grep -q "lladdr $mac" || vm_fail "the VIP is not at r1's MAC: $(section neighbour)"
section master-states | grep -q MASTER || vm_fail "routerd was not MASTER: $(section master-states)"
# 2. Deleted at stop.
section after-stop | grep -q 'vrrp\.51' && vm_fail "routerd left its ipvlan at stop"
# 3. keepalived's adverts come from its ipvlan's address, and routerd follows them.
section backup-json | grep -q '"master": "172.16.0.12"' ||
    vm_fail "routerd does not follow keepalived from 172.16.0.12: $(section backup-json)"
# 4. Left by kill -9, deleted by the next start.
section left-behind | grep -q 'vrrp\.51' || vm_fail "the ipvlan went with routerd's death"
section after-restart | grep -q 'vrrp\.51' && vm_fail "the next start left the ipvlan"
# 5. vrf: keepalived accepted routerd's adverts sent through the VRF, and routerd heard
# keepalived's through it.
grep -q "^@@@ keepalived took the VRF VIP" "$SERIAL" &&
    vm_fail "keepalived (vrf) does not accept routerd's adverts: $(section vrf-routerd-log)"
section vrf-master | grep -q '"state": "MASTER"' || vm_fail "routerd (vrf) was not MASTER"
section vrf-master | grep -q '"adverts_out": [1-9]' || vm_fail "routerd (vrf) sent no adverts"
section vrf-backup | grep -q '"state": "BACKUP"' ||
    vm_fail "routerd (vrf) did not hear keepalived take over: $(section vrf-backup)"
section vrf-backup | grep -q '"master": "172.16.1.2"' || vm_fail "routerd (vrf) follows no master"
echo "ipvlan and vrf: pass ($((SECONDS - started)) s)"
