#!/usr/bin/env bash
# The Debian packages, end to end: build them the Debian way (dpkg-buildpackage), check them with
# lintian (no error allowed), install them with apt into a fresh Debian 12 root made by
# mmdebstrap from this machine's package sources, and there run `routerd --version`,
# `routerd --config-test` on the shipped /etc/routerd/routerd.toml, a plugin built out of tree
# against the installed routerd-dev, and one VRRP failover between two routerds in network
# namespaces, both run from the root's installed files (binaries, plugins, configurations).
# Usage (as root): package-test.sh WORK_DIR   (WORK_DIR keeps the build for ccache; the base
# root's tarball is cached in /var/cache/routerd/package-test/)
# PACKAGE_JOBS sets the build's parallelism (default 2).
source "$(dirname "$0")/../tests/integration/lib/common.sh"
source "$(dirname "$0")/../tests/integration/lib/netns.sh"
source "$(dirname "$0")/../tests/integration/vrrp/lib.sh"
require_root
SOURCE_DIR=$(realpath "$(dirname "$0")/..")
mkdir -p "$1"
WORK=$(realpath "$1")
CACHE=/var/cache/routerd/package-test
make_workdir
step() { printf '== %s (%ds)\n' "$*" "$SECONDS"; }

# 1. Build. From a copy of the tree (dpkg-buildpackage writes the packages beside the source
# folder), always at the same path, so that ccache finds the previous run's objects.
step "building the packages"
VERSION=$(sed -n 's/^project(routerd VERSION \([0-9.]*\).*/\1/p' "$SOURCE_DIR/CMakeLists.txt")
CHANGELOG_VERSION=$(dpkg-parsechangelog -l "$SOURCE_DIR/debian/changelog" -S Version)
[ "$VERSION" = "$CHANGELOG_VERSION" ] ||
    fail "debian/changelog says $CHANGELOG_VERSION, CMakeLists.txt's project version is $VERSION"
rm -rf "$WORK/package"
mkdir -p "$WORK/package/routerd"
# The tree's files, committed or not, without what .gitignore leaves out (build folders).
git -C "$SOURCE_DIR" ls-files -z --cached --others --exclude-standard |
    (cd "$SOURCE_DIR" && tar --null --files-from=- -cf - 2>/dev/null) |
    tar -xf - -C "$WORK/package/routerd"
# debhelper 13 gives the build a HOME of its own inside the tree: name ccache's usual folder.
CCACHE_DIR=${CCACHE_DIR:-$(ccache -k cache_dir 2>/dev/null || true)}
export CCACHE_DIR CCACHE_BASEDIR=$WORK/package/routerd CCACHE_NOHASHDIR=true
(cd "$WORK/package/routerd" &&
    DEB_BUILD_OPTIONS="nocheck parallel=${PACKAGE_JOBS:-2}" dpkg-buildpackage -b -us -uc \
        >"$WORK/package/build.log" 2>&1) || {
    tail -n 60 "$WORK/package/build.log" >&2
    fail "dpkg-buildpackage failed (log: $WORK/package/build.log)"
}
ARCH=$(dpkg --print-architecture)
DAEMON_DEB=$WORK/package/routerd_${VERSION}_$ARCH.deb
DEV_DEB=$WORK/package/routerd-dev_${VERSION}_all.deb
CHANGES=$WORK/package/routerd_${VERSION}_$ARCH.changes
for f in "$DAEMON_DEB" "$DEV_DEB" "$CHANGES"; do [ -f "$f" ] || fail "no $f"; done

# 2. lintian: any error fails; what it still says is printed.
step "lintian"
lintian --fail-on error --info "$CHANGES" >"$WORK/package/lintian.log" 2>&1 ||
    { cat "$WORK/package/lintian.log" >&2; fail "lintian reports errors"; }
cat "$WORK/package/lintian.log"

