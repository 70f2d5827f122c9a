#!/usr/bin/env bash
# Where routerd's memory goes with scale.sh's 1,000 instances (issue 19, target 2): routerd runs
# under heaptrack until every instance is MASTER and SETTLE seconds more, and is then killed
# (kill -9), so that what heaptrack reports as leaked is exactly the heap that was live at that
# moment. Prints routerd's RSS then (heap and file-backed), and the allocation sites that held
# the most, with their callers.
# - routerd loads its plugins through /proc/self/fd/N (kernel/loader), which heaptrack cannot
#   open afterwards: a plugin's frames are named here, from the mappings routerd had before the
#   kill (addr2line on the plugin file).
# - routerd starts with only the capabilities this configuration needs (setpriv
#   --bounding-set): its capability drop then has nothing to take from any thread, and
#   heaptrack's own thread, which blocks the signal routerd sends every thread for the drop,
#   cannot hold the start up.
# Usage: heap_profile.sh BUILD_DIR [SETTLE_SECONDS] [SITES]   (root; default 30 s, 20 sites)
source "$(dirname "$0")/../../tests/integration/lib/common.sh"
source "$(dirname "$0")/../../tests/integration/lib/netns.sh"
source "$(dirname "$0")/scale_lab.sh"
require_root
command -v heaptrack >/dev/null || fail "needs heaptrack (Debian's heaptrack package)"
BUILD_DIR=$(realpath "$1")
SETTLE=${2:-30}
SITES=${3:-20}
ROUTERD=$BUILD_DIR/kernel/routerd
make_workdir

scale_lab heap
scale_routerd_config "$WORKDIR/routerd.toml"
mkdir -p "$WORKDIR/plugins"
install -m 755 "$BUILD_DIR/plugins/vrrp.so" "$WORKDIR/plugins/"
in_ns heap setpriv --bounding-set=-all,+net_admin,+net_raw \
    heaptrack -o "$WORKDIR/routerd" "$ROUTERD" --foreground --config "$WORKDIR/routerd.toml" \
    --plugin-dir "$WORKDIR/plugins" --state-db "$WORKDIR/state.db" \
    --control-socket "$WORKDIR/routerd.sock" >"$WORKDIR/routerd.log" 2>&1 &
HEAPTRACK_PID=$!
PIDS+=("$HEAPTRACK_PID")
# Under heaptrack every allocation costs a stack walk: the instances come up slowly.
wait_for 300 sh -c "[ \$(ip -n $(ns heap) -o addr | grep -c '\.100/32') -eq 1000 ]"
sleep "$SETTLE"
pid=$(pgrep -f "^$ROUTERD --foreground --config $WORKDIR/routerd.toml")
[ -n "$pid" ] || fail "routerd is not running (log: $WORKDIR/routerd.log)"
grep -E '^(VmRSS|RssAnon|RssFile)' "/proc/$pid/status" | tr -s '\t ' ' '
cp "/proc/$pid/maps" "$WORKDIR/maps"
kill -9 "$pid"
wait "$HEAPTRACK_PID" || true
heaptrack_print -f "$WORKDIR/routerd.zst" --print-leaks 1 --print-peaks 0 --print-allocators 0 \
    --print-temporary 0 >"$WORKDIR/leaks.txt" 2>/dev/null
python3 - "$WORKDIR/leaks.txt" "$WORKDIR/maps" "$SITES" <<'PY'
import re, subprocess, sys

leaks, maps, sites = open(sys.argv[1]).read().split("\n"), sys.argv[2], int(sys.argv[3])
# Each plugin file mapped, with the address its first byte is at.
bases = {}
for line in open(maps):
    fields = line.split()
    if len(fields) == 6 and fields[5].endswith(".so") and int(fields[2], 16) == 0:
        bases.setdefault(fields[5], int(fields[0].split("-")[0], 16))
ranges = []
for line in open(maps):
    fields = line.split()
    if len(fields) == 6 and fields[5] in bases:
        start, end = (int(x, 16) for x in fields[0].split("-"))
        ranges.append((start, end, fields[5]))

names = {}
def plugin_frame(address):
    """The plugin frame at a return address, with the functions inlined there, or None."""
    for start, end, path in ranges:
        if start <= address < end:
            if address not in names:
                out = subprocess.run(["addr2line", "-f", "-C", "-i", "-e", path,
                                      hex(address - bases[path] - 1)],
                                     capture_output=True, text=True).stdout.split("\n")
                frames = [re.sub(r"\(.*", "", out[k]) + " (" + out[k + 1].split("/")[-1] + ")"
                          for k in range(0, len(out) - 1, 2)]
                names[address] = " <- ".join(frames)
            return names[address]
    return None

# heaptrack_print: "SIZE leaked over N calls from" (an allocation site, its frames under it), then
# "SIZE leaked over N calls from:" for each call stack that went through it, its frames below
# (a location line, "at ..." or "in ...", under each). The standard library's allocator frames
# say nothing: left out.
printed = 0
for line in leaks:
    header = re.match(r"^\s*(\S+) leaked over (\d+) calls from(:?)$", line)
    if header:
        if not header.group(3):  # an allocation site: the total of the stacks under it
            print(f"{header.group(1)} live from one allocation site, through the stacks below:")
            depth = 6  # its own frame says nothing
            continue
        printed += 1
        if printed > sites:
            break
        print(f"  {header.group(1)} live, from:")
        depth = 0
        continue
    if not printed or re.match(r"^\s*(at|in) ", line) or not line.strip():
        continue
    if depth >= 6 or re.search(r"__new_allocator|allocator_traits|std::allocator<|_M_create_node|_M_get_node|operator new", line):
        continue
    frame = line.strip()
    address = re.fullmatch(r"0x([0-9a-f]+)", frame)
    if address:
        frame = plugin_frame(int(address.group(1), 16)) or frame
    print("      " + frame[:160])
    depth += 1
PY
