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
    # what the tests and the demo run
    python3 iproute2 procps
)

missing=()
for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
fi
