#!/usr/bin/env bash
# Installs what routerd needs to build, test and run its demo, from Debian 12's packages.
set -euo pipefail

PACKAGES=(
    # toolchain
    build-essential cmake ninja-build ccache pkg-config clang libclang-rt-14-dev
    # libraries routerd links
    libnl-3-dev libnl-route-3-dev libnl-genl-3-dev libboost-dev libboost-filesystem-dev
    libtomlplusplus-dev libsqlite3-dev libssl-dev libspdlog-dev libsystemd-dev
    nlohmann-json3-dev libgtest-dev
    # what the tests, benchmarks and the demo run: real peers and servers
    python3 iproute2 procps iputils-ping bridge-utils openssl curl
    keepalived haproxy nginx-light dnsmasq-base python3-aiosmtpd wrk ipvsadm
)

missing=()
for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO=sudo
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
