#!/usr/bin/env bash
# routerd's systemd unit under a real systemd: a Debian 12 root made with mmdebstrap (from this
# machine's apt sources; cached in /var/cache/routerd/) boots with `systemd-nspawn --boot` in a
# network namespace of this test's, routerd installed into it with `cmake --install --prefix /usr`.
# (PID 1 here is not systemd and there is no system bus: nspawn needs --register=no and
# --keep-unit, then it boots.)
#  - systemd-sysusers made the unit's user; `systemctl start routerd` brings routerd up
#    (Type=notify: active once READY=1) as that user, with CAP_NET_ADMIN and CAP_NET_RAW only,
#    no_new_privs and a seccomp filter (/proc/PID/status);
#  - VRRP works under the unit: MASTER with the VIP on the namespace's interface; the
#    track_script and the notify script run (fork and exec under SystemCallFilter=; the notify
#    script writes into the StateDirectory, all ProtectSystem=strict leaves writable);
#  - `systemctl reload routerd` (ExecReload: --config-test, then SIGHUP) applies a change;
#  - the VRRP thread alone is stopped (stop_thread.py): the watchdog pings stop, systemd says
#    "Watchdog timeout" and aborts routerd (which ends once the tracer lets go of the thread)
#    and restarts it (NRestarts 1), and it comes back MASTER.
# Usage: nspawn_unit_test.sh BUILD_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/stop_vrrp_thread.sh"
require_root
BUILD=$1
for tool in mmdebstrap systemd-nspawn nsenter; do
    command -v "$tool" >/dev/null || { echo "SKIP: $tool is missing"; exit 77; }
done
make_workdir

