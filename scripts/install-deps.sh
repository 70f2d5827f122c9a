#!/usr/bin/env bash
# Installs what routerd needs to build, test and run its demo, from Debian 12's packages.
set -euo pipefail

PACKAGES=(
    # toolchain
    build-essential cmake ninja-build ccache pkg-config clang libclang-rt-14-dev clang-format
    # libraries routerd links
    libnl-3-dev libnl-route-3-dev libnl-genl-3-dev libboost-dev libboost-filesystem-dev
    libtomlplusplus-dev libsqlite3-dev libssl-dev libspdlog-dev
    nlohmann-json3-dev libgtest-dev
    # what the tests, benchmarks and the demo run: real peers and servers
    python3 iproute2 procps iputils-ping bridge-utils openssl curl
    keepalived haproxy nginx-light dnsmasq-base python3-aiosmtpd wrk ipvsadm
    # the VRRP announcement test records the LAN (gratuitous ARPs, NAs, adverts)
    tcpdump
    # the no_accept test reads routerd's nftables table back (`nft list`)
    nftables
    # bench/vrrp/fast_failover.sh: its CPU hog, and the capture it measures failover on
    stress-ng tshark
    # /metrics: promtool checks the exposition and the alert rules; a real Prometheus scrapes
    prometheus
    # the BGP active-active lab: zebra, bgpd and bfdd per namespace (no system-wide FRR runs)
    frr
    # the kernel forwarder's test boots a kernel with ip_vs in a VM (qemu's firmware comes
    # with it: seabios, qemu-system-data)
    qemu-system-x86 busybox-static cpio kmod
    # the Debian packages: their build, lintian, and the fresh Debian 12 root they are tried in
    dpkg-dev debhelper lintian mmdebstrap
    # the systemd unit's tests: systemd-analyze (verify, security) and systemd-nspawn, which
    # boots a Debian 12 root with the unit
    systemd systemd-container
)

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo

missing=()
for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    $SUDO apt-get update -qq
    # The servers among these are for the tests, which start their own copies: keep the
    # packages from starting system-wide services on install.
    policy=/usr/sbin/policy-rc.d
    restore_policy=""
    if [ ! -e $policy ]; then
        printf '#!/bin/sh\nexit 101\n' | $SUDO tee $policy >/dev/null
        $SUDO chmod 755 $policy
        restore_policy=yes
    fi
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
    if [ -n "$restore_policy" ]; then $SUDO rm -f $policy; fi
fi

# The versioned package that the metapackage linux-image-cloud-amd64 stands for.
cloud_kernel_package() {
    apt-cache depends linux-image-cloud-amd64 2>/dev/null |
        awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ {print $2; exit}'
}

# The kernel that the kernel forwarder's test boots in qemu: Debian's cloud kernel, which ships
# the ip_vs modules. It is unpacked under /var/cache/routerd/, not installed: installing it
# would run the initramfs and boot-loader hooks of this machine. depmod writes the modules.dep
# that the test reads.
unpack_cloud_kernel() {
    local cache=/var/cache/routerd package
    package=$(cloud_kernel_package)
    if [ -z "$package" ]; then
        $SUDO apt-get update -qq
        package=$(cloud_kernel_package)
    fi
    [ -n "$package" ] || { echo "no linux-image-cloud-amd64 in the package lists" >&2; return 1; }
    [ -f "$cache/$package/boot/vmlinuz-${package#linux-image-}" ] && return 0
    local download
    download=$(mktemp -d)
    # Into a private temporary folder, where apt's own unprivileged user cannot write.
    (cd "$download" && $SUDO apt-get download -qq -o APT::Sandbox::User=root "$package")
    $SUDO mkdir -p "$cache"
    $SUDO rm -rf "$cache/$package.new"
    $SUDO dpkg-deb -x "$download"/"$package"_*.deb "$cache/$package.new"
    $SUDO depmod -b "$cache/$package.new" "${package#linux-image-}"
    $SUDO mv "$cache/$package.new" "$cache/$package"
    rm -rf "$download"
    # The kernels this replaces (a security update renames the package).
    $SUDO find "$cache" -maxdepth 1 -name 'linux-image-*' ! -name "$package" -exec rm -rf {} +
}
unpack_cloud_kernel
