#!/usr/bin/env bash
# routerd's tcp and http checkers beside HAProxy 2.6 doing the same health checks, in the
# same run: 10,000 real servers checked by TCP connect and 2,000 by HTTP GET, every second,
# against local listeners (bench/checks/check_sink) in a network namespace of this script's
# own (every 127.x.y.z there is a distinct real server; no traffic leaves it).
# Prints CPU and RSS of each, their ratios, and how many checks fired within 50 ms of their
# schedule (the interval a sink sees between two checks of one target, against 1 s).
# The sinks start once routerd is ready (loading [checks.*] tables takes a while at this
# scale), so both are measured over the same window after it.
# Usage: checks_vs_haproxy.sh BUILD_DIR [SECONDS=60] [TCP=10000] [HTTP=2000]
set -euo pipefail
BUILD=$(cd "$1" && pwd)
DURATION=${2:-60}
TCP_TARGETS=${3:-10000}
HTTP_TARGETS=${4:-2000}
WARMUP=10  # first checks are spread over the first interval; measure after this
[ "$(id -u)" -eq 0 ] || { echo "needs root (a network namespace)"; exit 77; }

WORK=$(mktemp -d /tmp/routerd-bench-checks-XXXXXX)
NS="rdbench$$"
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    ip netns del "$NS" 2>/dev/null || true
    [ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 1' TERM INT
ip netns add "$NS"
ip -n "$NS" link set lo up
# Background processes start with `ip netns exec` itself (it execs: $! is the process).
ulimit -n "$(ulimit -Hn)"  # 12,000 targets; in-flight checks need an fd each

# routerd: [checks.*] tables with the host's plugins.
install -d -m 755 "$WORK/plugins"
install -m 755 "$BUILD/plugins/check_tcp.so" "$BUILD/plugins/check_http.so" "$WORK/plugins/"
python3 - "$WORK/routerd.toml" "$TCP_TARGETS" "$HTTP_TARGETS" <<'PY'
import sys
path, tcp, http = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
addr = lambda p, i: f"127.{p}.{i // 250}.{i % 250 + 1}"
with open(path, "w") as out:
    for i in range(tcp):
        out.write(f'[checks.t{i}]\ntype = "tcp"\ntarget = "{addr(1, i)}:8001"\n'
                  'delay_loop = "1s"\nconnect_timeout = "1s"\nretry = 0\n\n')
    for i in range(http):
        out.write(f'[checks.h{i}]\ntype = "http"\ntarget = "{addr(2, i)}:8002"\n'
                  'url = { path = "/" }\ndelay_loop = "1s"\nconnect_timeout = "1s"\nretry = 0\n\n')
PY
# HAProxy: the same checks (`check inter 1s`), TCP connect and `option httpchk GET /`.
python3 - "$WORK/haproxy.cfg" "$TCP_TARGETS" "$HTTP_TARGETS" <<'PY'
import sys
path, tcp, http = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
addr = lambda p, i: f"127.{p}.{i // 250}.{i % 250 + 1}"
with open(path, "w") as out:
    out.write("global\n  maxconn 1000\n\ndefaults\n  mode tcp\n  timeout connect 1s\n"
              "  timeout check 1s\n  timeout client 1s\n  timeout server 1s\n\n")
    # HAProxy refuses to run without a listener; this one is never used.
    out.write("frontend unused\n  bind 127.0.0.1:9999\n  default_backend tcp_farm\n\n")
    out.write("backend tcp_farm\n")
    for i in range(tcp):
        out.write(f"  server t{i} {addr(3, i)}:9001 check inter 1s\n")
    out.write("\nbackend http_farm\n  mode http\n  option httpchk GET /\n")
    for i in range(http):
        out.write(f"  server h{i} {addr(4, i)}:9002 check inter 1s\n")
PY

ip netns exec "$NS" "$BUILD/kernel/routerd" --config "$WORK/routerd.toml" --plugin-dir "$WORK/plugins" \
    --state-db "$WORK/state.db" --control-socket "$WORK/routerd.sock" --foreground \
    --log-level warn >"$WORK/routerd.log" 2>&1 &
ROUTERD=$!
ip netns exec "$NS" haproxy -q -f "$WORK/haproxy.cfg" >"$WORK/haproxy.log" 2>&1 &
HAPROXY=$!
PIDS+=("$ROUTERD" "$HAPROXY")
# routerd answers its control socket once every check is configured and started.
STARTED=$SECONDS
until "$BUILD/kernel/routerctl" --socket "$WORK/routerd.sock" status >/dev/null 2>&1; do
    kill -0 "$ROUTERD" 2>/dev/null || { echo "routerd did not start:"; cat "$WORK/routerd.log"; exit 1; }
    sleep 1
done
echo "routerd ready after $((SECONDS - STARTED)) s with $((TCP_TARGETS + HTTP_TARGETS)) checks"
kill -0 "$HAPROXY" 2>/dev/null || { echo "haproxy did not start:"; cat "$WORK/haproxy.log"; exit 1; }

# Two sinks, one per checker under test, so each is judged on its own checks.
ip netns exec "$NS" "$BUILD/bench/checks/check_sink" 8001 8002 1000 50 "$WARMUP" >"$WORK/sink-routerd.json" &
SINK_ROUTERD=$!
ip netns exec "$NS" "$BUILD/bench/checks/check_sink" 9001 9002 1000 50 "$WARMUP" >"$WORK/sink-haproxy.json" &
SINK_HAPROXY=$!
PIDS+=("$SINK_ROUTERD" "$SINK_HAPROXY")

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
sleep "$WARMUP"  # both checkers see their targets come back, then settle
R0=$(cpu_ticks "$ROUTERD")
H0=$(cpu_ticks "$HAPROXY")
sleep $((DURATION - WARMUP))
R1=$(cpu_ticks "$ROUTERD")
H1=$(cpu_ticks "$HAPROXY")
R_RSS=$(rss_kb "$ROUTERD")
H_RSS=$(rss_kb "$HAPROXY")
# The lab's own health: SYNs the sinks' listeners dropped make checks time out on both sides.
echo "listener drops in the lab: $(ip netns exec "$NS" nstat -az TcpExtListenDrops |
    awk '/ListenDrops/ {print $2}') SYNs"
