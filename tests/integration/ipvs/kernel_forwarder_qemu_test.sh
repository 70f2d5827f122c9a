#!/usr/bin/env bash
# The `kernel` forwarder against a real kernel's IPVS. This machine's kernel has no ip_vs, so
# the test boots Debian's cloud kernel in qemu (lib/qemu_vm.sh) with routerd, its plugins,
# ipvsadm and the configurations below in the initramfs; the guest runs the scenario and
# prints ipvsadm's table after each step, and this script compares each with what the
# configuration says. Health comes from `file` checks (no network card needed).
#
# Run 1, forwarder = "kernel", keep_on_stop: NAT, DR (persistent, omega), TUN (UDP, sh with
# flags, GRE; GUE), fwmark (IPv4 and IPv6; a real server without a port, kept as :0), IPv6 and
# SCTP services; a real server whose check is down is absent, or at weight 0 with
# inhibit_on_failure; thresholds; an operator drain; a reload that changes one weight (one
# netlink change, nothing else touched); one that changes a scheduler and a persistence
# timeout (the services are edited in place); one that removes
# a real server and a virtual server; SIGTERM: with keep_on_stop every virtual server stays in
# the kernel (keepalived(8) --dont-release-ipvs).
# Run 2, forwarder = "auto" on the same kernel: picks kernel (ip_vs is loaded), adds an IPv6
# fwmark service (ip_family) with an IPv4 real server over a tunnel, adopts what
# run 1 left but removes the virtual server that left the configuration meanwhile, leaves 301
# services made by hand with ipvsadm alone (so many that reading the table back takes many
# netlink reads); SIGTERM without keep_on_stop removes routerd's virtual servers, as Keepalived
# does, and only the hand-made ones remain (omega on dr logs its real servers going out).
# Run 3, Keepalived's global_defs: lvs_flush empties the table at start (run 2's hand-made
# services go), a sorry server with sorry_server_inhibit and sorry_server_lvs_method, lvs_timeouts sets the connection timeouts (ipvsadm -L --timeout),
# lvs_sync_daemon without a VRRP instance runs the master and the backup daemon (ipvsadm -L
# --daemon); at SIGTERM lvs_flush_on_stop empties the whole table (a service added by hand
# meanwhile too) and the sync daemons stop.
# Run 4, routerd beside Debian's keepalived 2.2.7 (both in the guest, each with its own virtual
# server on the same real servers): one keepalived.conf with lvs_notify_fifo and its script,
# rs_init_notifies, quorum and omega runs in keepalived and, imported by `routerd
# import-keepalived`, in routerd; the same real server goes down and up, then both stop. The
# lines each FIFO's script read are the same, each script was started once with its FIFO last,
# and the FIFOs are gone after the stop.
# Run 5, net_namespace_ipvs and persistence_engine: the IPVS of a network namespace the guest
# made (`unshare --net=FILE`, as `ip netns add` does) gets a persistent UDP virtual server
# with the SIP persistence engine (ipvsadm shows "pe sip"), while routerd and its checks stay
# in the guest's own namespace, whose table stays without it; a reload without net_namespace
# moves it (the namespace's table empties, the guest's gets it); the stop removes it.
# Usage: kernel_forwarder_qemu_test.sh ROUTERD ROUTERCTL BUILD_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/qemu_vm.sh"
ROUTERD=$1
ROUTERCTL=$2
BUILD=$3
vm_require
make_workdir
started=$SECONDS

vm_root_init
vm_add_program "$ROUTERD" /usr/sbin/routerd
vm_add_program "$ROUTERCTL" /usr/sbin/routerctl
vm_add_program "$(command -v ipvsadm)" /usr/sbin/ipvsadm
KEEPALIVED=$(command -v keepalived || true)
[ -n "$KEEPALIVED" ] && vm_add_program "$KEEPALIVED" /usr/sbin/keepalived
install -d -m 755 "$VM_ROOT/usr/lib/routerd" "$VM_ROOT/etc/routerd"
for plugin in ipvs fwd_kernel check_file; do
    vm_add_program "$BUILD/plugins/$plugin.so" "/usr/lib/routerd/$plugin.so"
    chmod 755 "$VM_ROOT/usr/lib/routerd/$plugin.so"
done
vm_add_modules ip_vs ip_vs_rr ip_vs_wrr ip_vs_wlc ip_vs_sh ip_vs_mh ip_vs_pe_sip

