#!/usr/bin/env bash
# The test command (README.md; CI runs exactly this): install dependencies, build, run every
# test with ctest, run each fuzz target briefly in a clang build of its own, then the tests
# again under the sanitizers.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
# The release, fuzz and sanitizer builds together take about 6 GB of compiler cache; ccache's
# default of 5 GB would evict one build's objects while compiling the next.
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-20G}
scripts/build.sh
# DESIGN.md's plugin boundaries, read from what the build just compiled and linked.
python3 scripts/check-boundaries.py . build
# Every C and C++ file as .clang-format lays it out.
scripts/check-format.sh
(cd build && ctest --output-on-failure -j2 --timeout 600) | tee build/ctest.log

# The Debian packages (ROUTERD_PACKAGE_TEST=0 skips them): built with dpkg-buildpackage, checked
# by lintian, installed with apt into a fresh Debian 12 root, where the installed routerd runs a
# VRRP failover (scripts/package-test.sh). The package build compiles with Debian's flags, so
# its first run on a machine is a build of its own (1,146 to 2,049 s at -j1 on a 2-core machine
# shared with three other builds; mmdebstrap's tarball adds about 2 min once); later runs take
# the objects from ccache: 173 s in all at -j1 there (build 136 s, lintian 15 s, the root and
# apt 9 s, the installed routerd, the plugin against routerd-dev and the failover 7 s).
if [ "${ROUTERD_PACKAGE_TEST:-1}" != 0 ]; then
    scripts/package-test.sh build/package-test
fi

# Fuzz smoke: a short run of every libFuzzer target (the parsers that take bytes from the
# network, the kernel, clients or files, and the VRRP receive path) from its seed corpus; any
# finding fails the test. 10 s a target (17 targets, one per CPU at a time): FUZZ_SECONDS
# changes it.
export CCACHE_BASEDIR=$PWD CCACHE_NOHASHDIR=true
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DROUTERD_FUZZ=ON >/dev/null
cmake --build build-fuzz -j2 --target routerd_fuzzers
scripts/fuzz.sh build-fuzz "${FUZZ_SECONDS:-10}"

# Sanitizers (ROUTERD_SANITIZERS=0 skips them): every unit and integration test once more
# against an AddressSanitizer + UBSan build of everything, plugins included (build-asan), and
# the threaded cores' unit tests (bus, store, check runner, forwarder event loop, child runner)
# under ThreadSanitizer (build-tsan). The runtimes write their reports to files rather than to
# the programs' logs, so a report from any process, even one a test does not look at, is found:
# any report fails the run.
if [ "${ROUTERD_SANITIZERS:-1}" = 1 ]; then
    scripts/sanitizers.sh
fi

# ctest's verdict once more, as the last line.
grep -E "tests passed|tests failed" build/ctest.log | tail -1