# 3. A fresh Debian 12 root from the sources apt uses here. Its tarball is made once per set of
# sources and reused; each run unpacks it anew.
step "the Debian 12 root"
SOURCES=()
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] && SOURCES+=("$f")
done
[ ${#SOURCES[@]} -gt 0 ] || fail "no package sources in /etc/apt/sources.list{,.d}"
MMDEBSTRAP_ARGS=(--variant=apt --format=tar bookworm)
KEY=$(cat "${SOURCES[@]}" <(echo "${MMDEBSTRAP_ARGS[*]}") | sha256sum | cut -c1-16)
BASE=$CACHE/bookworm-$KEY.tar
if [ ! -f "$BASE" ]; then
    mkdir -p "$CACHE"
    mmdebstrap --quiet "${MMDEBSTRAP_ARGS[@]}" "$BASE.new" "${SOURCES[@]}" ||
        fail "mmdebstrap could not make the root"
    mv "$BASE.new" "$BASE"
    find "$CACHE" -maxdepth 1 -name 'bookworm-*.tar' ! -name "bookworm-$KEY.tar" -delete
fi
# The root is not under the work folder: cleanup removes it only once nothing is mounted in it.
ROOT=$(mktemp -d /tmp/routerd-root-XXXXXX)
MOUNTS=()
remove_root() {
    local i
    for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do umount -l "${MOUNTS[i]}" 2>/dev/null || true; done
    if findmnt -rn -o TARGET | grep -q "^$ROOT/"; then
        echo "left $ROOT: something is still mounted in it" >&2
    else
        rm -rf --one-file-system "$ROOT"
    fi
}
CLEANUP_HOOKS+=(remove_root)
tar -xf "$BASE" -C "$ROOT"
mount_in_root() {
    mount "$@"
    MOUNTS+=("${*: -1}")
}
# The tarball has /dev's nodes; /proc is mounted.
mount_in_root -t proc proc "$ROOT/proc"
# apt's downloads are kept between runs; name resolution is the machine's.
mkdir -p "$CACHE/archives/partial" "$ROOT/var/cache/apt/archives"
mount_in_root --bind "$CACHE/archives" "$ROOT/var/cache/apt/archives"
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"

# 4. Install with apt, which takes the dependencies from the same sources.
step "apt install"
cp "$DAEMON_DEB" "$DEV_DEB" "$ROOT/tmp/"
in_root() { chroot "$ROOT" "$@"; }
in_root apt-get update -qq >"$WORKDIR/apt.log" 2>&1 || { cat "$WORKDIR/apt.log"; fail "apt-get update"; }
DEBIAN_FRONTEND=noninteractive in_root apt-get install -y -q --no-install-recommends \
    "/tmp/$(basename "$DAEMON_DEB")" "/tmp/$(basename "$DEV_DEB")" >>"$WORKDIR/apt.log" 2>&1 ||
    { cat "$WORKDIR/apt.log"; fail "apt could not install the packages"; }
echo "apt set up $(grep -c '^Setting up' "$WORKDIR/apt.log") packages"

# 5. The installed files, in the root.
step "installed routerd"
in_root routerd --version | tee "$WORKDIR/version"
grep -qx "routerd $VERSION (plugin ABI [0-9]*\.[0-9]*)" "$WORKDIR/version" ||
    fail "routerd --version does not say $VERSION"
conffiles=$(in_root dpkg-query -W -f='${Conffiles}' routerd)
[[ $conffiles == *" /etc/routerd/routerd.toml "* ]] || fail "/etc/routerd/routerd.toml is not a conffile"
for path in /usr/sbin/routerctl /lib/systemd/system/routerd.service /usr/lib/routerd/plugins/vrrp.so \
    /usr/share/man/man8/routerd.8.gz /usr/share/man/man8/routerctl.8.gz \
    /usr/share/man/man5/routerd.toml.5.gz /usr/include/routerd/plugin.h \
    /usr/share/cmake/routerd-sdk/routerd-sdkConfig.cmake \
    /usr/share/bash-completion/completions/routerctl /usr/lib/sysusers.d/routerd.conf \
    /usr/share/routerd/prometheus/routerd-rules.yml; do
    [ -e "$ROOT$path" ] || fail "the packages installed no $path"
done
in_root getent passwd routerd >/dev/null || fail "the package did not create the user routerd"
# The unit names the installed daemon and plugin folder.
grep -qx "ExecStart=/usr/sbin/routerd --foreground --config /etc/routerd/routerd.toml --plugin-dir /usr/lib/routerd/plugins" \
    "$ROOT/lib/systemd/system/routerd.service" || fail "the unit's ExecStart names other paths"
# No --plugin-dir: the default must be the folder the package installed the plugins in.
in_root routerd --config-test || fail "--config-test refused the shipped /etc/routerd/routerd.toml"

# 6. routerd-dev: the SDK example built out of tree against the installed package (with this
# machine's compiler: the root has none), then loaded by the installed routerd.
step "a plugin built against routerd-dev"
cmake -S "$SOURCE_DIR/sdk/examples/tcp-banner-check" -B "$WORKDIR/vendor" -G Ninja \
    -DCMAKE_FIND_ROOT_PATH="$ROOT" -DCMAKE_FIND_ROOT_PATH_MODE_PACKAGE=ONLY \
    -DCMAKE_FIND_ROOT_PATH_MODE_INCLUDE=ONLY -DCMAKE_CXX_FLAGS="-Wall -Wextra -Werror" \
    >"$WORKDIR/vendor.log" 2>&1 || { cat "$WORKDIR/vendor.log"; fail "find_package(routerd-sdk)"; }
grep -q "routerd-sdk_DIR:PATH=$ROOT/usr/share/cmake/routerd-sdk" "$WORKDIR/vendor/CMakeCache.txt" ||
    fail "the example did not find the installed SDK: $(grep routerd-sdk_DIR "$WORKDIR/vendor/CMakeCache.txt")"
cmake --build "$WORKDIR/vendor" >>"$WORKDIR/vendor.log" 2>&1 ||
    { cat "$WORKDIR/vendor.log"; fail "the example did not build against routerd-dev"; }
install -d -m 755 "$ROOT/opt/vendor-plugins"
install -m 644 "$WORKDIR/vendor/tcp_banner.so" "$ROOT/opt/vendor-plugins/"
cat >"$ROOT/opt/vendor.toml" <<'TOML'
[checks.ssh]
type = "tcp-banner"
target = "127.0.0.1:22"
expect = "SSH-2.0-"
TOML
in_root routerd --config-test --config /opt/vendor.toml --plugin-dir /usr/lib/routerd/plugins \
    --plugin-dir /opt/vendor-plugins || fail "the installed routerd refused the vendor plugin"

# 7. Failover between the installed examples of the pair (the shipped /etc/routerd/routerd.toml
# runs nothing until the operator writes a configuration): both are the root's routerd with its
# default plugin folder.
step "VRRP failover with the installed files"
start_routerd() {
    local host=$1 config=$2
    ip netns exec "$(ns "$host")" chroot "$ROOT" /usr/sbin/routerd --foreground --log-level debug \
        --config "$config" --state-db "/var/lib/routerd/$host.db" \
        --control-socket "/run/routerd/$host.sock" >>"$WORKDIR/$host.log" 2>&1 &
    eval "PID_$host=$!"
    PIDS+=("$!")
    wait_for 20 test -S "$ROOT/run/routerd/$host.sock"
}
ctl_in() { in_root routerctl --socket "/run/routerd/$1.sock" "${@:2}"; }
ROUTERD_LOG=$WORKDIR/r1.log
mkdir -p "$ROOT/run/routerd" "$ROOT/var/lib/routerd"
vrrp_lab
start_routerd r1 /usr/share/routerd/examples/failover-master.toml
start_routerd r2 /usr/share/routerd/examples/failover-backup.toml
wait_for 20 state_is r1 VI_1 MASTER
wait_for 20 state_is r2 VI_1 BACKUP
in_ns client ping -c 1 -W 2 172.16.0.100 >/dev/null || fail "the VIP does not answer on r1"
[ "$(client_neighbour_mac 172.16.0.100)" = "$(mac_of r1)" ] || fail "the VIP is not at r1's MAC"
kill -9 "$PID_r1"
wait "$PID_r1" 2>/dev/null || true
forget_pid "$PID_r1"
ip -n "$(ns r1)" link set eth0 down
ROUTERD_LOG=$WORKDIR/r2.log
# The protocol's bound is 3 x 1 s + skew; generous here, on a loaded machine.
wait_for 20 state_is r2 VI_1 MASTER
wait_for 20 has_address r2 172.16.0.100
wait_for 20 in_ns client ping -c 1 -W 1 172.16.0.100
[ "$(client_neighbour_mac 172.16.0.100)" = "$(mac_of r2)" ] ||
    fail "the client still sends the VIP's traffic to $(client_neighbour_mac 172.16.0.100), not to r2"
echo "r2 took 172.16.0.100 over after r1 died"
step "package test: pass"