# The packages routerd's binaries and plugins link against, besides systemd's own.
packages() {
    local lib
    {
        echo systemd systemd-sysv iproute2 procps
        ldd "$BUILD/kernel/routerd" "$BUILD/kernel/routerctl" "$BUILD"/plugins/*.so |
            awk '$2 == "=>" && $3 ~ /^\// { print $3 }' | sort -u |
            while read -r lib; do
                dpkg -S "$lib" 2>/dev/null || dpkg -S "$(realpath "$lib")" 2>/dev/null || true
            done | cut -d: -f1
    } | tr ' ' '\n' | sort -u | grep . | paste -sd,
}
wanted=$(packages)
# One cached root per package set: the release and the sanitizer builds link different
# libraries (libasan8, libubsan1), and CI runs both.
CACHE=/var/cache/routerd/nspawn-bookworm-$(printf %s "$wanted" | sha256sum | cut -c1-12)
if [ ! -f "$CACHE/.routerd-packages" ]; then
    rm -rf "$CACHE.new"
    mkdir -p "$(dirname "$CACHE")"
    if ! mmdebstrap --variant=minbase --include="$wanted" bookworm "$CACHE.new" \
        >"$WORKDIR/mmdebstrap.log" 2>&1; then
        tail -5 "$WORKDIR/mmdebstrap.log"
        echo "SKIP: mmdebstrap could not make a Debian 12 root from this machine's apt sources"
        exit 77
    fi
    echo "$wanted" >"$CACHE.new/.routerd-packages"
    rm -rf "$CACHE"
    mv "$CACHE.new" "$CACHE"
fi
ROOT="$WORKDIR/root"
cp -a "$CACHE" "$ROOT"
DESTDIR="$ROOT" cmake --install "$BUILD" --prefix /usr >"$WORKDIR/install.log"

lone_host r1
cat >"$ROOT/usr/local/bin/notify.sh" <<'SH'
#!/bin/sh
echo "$3 uid=$(id -u) $(grep CapEff /proc/self/status)" >>/var/lib/routerd/notify.log
SH
chmod 755 "$ROOT/usr/local/bin/notify.sh"
touch "$ROOT/etc/routerd/gate"
config() {  # VIP
    cat <<TOML
[vrrp.script.gate]
script = "/usr/bin/test -e /etc/routerd/gate"
interval = "1s"

[vrrp.instance.VI_1]
state = "MASTER"
interface = "eth0"
virtual_router_id = 51
priority = 200
advert_int = "1s"
virtual_ipaddress = ["$1/24"]
track_script = ["gate"]
notify = "/usr/local/bin/notify.sh"
TOML
}
config 172.16.0.100 >"$ROOT/etc/routerd/routerd.toml"

systemd-nspawn --boot --register=no --keep-unit --quiet -D "$ROOT" --capability=CAP_NET_ADMIN \
    --network-namespace-path="/run/netns/$(ns r1)" </dev/null >"$WORKDIR/nspawn.log" 2>&1 &
NSPAWN=$!
# Stopped first at exit, before the namespaces go: PID 1 of the container powers off.
stop_container() {
    kill "$NSPAWN" 2>/dev/null || true
    wait "$NSPAWN" 2>/dev/null || true
}
CLEANUP_HOOKS=(stop_container "${CLEANUP_HOOKS[@]}")

# The container's PID 1: nspawn's child, PID 1 of its own PID namespace ("NSpid: HOST_PID 1").
leader() {
    local pid
    for pid in $(ps -o pid= --ppid "$NSPAWN"); do
        awk '$1 == "NSpid:" && $NF == 1 { found = 1 } END { exit !found }' \
            "/proc/$pid/status" 2>/dev/null && echo "$pid"
    done
    return 0
}
# in_container PID: PID runs in the container (its PID namespace).
in_container() {
    [ "$(readlink "/proc/$1/ns/pid" 2>/dev/null)" = "$(readlink "/proc/$LEADER/ns/pid")" ]
}
has_leader() { [ -n "$(leader)" ]; }
wait_for 60 has_leader
LEADER=$(leader)
inside() { nsenter -t "$LEADER" -m -u -i -n -p -- "$@"; }
booted() { [[ $(inside systemctl is-system-running 2>/dev/null) =~ ^(running|degraded)$ ]]; }
wait_for 120 booted
inside id routerd >/dev/null || fail "systemd-sysusers did not make the unit's user"
echo "ok: Debian 12 booted with systemd-nspawn --boot; user routerd: $(inside id routerd)"

journal() { inside journalctl -u routerd --no-pager -o cat 2>/dev/null; }
trap 'status=$?; [ $status -eq 0 ] || { echo "--- journal ---"; journal | tail -n 40; } >&2; cleanup; exit $status' EXIT
inside systemctl start routerd || fail "systemctl start routerd failed"
[ "$(inside systemctl is-active routerd)" = active ] || fail "routerd is not active"
# routerd as this machine sees it: the process in the container's root named routerd.
host_pid() {
    local pid
    for pid in /proc/[0-9]*; do
        pid=${pid#/proc/}
        in_container "$pid" && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = routerd ] && echo "$pid"
    done
    return 0
}
has_routerd() { [ -n "$(host_pid)" ]; }
wait_for 30 has_routerd
PID=$(host_pid)
field() { awk -v f="$1:" '$1 == f { print $2 }' "/proc/$PID/status"; }
[ "$(field Uid)" = "$(inside id -u routerd)" ] || fail "routerd runs as uid $(field Uid)"
[ "$(field CapEff)" = 0000000000003000 ] || fail "CapEff $(field CapEff)"
[ "$(field CapAmb)" = 0000000000000000 ] || fail "CapAmb $(field CapAmb)"
[ "$(field NoNewPrivs)" = 1 ] || fail "no no_new_privs"
[ "$(field Seccomp)" = 2 ] || fail "no seccomp filter (Seccomp: $(field Seccomp))"
echo "ok: systemctl start routerd: active, uid $(field Uid), CapEff $(field CapEff), no_new_privs, seccomp"

has_vip() { ip -n "$(ns r1)" -o addr show dev eth0 | grep -w "$1" >/dev/null; }
wait_for 30 has_vip 172.16.0.100
wait_for 30 grep -q "^MASTER uid=$(inside id -u routerd) CapEff:.0000000000000000$" \
    "$ROOT/var/lib/routerd/notify.log"
echo "ok: VRRP MASTER with the VIP; the notify script ran as routerd with no capability"

config 172.16.0.101 >"$ROOT/etc/routerd/routerd.toml"
inside systemctl reload routerd || fail "systemctl reload routerd failed"
wait_for 30 has_vip 172.16.0.101
echo "ok: systemctl reload routerd applied a new VIP"

rm "$ROOT/etc/routerd/gate"
wait_for 30 sh -c "! ip -n '$(ns r1)' -o addr show dev eth0 | grep -qw 172.16.0.101"
touch "$ROOT/etc/routerd/gate"
wait_for 30 has_vip 172.16.0.101
echo "ok: the track_script took the VIP away when it failed and back when it passed"

stop_vrrp_thread "$PID"
timed_out() { journal | grep -q "routerd.service: Watchdog timeout"; }
wait_for 60 timed_out
# systemd's SIGABRT ends routerd once this test's tracer lets go of the thread it holds.
touch "$WORKDIR/release"
restarts() { inside systemctl show -p NRestarts --value routerd; }
restarted_once() { [ "$(restarts)" = 1 ]; }
wait_for 120 restarted_once
active() { [ "$(inside systemctl is-active routerd)" = active ]; }
wait_for 30 active
wait_for 30 has_routerd
[ "$(host_pid)" != "$PID" ] || fail "routerd was not restarted"
wait_for 30 has_vip 172.16.0.101
echo "ok: with its VRRP thread stopped, systemd's watchdog restarted routerd; it is MASTER again"
