#!/usr/bin/env bash
# The test command (README.md; CI runs exactly this): install dependencies, build, run every
# test with ctest, then run each fuzz target briefly in a clang build of its own.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
# DESIGN.md's plugin boundaries, read from what the build just compiled and linked.
python3 scripts/check-boundaries.py . build
(cd build && ctest --output-on-failure -j2 --timeout 600) | tee build/ctest.log

# Fuzz smoke: a short run of every libFuzzer target (the parsers that take bytes from the
# network, the kernel, clients or files, and the VRRP receive path) from its seed corpus; any
# finding fails the test. 10 s a target (16 targets): FUZZ_SECONDS changes it.
export CCACHE_BASEDIR=$PWD CCACHE_NOHASHDIR=true
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DROUTERD_FUZZ=ON >/dev/null
cmake --build build-fuzz -j2 --target routerd_fuzzers
scripts/fuzz.sh build-fuzz "${FUZZ_SECONDS:-10}"

# The VRRP reload storm once more, against routerd and the VRRP plugin built with
# AddressSanitizer and UBSan (only those, in a build folder of their own; any sanitizer report
# fails it): about 4 minutes of build and 90 s of storm on this 2-core machine.
# ROUTERD_ASAN_STORM=0 skips it.
if [ "${ROUTERD_ASAN_STORM:-1}" = 1 ]; then
    cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O0 -g1" \
        -DCMAKE_C_FLAGS_DEBUG="-O0 -g1" -DROUTERD_WERROR=ON -DROUTERD_TESTS=OFF \
        "-DROUTERD_SANITIZE=address;undefined" >/dev/null
    cmake --build build-asan -j2 --target routerd routerctl vrrp
    tests/integration/vrrp/reload_storm_test.sh build-asan/kernel/routerd \
        build-asan/kernel/routerctl build-asan/plugins "$PWD"
fi

# ctest's verdict once more, as the last line.
grep -E "tests passed|tests failed" build/ctest.log | tail -1
