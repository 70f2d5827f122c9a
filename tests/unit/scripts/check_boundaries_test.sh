#!/usr/bin/env bash
# scripts/check-boundaries.py on small trees of its own, built for real with CMake and Ninja:
# a plugin that includes another plugin's header, and one that links another plugin's library,
# are refused with the file and the reason; the same tree without them passes.
set -euo pipefail
check=$1
work=$(mktemp -d /tmp/routerd-boundaries.XXXXXX)
trap 'rm -rf "$work"' EXIT

# A tree with routerd's folder names: the sdk, plugins/common, and two plugins.
make_tree() {
    local root=$1 vrrp_include=$2 vrrp_links=$3
    mkdir -p "$root"/{sdk/include/routerd,plugins/common,plugins/vrrp,plugins/notify-smtp}
    cat >"$root/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.25)
project(boundaries LANGUAGES CXX)
add_library(sdk INTERFACE)
target_include_directories(sdk INTERFACE sdk/include)
add_subdirectory(plugins/common)
add_subdirectory(plugins/notify-smtp)
add_subdirectory(plugins/vrrp)
CMAKE
    echo 'inline int sdk_answer() { return 1; }' >"$root/sdk/include/routerd/plugin.hpp"
    echo 'inline int common_answer() { return 2; }' >"$root/plugins/common/helper.hpp"
    echo 'int common_lib() { return 0; }' >"$root/plugins/common/helper.cpp"
    echo 'add_library(common STATIC helper.cpp)' >"$root/plugins/common/CMakeLists.txt"
    echo 'inline int reply_answer() { return 3; }' >"$root/plugins/notify-smtp/reply.hpp"
    echo 'int notify_lib() { return 0; }' >"$root/plugins/notify-smtp/notify.cpp"
    echo 'add_library(notify STATIC notify.cpp)' >"$root/plugins/notify-smtp/CMakeLists.txt"
    cat >"$root/plugins/vrrp/vrrp.cpp" <<CPP
#include <routerd/plugin.hpp>
#include "../common/helper.hpp"
$vrrp_include
int vrrp_lib() { return sdk_answer() + common_answer(); }
CPP
    echo "add_library(vrrp STATIC vrrp.cpp)
target_link_libraries(vrrp PRIVATE sdk common $vrrp_links)" >"$root/plugins/vrrp/CMakeLists.txt"
    cmake -S "$root" -B "$root/build" -G Ninja >/dev/null
    cmake --build "$root/build" >/dev/null
}

fail() { echo "FAIL: $*"; exit 1; }

# 1. Clean: the sdk, plugins/common and its own folder.
make_tree "$work/clean" "" ""
"$check" "$work/clean" "$work/clean/build" >"$work/clean.out" || fail "a clean tree was refused: $(cat "$work/clean.out")"
grep -q "plugin boundaries: clean" "$work/clean.out" || fail "no verdict for the clean tree"

# 2. A deliberately bad include: vrrp reaches into notify-smtp's folder.
make_tree "$work/include" '#include "../notify-smtp/reply.hpp"' ""
status=0
"$check" "$work/include" "$work/include/build" >"$work/include.out" || status=$?
[ "$status" -eq 1 ] || fail "a cross-plugin include exited $status, not 1"
grep -q "plugins/vrrp/vrrp.cpp:3: plugins/vrrp/vrrp.cpp includes plugins/notify-smtp/reply.hpp" \
    "$work/include.out" || fail "the include was not named with its line: $(cat "$work/include.out")"

# 3. A deliberately bad link: vrrp links notify-smtp's library.
make_tree "$work/link" "" "notify"
status=0
"$check" "$work/link" "$work/link/build" >"$work/link.out" || status=$?
[ "$status" -eq 1 ] || fail "a cross-plugin link exited $status, not 1"
grep -q "plugins/vrrp/CMakeLists.txt: target vrrp links notify of plugins/notify-smtp" \
    "$work/link.out" || fail "the link was not named: $(cat "$work/link.out")"

echo "check-boundaries: clean tree passes, bad include and bad link refused"