"$BUILD/kernel/routerctl" --socket "$WORK/routerd.sock" --json checks >"$WORK/checks.json"
UP=$(python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["checks"]; print(sum(v["state"]=="up" for v in c.values()), len(c))' "$WORK/checks.json")
# Why checks failed, if any did: the most common last reasons of checks with failures.
python3 - "$WORK/checks.json" <<'PY'
import collections, json, sys
checks = json.load(open(sys.argv[1]))["checks"].values()
failed = [c for c in checks if c["failures"]]
if failed:
    print(f"checks that failed at least once: {len(failed)}, "
          f"{sum(c['failures'] for c in failed)} failures; last reasons:")
    for (kind, reason), n in collections.Counter(
            (c["type"], c["last_reason"]) for c in failed).most_common(5):
        print(f"  {n:6} {kind}: {reason}")
PY
kill "$ROUTERD" "$HAPROXY"
kill -TERM "$SINK_ROUTERD" "$SINK_HAPROXY"
wait "$SINK_ROUTERD" "$SINK_HAPROXY" 2>/dev/null || true

python3 - "$WORK" "$((R1 - R0))" "$((H1 - H0))" "$R_RSS" "$H_RSS" "$((DURATION - WARMUP))" \
    "$(getconf CLK_TCK)" "$UP" <<'PY'
import json, sys
work, r_ticks, h_ticks, r_rss, h_rss, seconds, hz, up = sys.argv[1:9]
r_cpu = int(r_ticks) / int(hz) / int(seconds) * 100
h_cpu = int(h_ticks) / int(hz) / int(seconds) * 100
def sinks(name):
    return [json.loads(line) for line in open(f"{work}/sink-{name}.json")]
print(f"checks up in routerd: {up.split()[0]} of {up.split()[1]}")
print(f"{'':22}{'routerd':>12}{'haproxy 2.6':>14}{'ratio':>8}")
print(f"{'CPU % of one core':22}{r_cpu:12.1f}{h_cpu:14.1f}{r_cpu / max(h_cpu, 0.01):8.2f}")
print(f"{'RSS MiB':22}{int(r_rss) / 1024:12.1f}{int(h_rss) / 1024:14.1f}"
      f"{int(r_rss) / int(h_rss):8.2f}")
for kind, (r, h) in zip(("tcp", "http"), zip(sinks("routerd"), sinks("haproxy"))):
    for label, key in (("targets checked", "targets"), ("p50 |dev| ms", "p50_dev_us"),
                       ("p99 |dev| ms", "p99_dev_us"), ("max |dev| ms", "max_dev_us")):
        scale = 1000 if key.endswith("_us") else 1
        print(f"{kind + ' ' + label:22}{r[key] / scale:12.1f}{h[key] / scale:14.1f}")
    rw = r["within"] / max(r["intervals"], 1) * 100
    hw = h["within"] / max(h["intervals"], 1) * 100
    print(f"{kind + ' within 50 ms %':22}{rw:12.2f}{hw:14.2f}"
          f"   ({r['intervals']} / {h['intervals']} intervals)")
PY
