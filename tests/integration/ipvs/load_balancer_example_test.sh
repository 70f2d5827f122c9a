#!/usr/bin/env bash
# etc/examples/load-balancer.toml (the reference page's load-balancing setup) passes
# --config-test with the real plugins, and the mistakes an operator makes in it are refused
# with file:line:col: DR with the userspace forwarder, an unknown scheduler, a bad address, a
# real server without a port with the userspace forwarder, a
# misspelt keep_on_stop (keep_on_stop = true itself passes), lvs_* settings with the userspace
# forwarder (they pass with auto);
# and the kernel forwarder refuses to start on a kernel without ip_vs.
# Usage: load_balancer_example_test.sh ROUTERD BUILD_DIR SOURCE_DIR
source "$(dirname "$0")/../lib/common.sh"
ROUTERD=$1
BUILD=$2
SOURCE=$3
make_workdir

EXAMPLE="$SOURCE/etc/examples/load-balancer.toml"
install -d -m 755 "$WORKDIR/plugins"
for f in ipvs.so fwd_userspace.so fwd_kernel.so check_tcp.so sched_rr.so; do
    install -m 755 "$BUILD/plugins/$f" "$WORKDIR/plugins/"
done
config_test() {
    "$ROUTERD" --config "$1" --plugin-dir "$WORKDIR/plugins" --state-db "$WORKDIR/state.db" \
        --control-socket "$WORKDIR/routerd.sock" --config-test
}

config_test "$EXAMPLE" >"$WORKDIR/ok.out" 2>&1 || { cat "$WORKDIR/ok.out"; fail "the example is refused"; }

# refused NAME SED EXPECTED: the example edited by SED must be refused with EXPECTED.
refused() {
    local file="$WORKDIR/$1.toml"
    sed "$2" "$EXAMPLE" >"$file"
    if config_test "$file" >"$WORKDIR/$1.out" 2>&1; then fail "$1: accepted"; fi
    grep -qF "$3" "$WORKDIR/$1.out" || { cat "$WORKDIR/$1.out"; fail "$1: no '$3'"; }
}
refused dr-userspace 's/^forwarder = "auto".*/forwarder = "userspace"/; s/^method = "NAT".*/method = "DR"/' \
    "$WORKDIR/dr-userspace.toml:40:10: ipvs.virtual_server.web.method: the userspace forwarder only does NAT"
refused scheduler 's/^scheduler = "rr".*/scheduler = "round-robin"/' \
    "ipvs.virtual_server.web.scheduler: unknown scheduler 'round-robin'"
refused address 's/172.16.1.22:80/172.16.1.22:8o/' \
    "$WORKDIR/address.toml:52:11: ipvs.virtual_server.web.real_server.rs3.address: '8o' is not a port (0..65535)"
# Without a port (the packet's own), only the kernel's IPVS can forward.
refused no-port 's/^forwarder = "auto".*/forwarder = "userspace"/; s/172.16.1.22:80/172.16.1.22/' \
    "$WORKDIR/no-port.toml:52:11: ipvs.virtual_server.web.real_server.rs3.address: the userspace forwarder connects to one port of the real server"
refused check 's/type = "tcp", delay_loop = "6s"/type = "tcpp", delay_loop = "6s"/' \
    "ipvs.virtual_server.web.real_server.rs1.check"
refused typo 's/^protocol = "TCP"/protocl = "TCP"/' "unknown key 'protocl' (did you mean 'protocol'?)"
refused keep-typo 's/^# keep_on_stop = false/keep_on_stp = true/' \
    "unknown key 'keep_on_stp' (did you mean 'keep_on_stop'?)"
sed 's/^# keep_on_stop = false/keep_on_stop = true/' "$EXAMPLE" >"$WORKDIR/keep.toml"
config_test "$WORKDIR/keep.toml" >"$WORKDIR/keep.out" 2>&1 || { cat "$WORKDIR/keep.out"; fail "keep_on_stop = true is refused"; }
# Keepalived's lvs_timeouts and lvs_flush as the example shows them pass; the userspace
# forwarder refuses them.
sed 's/^# timeouts = /timeouts = /; s/^# flush = false/flush = true/' "$EXAMPLE" >"$WORKDIR/lvs.toml"
config_test "$WORKDIR/lvs.toml" >"$WORKDIR/lvs.out" 2>&1 || { cat "$WORKDIR/lvs.out"; fail "timeouts and flush are refused"; }
refused lvs-userspace 's/^forwarder = "auto".*/forwarder = "userspace"/; s/^# flush = false/flush = true/' \
    "ipvs.flush: is a setting of the kernel's IPVS: it needs forwarder = \"kernel\""


# forwarder = "kernel" on a kernel without ip_vs: start-up fails and says why.
if [ ! -e /proc/net/ip_vs ] && ! modprobe -n ip_vs 2>/dev/null; then
    sed 's/^forwarder = "auto".*/forwarder = "kernel"/' "$EXAMPLE" >"$WORKDIR/kernel.toml"
    if "$ROUTERD" --config "$WORKDIR/kernel.toml" --plugin-dir "$WORKDIR/plugins" \
        --state-db "$WORKDIR/state.db" --control-socket "$WORKDIR/routerd.sock" --foreground \
        >"$WORKDIR/kernel.out" 2>&1; then
        fail "routerd started the kernel forwarder without ip_vs"
    fi
    grep -q "this kernel has no IPVS" "$WORKDIR/kernel.out" || { cat "$WORKDIR/kernel.out"; fail "no reason given"; }
fi
echo "load-balancer example: accepted, with keep_on_stop too; 6 kinds of mistakes refused with their position"