# real_server VS NAME ADDRESS WEIGHT [EXTRA]: a real server under a file check: its file
# /run/health/NAME holds 0 (up) or 1 (down) (a file check with weight 0 wants 0).
real_server() {
    cat <<TOML

[ipvs.virtual_server.$1.real_server.$2]
address = "$3"
weight = $4
check = { type = "file", track_file = "/run/health/$2", weight = 0, delay_loop = "1s", retry = 0 }
${5:-}
TOML
}

# write_config FILE [forwarder=kernel] [rs2=WEIGHT (0: none)] [sctp=yes|no] [mark6=yes|no]
#              [keep=true|false] [sched=WEB'S SCHEDULER] [timeout=DR'S PERSISTENCE SECONDS]
#              [family6=yes|no (fwmark 9: ip_family inet6, an IPv4 real server over TUN)]
write_config() {
    local forwarder=kernel rs2=2 sctp=yes mark6=yes keep=false sched=rr timeout=300 family6=no
    [ $# -lt 2 ] || local "${@:2}"
    {
        cat <<TOML
[global]
router_id = "qemu-lb"

[ipvs]
forwarder = "$forwarder"
keep_on_stop = $keep

[ipvs.virtual_server.web]
address = "10.0.0.100:80"
scheduler = "$sched"
method = "NAT"
TOML
        real_server web rs1 192.168.1.11:80 1
        [ "$rs2" -eq 0 ] || real_server web rs2 192.168.1.12:80 "$rs2" "uthreshold = 100
lthreshold = 50"
        real_server web rs3 192.168.1.13:80 3 "inhibit_on_failure = true"
        real_server web rs4 192.168.1.14:80 4
        cat <<TOML

[ipvs.virtual_server.dr]
address = "10.0.0.101:443"
scheduler = "wrr"
method = "DR"
persistence_timeout = "${timeout}s"
persistence_granularity = "255.255.255.0"
omega = true
TOML
        real_server dr rs21 192.168.1.21:443 5
        real_server dr rs22 192.168.1.22:443 1
        cat <<TOML

[ipvs.virtual_server.tun]
address = "10.0.0.102:53"
protocol = "UDP"
scheduler = "sh"
flags = ["sh-port", "ops"]
method = "TUN"
tun_type = "gre"
TOML
        real_server tun rs31 192.168.2.31:53 1
        cat <<TOML

[ipvs.virtual_server.gue]
address = "10.0.0.104:80"
scheduler = "rr"
method = "TUN"
tun_type = "gue"
tun_port = 6080
TOML
        real_server gue rs71 192.168.2.71:80 1
        cat <<TOML

[ipvs.virtual_server.mark]
fwmark = 7
scheduler = "wlc"
method = "DR"
TOML
        real_server mark rs41 192.168.1.41:80 2
        # Without a port: the packet's own destination port (ipvsadm shows :0).
        real_server mark rs44 192.168.1.44 1
        [ "$mark6" = no ] || {
            cat <<TOML

[ipvs.virtual_server.mark6]
fwmark = 8
scheduler = "rr"
method = "DR"
TOML
            real_server mark6 rs42 "[2001:db8:1::12]:80" 1
        }
        [ "$family6" = no ] || {
            cat <<TOML

[ipvs.virtual_server.family6]
fwmark = 9
ip_family = "inet6"
scheduler = "rr"
method = "TUN"
TOML
            real_server family6 rs43 192.168.1.43:80 1
        }
        cat <<TOML

[ipvs.virtual_server.v6]
address = "[2001:db8::100]:80"
scheduler = "mh"
method = "NAT"
TOML
        real_server v6 rs61 "[2001:db8:1::11]:80" 1
        if [ "$sctp" = yes ]; then
            cat <<TOML

[ipvs.virtual_server.sctp]
address = "10.0.0.103:9"
protocol = "SCTP"
scheduler = "rr"
method = "NAT"
TOML
            real_server sctp rs51 192.168.1.51:9 1
        fi
    } >"$VM_ROOT/etc/routerd/$1"
}
write_config run1.toml keep=true
write_config run1-weight.toml keep=true rs2=6
write_config run1-service.toml keep=true rs2=6 sched=wlc timeout=600
write_config run1-removed.toml keep=true rs2=0 sctp=no sched=wlc timeout=600
write_config run2.toml forwarder=auto mark6=no family6=yes
cat >"$VM_ROOT/etc/routerd/run3.toml" <<TOML
[ipvs]
forwarder = "kernel"
flush = true
flush_on_stop = "all"
timeouts = { tcp = "15m", tcpfin = "30s", udp = "45s" }

[ipvs.sync_daemon]
interface = "lo"
syncid = 7
port = 8850
ttl = 2

[ipvs.virtual_server.web]
address = "10.0.0.100:80"
scheduler = "rr"
method = "NAT"
$(real_server web rs8 192.168.1.18:80 1)

[ipvs.virtual_server.sorry]
address = "10.0.0.105:80"
scheduler = "rr"
method = "NAT"
sorry_server = "192.168.1.99:80"
sorry_server_method = "DR"
sorry_server_inhibit = true
$(real_server sorry rs9 192.168.1.19:80 1)
TOML

# Run 5: write_sip_config FILE [NAMESPACE LINE].
write_sip_config() {
    cat >"$VM_ROOT/etc/routerd/$1" <<TOML
[ipvs]
forwarder = "kernel"
${2:-}

[ipvs.virtual_server.sip]
address = "10.0.0.106:5060"
protocol = "UDP"
scheduler = "rr"
method = "NAT"
persistence_timeout = "60s"
persistence_engine = "sip"
$(real_server sip rs10 192.168.1.20:5060 1)
TOML
}
write_sip_config run5.toml 'net_namespace = "lvs"'
write_sip_config run5-here.toml

# Run 4: keepalived_conf SIDE VIP: the configuration, with SIDE's own FIFO, output and files.
# The reader is Keepalived's calling convention: the configured arguments, then the FIFO; it
# reads until the daemon closes the FIFO (the SIGTERM sent before the last lines is ignored).
keepalived_conf() {
    cat <<CONF
global_defs {
    lvs_notify_fifo /run/$1-lvs.fifo
    lvs_notify_fifo_script "/usr/bin/fifo-reader /run/$1-lvs.out"
    rs_init_notifies
}
track_file $1-rs1 { file /run/health/$1-rs1 }
track_file $1-rs2 { file /run/health/$1-rs2 }
virtual_server $2 80 {
    delay_loop 1
    lb_algo rr
    lb_kind NAT
    protocol TCP
    quorum 2
    omega
    real_server 192.168.1.31 80 {
        FILE_CHECK {
            track_file $1-rs1
            weight 0
        }
    }
    real_server 192.168.1.32 80 {
        FILE_CHECK {
            track_file $1-rs2
            weight 0
        }
    }
}
CONF
}
keepalived_conf k 10.0.0.110 >"$VM_ROOT/etc/keepalived.conf"
keepalived_conf r 10.0.0.111 >"$WORKDIR/run4.conf"
"$ROUTERD" import-keepalived "$WORKDIR/run4.conf" -o "$WORKDIR/run4.toml" \
    2>"$WORKDIR/import.err" || fail "import-keepalived: $(cat "$WORKDIR/import.err")"
# The track_file blocks also become [vrrp.track_file] tables, for VRRP instances this VM has
# no plugin for: the checks name their files themselves.
awk '/^\[/ { skip = ($0 ~ /^\[vrrp[].]/) } !skip' "$WORKDIR/run4.toml" >"$VM_ROOT/etc/routerd/run4.toml"
grep -q 'rs_init_notifies = true' "$VM_ROOT/etc/routerd/run4.toml" ||
    fail "the import lost rs_init_notifies: $(cat "$VM_ROOT/etc/routerd/run4.toml")"
# --config-test names each mistake in [ipvs]'s FIFO keys (on this machine: no VM needed).
cat >"$WORKDIR/bad-fifo.toml" <<TOML
[global]
notify_fifo = "$WORKDIR/all.fifo"

[ipvs]
notify_fifo = "lvs.fifo"
notify_fifo_script = "$WORKDIR/no-such-reader"
rs_init_notifies = "yes"
TOML
sed 's|^notify_fifo = "lvs.fifo"|notify_fifo = "'"$WORKDIR"'/all.fifo"|; /no-such-reader/d; /rs_init/d' \
    "$WORKDIR/bad-fifo.toml" >"$WORKDIR/same-fifo.toml"
for config in bad-fifo same-fifo; do
    "$ROUTERD" --config "$WORKDIR/$config.toml" --plugin-dir "$BUILD/plugins" --config-test \
        >/dev/null 2>"$WORKDIR/$config.err" && fail "--config-test accepted $config.toml"
done
F="$WORKDIR/bad-fifo.toml"
for expected in "$F:5:15: ipvs.notify_fifo: must be an absolute path" \
    "$F:6:22: ipvs.notify_fifo_script: \"$WORKDIR/no-such-reader\" is not an executable file" \
    "$F:7:20: ipvs.rs_init_notifies: expected a boolean, found a string" \
    "$WORKDIR/same-fifo.toml:5:15: ipvs.notify_fifo: is [global] notify_fifo too: the FIFOs must differ"; do
    grep -qxF "$expected" "$WORKDIR"/*-fifo.err || fail "not reported: $expected; got: $(cat "$WORKDIR"/*-fifo.err)"
done

install -d "$VM_ROOT/usr/bin"
cat >"$VM_ROOT/usr/bin/fifo-reader" <<'SH'
#!/bin/sh
trap '' TERM
echo "$2" >>"$1.args"
exec cat "$2" >>"$1"
SH
chmod 755 "$VM_ROOT/usr/bin/fifo-reader"

# Services made by hand, which routerd must leave alone: one, and enough more (300 services,
# one of them with 300 destinations) that reading the kernel's table takes many netlink reads.
{
    echo "-A -t 10.7.7.7:7 -s rr"
    for i in $(seq 1 300); do echo "-A -t 10.9.$((i / 250)).$((i % 250)):80 -s rr"; done
    for i in $(seq 1 300); do echo "-a -t 10.9.0.1:80 -r 10.8.$((i / 250)).$((i % 250)):80 -m"; done
} >"$VM_ROOT/etc/hand-made.ipvs"

cat >"$WORKDIR/guest.sh" <<GUEST
$VM_GUEST_SECTIONS
GUEST
cat >>"$WORKDIR/guest.sh" <<'GUEST'
RUN=/run/routerd
mkdir -p $RUN /run/health
for rs in rs1 rs2 rs8 rs9 rs21 rs43 rs22 rs31 rs41 rs42 rs44 rs51 rs61 rs71; do echo 0 >/run/health/$rs; done
for rs in rs3 rs4; do echo 1 >/run/health/$rs; done
ctl() { routerctl --socket $RUN/routerd.sock "$@"; }
# wait_for SECONDS COMMAND...
wait_for() {
    local deadline=$(($(date +%s) + $1))
    shift
    until "$@" >/dev/null 2>&1; do
        [ "$(date +%s)" -lt $deadline ] || { echo "@@@ timeout: $*"; return 1; }
        sleep 0.2
    done
}
# Every check has probed, and the ipvs service has as many real servers down as there are
# checks down (or routerd is gone: its log will tell). `routerctl checks` is a table under a
# header: CHECK TYPE TARGET STATE PROBES FAILURES LAST REASON.
settled() {
    kill -0 $ROUTERD_PID || return 0
    ctl checks >/tmp/checks.txt && ctl ipvs >/tmp/ipvs.txt || return 1
    awk 'NR > 1 && $5 == 0 { unprobed = 1 } END { exit NR < 2 || unprobed }' /tmp/checks.txt &&
        [ "$(awk 'NR > 1 && $4 == "down"' /tmp/checks.txt | wc -l)" = "$(grep -c ' down ' /tmp/ipvs.txt)" ]
}
start_routerd() {
    cp /etc/routerd/$1 $RUN/routerd.toml
    routerd --config $RUN/routerd.toml --plugin-dir /usr/lib/routerd --state-db $RUN/state.db \
        --control-socket $RUN/routerd.sock --foreground --log-level debug >>$RUN/routerd.log 2>&1 &
    ROUTERD_PID=$!
    wait_for 60 settled
}
reload() {
    cp /etc/routerd/$1 $RUN/routerd.toml
    ctl reload
    wait_for 60 settled
}
stop_routerd() {
    kill -TERM $ROUTERD_PID
    wait $ROUTERD_PID
    echo "routerd exited with $?"
}
table() { ipvsadm -Ln --tun-info && echo "--thresholds" && ipvsadm -Ln --thresholds; }
# What routerd sent to the kernel (the kernel forwarder's debug lines), after the first N.
changes_after() { grep -o 'kernel: .*' $RUN/routerd.log | tail -n +$(($1 + 1)); }

echo "@@@ ip_vs $(test -e /proc/net/ip_vs && echo loaded || echo missing)"
start_routerd run1.toml
print_section run1-start table
print_section run1-start-proc cat /proc/net/ip_vs
print_section run1-ctl ctl ipvs
print_section run1-drain ctl ipvs drain web rs1
print_section run1-drained table
before=$(changes_after 0 | wc -l)
print_section run1-reload-weight reload run1-weight.toml
print_section run1-weight table
print_section run1-weight-changes changes_after $before
before=$(changes_after 0 | wc -l)
print_section run1-reload-service reload run1-service.toml
print_section run1-service table
print_section run1-service-changes changes_after $before
print_section run1-reload-removed reload run1-removed.toml
print_section run1-removed table
print_section run1-stop stop_routerd
print_section run1-stopped table
print_section run1-log cat $RUN/routerd.log

: >$RUN/routerd.log
ipvsadm -R </etc/hand-made.ipvs
start_routerd run2.toml
print_section run2-start table
print_section run2-ctl ctl ipvs
print_section run2-stop stop_routerd
print_section run2-stopped table
print_section run2-log cat $RUN/routerd.log

: >$RUN/routerd.log
# The sync daemons send from the interface's own (non-host-scope) IPv4 address.
ip link set lo multicast on
ip addr add 10.99.0.1/32 dev lo
start_routerd run3.toml
print_section run3-start table
print_section run3-timeout ipvsadm -L --timeout
print_section run3-daemon ipvsadm -L --daemon
echo 1 >/run/health/rs9
wait_for 60 sh -c 'ipvsadm -Ln -t 10.0.0.105:80 | grep -q "192.168.1.99:80 *Route *1 "'
print_section run3-quorum-lost table
ipvsadm -A -t 10.7.7.8:8 -s rr
print_section run3-stop stop_routerd
print_section run3-stopped table
print_section run3-stopped-daemon ipvsadm -L --daemon
print_section run3-log cat $RUN/routerd.log

: >$RUN/routerd.log
mkdir -p /run/netns
touch /run/netns/lvs
unshare --net=/run/netns/lvs true
in_lvs() { nsenter --net=/run/netns/lvs "$@"; }
# With its loopback down a new namespace has no local routing table, and IPVS refuses every
# real server there (ip_vs_new_dest: inet_addr_type is then neither RTN_UNICAST nor RTN_LOCAL).
in_lvs ip link set lo up
echo 0 >/run/health/rs10
start_routerd run5.toml
print_section run5-lvs in_lvs ipvsadm -Ln
print_section run5-here ipvsadm -Ln
print_section run5-reload reload run5-here.toml
print_section run5-moved-lvs in_lvs ipvsadm -Ln
print_section run5-moved-here ipvsadm -Ln
print_section run5-stop stop_routerd
print_section run5-stopped ipvsadm -Ln
print_section run5-log cat $RUN/routerd.log

# Run 4 (without keepalived on this machine: skipped, and said so on the host).
if [ -x /usr/sbin/keepalived ]; then
    : >$RUN/routerd.log
    for side in k r; do for rs in rs1 rs2; do echo 0 >/run/health/$side-$rs; done; done
    keepalived -n -l -D -f /etc/keepalived.conf -p /run/k.pid -c /run/k-c.pid -r /run/k-v.pid \
        >/run/keepalived.log 2>&1 &
    KEEPALIVED_PID=$!
    start_routerd run4.toml
    # both_have LINE [COUNT]: each daemon's reader has read LINE (its own VIP) COUNT times.
    has() { [ "$(grep -cxF "$(echo "$2" | sed "s/VIP/$1/")" /run/$3-lvs.out 2>/dev/null)" -ge "$4" ]; }
    both_have() {
        wait_for 60 has 10.0.0.110 "$1" k "${2:-1}" && wait_for 60 has 10.0.0.111 "$1" r "${2:-1}"
    }
    both_have "RS [192.168.1.32]:tcp:80 [VIP]:tcp:80 UP"
    for side in k r; do echo 1 >/run/health/$side-rs1; done
    both_have "VS [VIP]:tcp:80 DOWN"
    for side in k r; do echo 0 >/run/health/$side-rs1; done
    both_have "VS [VIP]:tcp:80 UP"
    kill -TERM $KEEPALIVED_PID
    wait $KEEPALIVED_PID
    print_section run4-stop stop_routerd
    both_have "VS [VIP]:tcp:80 DOWN" 2
    for side in k r; do
        print_section run4-$side-lines sed 's/10\.0\.0\.11[01]/VIP/g' /run/$side-lvs.out
        print_section run4-$side-args cat /run/$side-lvs.out.args
        print_section run4-$side-fifo-left ls /run/$side-lvs.fifo
    done
    print_section run4-log cat $RUN/routerd.log
    print_section run4-keepalived-log cat /run/keepalived.log
fi
GUEST

vm_run "$WORKDIR/guest.sh"
grep -qx "@@@ ip_vs loaded" "$SERIAL" || vm_fail "ip_vs did not load in the guest"

# rows SECTION: the guest's table() as sorted rows "SERVICE SCHEDULER [FLAGS]" and
# "SERVICE -> DESTINATION METHOD TUNNEL WEIGHT UPPER LOWER", whatever order the kernel lists
# them in (ipvsadm shows the thresholds instead of the method and weight: two listings).
rows() {
    section "$1" | awk '
        $0 == "--thresholds" {thresholds = 1; next}
        /^(TCP|UDP|SCTP|FWM) / {service = $1 " " $2; if (!thresholds) {$1 = $1; print}; next}
        /^  -> [^R]/ {
            key = service " -> " $2
            if (thresholds) limits[key] = $3 " " $4; else dest[key] = $3 " " $4 " " $5
        }
        END {for (key in dest) print key, dest[key], limits[key]}' | sort
}
# expect_table SECTION: the rows on stdin, and no others but the 300 hand-made services
# (counted apart).
expect_table() {
    local want got
    want=$(sort)
    got=$(rows "$1" | grep -v '^TCP 10\.9\.' || true)
    [ "$got" = "$want" ] ||
        vm_fail "$1: the kernel's table differs from the expected one:
$(diff <(echo "$want") <(echo "$got") | sed 's/^</expected:/; s/^>/kernel:  /' | grep -v '^[0-9]')"
}
# The hand-made services and destinations of lots_of_hand_made.
lots_of_hand_made() { [ "$(rows "$1" | grep -c '^TCP 10\.9\.')" -eq 600 ]; }

# common_rows DR_PERSISTENCE_SECONDS
common_rows() {
    cat <<ROWS
TCP 10.0.0.101:443 wrr persistent $1 mask 255.255.255.0
TCP 10.0.0.101:443 -> 192.168.1.21:443 Route n/a 5 0 0
TCP 10.0.0.101:443 -> 192.168.1.22:443 Route n/a 1 0 0
UDP 10.0.0.102:53 sh (sh-port) ops
UDP 10.0.0.102:53 -> 192.168.2.31:53 Tunnel gre:-c 1 0 0
TCP 10.0.0.104:80 rr
TCP 10.0.0.104:80 -> 192.168.2.71:80 Tunnel gue:6080:-c 1 0 0
FWM 7 wlc
FWM 7 -> 192.168.1.41:80 Route n/a 2 0 0
FWM 7 -> 192.168.1.44:0 Route n/a 1 0 0
TCP [2001:db8::100]:80 mh
TCP [2001:db8::100]:80 -> [2001:db8:1::11]:80 Masq n/a 1 0 0
ROWS
}
mark6_rows() {
    cat <<ROWS
FWM 8 IPv6 rr
FWM 8 -> [2001:db8:1::12]:80 Route n/a 1 0 0
ROWS
}
sctp_rows() {
    cat <<ROWS
SCTP 10.0.0.103:9 rr
SCTP 10.0.0.103:9 -> 192.168.1.51:9 Masq n/a 1 0 0
ROWS
}
# web_rows SCHEDULER RS1_WEIGHT RS2_WEIGHT(0: none): rs3 is down with inhibit_on_failure
# (weight 0), rs4 down without it (absent).
web_rows() {
    echo "TCP 10.0.0.100:80 $1"
    echo "TCP 10.0.0.100:80 -> 192.168.1.11:80 Masq n/a $2 0 0"
    [ "$3" -eq 0 ] || echo "TCP 10.0.0.100:80 -> 192.168.1.12:80 Masq n/a $3 100 50"
    echo "TCP 10.0.0.100:80 -> 192.168.1.13:80 Masq n/a 0 0 0"
}
# changes_are SECTION CHANGE...: what routerd sent to the kernel in that step, in order.
changes_are() {
    local section=$1
    shift
    [ "$(section "$section")" = "$(printf 'kernel: %s\n' "$@")" ] ||
        vm_fail "$section: routerd sent other changes to the kernel: $(section "$section")"
}

stopped_cleanly() {
    grep -qx "routerd exited with 0" <(section "$1") || vm_fail "$1: $(section "$1")"
}

{ web_rows rr 1 2; common_rows 300; mark6_rows; sctp_rows; } | expect_table run1-start
grep -q "0A000064:0050 rr" <(section run1-start-proc) ||
    vm_fail "/proc/net/ip_vs lacks the web service"
section run1-ctl | grep -q "^forwarder: kernel$" ||
    vm_fail "routerctl ipvs does not say forwarder: kernel"
grep -q "forwarder: kernel$" <(section run1-log) || vm_fail "routerd did not log forwarder: kernel"

{ web_rows rr 0 2; common_rows 300; mark6_rows; sctp_rows; } | expect_table run1-drained

# A reload that changes one weight sends that one change, and one that changes services'
# settings edits them in place (their destinations and connections stay).
section run1-reload-weight | grep -q "changed: ipvs" || vm_fail "the weight reload changed nothing"
{ web_rows rr 0 6; common_rows 300; mark6_rows; sctp_rows; } | expect_table run1-weight
changes_are run1-weight-changes "edit destination tcp:10.0.0.100:80 192.168.1.12:80"
{ web_rows wlc 0 6; common_rows 600; mark6_rows; sctp_rows; } | expect_table run1-service
changes_are run1-service-changes "edit service tcp:10.0.0.100:80" "edit service tcp:10.0.0.101:443"

{ web_rows wlc 0 0; common_rows 600; mark6_rows; } | expect_table run1-removed

stopped_cleanly run1-stop
# keep_on_stop: everything stays as routerd left it (web with its drained rs1), omega or not.
{ web_rows wlc 0 0; common_rows 600; mark6_rows; } | expect_table run1-stopped
grep -q "keep_on_stop: 7 services stay" <(section run1-log) ||
    vm_fail "run1: no log line for keep_on_stop"
grep -q "OUT: stopping" <(section run1-log) && vm_fail "run1: real servers went out at stop"

# Run 2: auto -> kernel, which adopts what run 1 left (back to run2.toml's settings) and
# removes mark6, which run 1 applied and run2.toml no longer has; the hand-made services stay
# throughout. The operator's drain of rs1 in run 1 is kept in the state database across the
# restart (rs1's configuration is the same in run2.toml), so rs1 stays at weight 0.
hand="TCP 10.7.7.7:7 rr"
# ip_family inet6 makes fwmark 9 an IPv6 service whose real server is IPv4, tunnelled.
family6_rows() {
    cat <<ROWS
FWM 9 IPv6 rr
FWM 9 -> 192.168.1.43:80 Tunnel ipip 1 0 0
ROWS
}
{ web_rows rr 0 2; common_rows 300; sctp_rows; family6_rows; echo "$hand"; } |
    expect_table run2-start
lots_of_hand_made run2-start || vm_fail "run2-start: hand-made services went missing"
section run2-ctl | grep -q "^forwarder: kernel$" || vm_fail "auto did not pick the kernel forwarder"
grep -q "forwarder: kernel (auto: ip_vs present)" <(section run2-log) ||
    vm_fail "routerd did not log that auto picked kernel"
# (routerctl reads the kernel's table back: a healthy real server "(out)" would be a misread)
grep -q " up .*(out)\|not in the forwarder" <(section run2-ctl) &&
    vm_fail "routerctl ipvs misses what the kernel runs: $(section run2-ctl)"
stopped_cleanly run2-stop
echo "$hand" | expect_table run2-stopped
lots_of_hand_made run2-stopped || vm_fail "run2-stopped: hand-made services went missing"
# omega (dr only): its real servers are published going out; the others' are not.
for rs in 192.168.1.21:443 192.168.1.22:443; do
    grep -q "real server $rs of tcp:10.0.0.101:443 OUT: stopping" <(section run2-log) ||
        vm_fail "run2: omega did not publish $rs going out at stop"
done
[ "$(grep -c "OUT: stopping" <(section run2-log))" -eq 2 ] ||
    vm_fail "run2: real servers of virtual servers without omega were published at stop"

# Run 3: lvs_flush removed run 2's hand-made services before routerd's came. With quorum the
# inhibited sorry server waits at weight 0, reached by its own method (DR, the service's NAT).
expect_table run3-start <<ROWS
TCP 10.0.0.100:80 rr
TCP 10.0.0.100:80 -> 192.168.1.18:80 Masq n/a 1 0 0
TCP 10.0.0.105:80 rr
TCP 10.0.0.105:80 -> 192.168.1.19:80 Masq n/a 1 0 0
TCP 10.0.0.105:80 -> 192.168.1.99:80 Route n/a 0 0 0
ROWS
# rs9's check fails: the quorum goes, the sorry server takes its weight and rs9 leaves.
expect_table run3-quorum-lost <<ROWS
TCP 10.0.0.100:80 rr
TCP 10.0.0.100:80 -> 192.168.1.18:80 Masq n/a 1 0 0
TCP 10.0.0.105:80 rr
TCP 10.0.0.105:80 -> 192.168.1.99:80 Route n/a 1 0 0
ROWS
[ "$(rows run3-start | grep -c '^TCP 10\.9\.')" -eq 0 ] ||
    vm_fail "run3-start: lvs_flush left the hand-made services"
grep -q "kernel: flushing the IPVS table" <(section run3-log) || vm_fail "run3: no flush at start"
grep -qx "Timeout (tcp tcpfin udp): 900 30 45" <(section run3-timeout) ||
    vm_fail "run3: the kernel's timeouts are not lvs_timeouts': $(section run3-timeout)"
for state in master backup; do
    grep -q "^$state sync daemon (mcast=lo, syncid=7" <(section run3-daemon) ||
        vm_fail "run3: no $state sync daemon on lo with syncid 7: $(section run3-daemon)"
done
grep -q "port=8850, ttl=2" <(section run3-daemon) ||
    vm_fail "run3: the sync daemons lack port 8850 and ttl 2: $(section run3-daemon)"
stopped_cleanly run3-stop
# lvs_flush_on_stop: one flush took the hand-made service too; the daemons stopped.
[ -z "$(rows run3-stopped)" ] || vm_fail "run3: the table is not empty after the stop flush"
[ -z "$(section run3-stopped-daemon)" ] ||
    vm_fail "run3: sync daemons still run after stop: $(section run3-stopped-daemon)"

# Run 5: the SIP service lives in the namespace's IPVS, then in the guest's, then nowhere.
SIP_SERVICE='^UDP +10\.0\.0\.106:5060 rr persistent 60 .*pe sip'
SIP_SERVER='-> 192\.168\.1\.20:5060 +Masq +1 '
has_sip() {
    grep -Eq "$SIP_SERVICE" <(section "$1") && grep -Eq -- "$SIP_SERVER" <(section "$1")
}
no_sip() { ! grep -q "10\.0\.0\.106" <(section "$1"); }
has_sip run5-lvs || vm_fail "run5: the namespace's IPVS lacks the sip service: $(section run5-lvs)"
no_sip run5-here || vm_fail "run5: the sip service is in the guest's own IPVS: $(section run5-here)"
grep -q "kernel: programming the IPVS of network namespace /run/netns/lvs" <(section run5-log) ||
    vm_fail "run5: no log line for the namespace"
no_sip run5-moved-lvs ||
    vm_fail "run5: the reload left the sip service in the namespace: $(section run5-moved-lvs)"
has_sip run5-moved-here ||
    vm_fail "run5: the reload did not bring the sip service home: $(section run5-moved-here)"
grep -q "kernel: leaving the IPVS of network namespace /run/netns/lvs" <(section run5-log) ||
    vm_fail "run5: no log line for leaving the namespace"
stopped_cleanly run5-stop
no_sip run5-stopped || vm_fail "run5: the sip service outlived the stop: $(section run5-stopped)"

# Run 4: the lvs_notify_fifo lines of routerd are keepalived's.
if [ -z "$KEEPALIVED" ]; then
    echo "run 4 skipped: keepalived is not installed"
else
    stopped_cleanly run4-stop
    [ -n "$(section run4-k-lines)" ] || vm_fail "run4: keepalived wrote no lvs FIFO line"
    [ "$(section run4-k-lines)" = "$(section run4-r-lines)" ] ||
        vm_fail "run4: keepalived wrote
$(section run4-k-lines)
routerd wrote
$(section run4-r-lines)"
    for side in k r; do
        [ "$(section run4-$side-args)" = "/run/$side-lvs.fifo" ] ||
            vm_fail "run4: $side's script was not started once with its FIFO last: $(section run4-$side-args)"
        section run4-$side-fifo-left | grep -q "No such file" ||
            vm_fail "run4: $side left its FIFO behind: $(section run4-$side-fifo-left)"
    done
    echo "lvs FIFO lines routerd wrote, as keepalived did:"
    section run4-r-lines
fi

echo "kernel forwarder in qemu: NAT/DR/TUN/fwmark/IPv6/SCTP services, drain, reloads," \
    "keep_on_stop and adoption, removal at stop, omega and auto against ip_vs;" \
    "lvs_flush, lvs_timeouts, lvs_sync_daemon, lvs_flush_on_stop, sorry_server_inhibit and" \
    "sorry_server_lvs_method, ip_family; net_namespace_ipvs and persistence_engine sip;" \
    "lvs_notify_fifo and rs_init_notifies against keepalived" \
    "($((SECONDS - started)) s)"
