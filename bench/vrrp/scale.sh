#!/usr/bin/env bash
# 1,000 VRRP instances at 1 s adverts (4 interfaces x 250 VRIDs), each daemon alone on its own
# namespace lab and therefore MASTER of all 1,000 (sending 1,000 adverts a second): CPU and
# resident memory of routerd and of keepalived (parent + VRRP child) over the same window of
# the same run, and transitions after the warm-up (there must be none). Both RSS are sampled
# every minute of the window (and at its ends) and their least-squares slope printed in kB per
# minute: a long window (1,800 s) shows whether memory stays flat; growth is a leak.
# Usage: scale.sh BUILD_DIR [SECONDS]   (root; the measured window, default 60)
source "$(dirname "$0")/../../tests/integration/lib/common.sh"
source "$(dirname "$0")/../../tests/integration/lib/netns.sh"
source "$(dirname "$0")/scale_lab.sh"
require_root
BUILD_DIR=$(realpath "$1")
SECONDS_TO_MEASURE=${2:-60}
ROUTERD=$BUILD_DIR/kernel/routerd ROUTERCTL=$BUILD_DIR/kernel/routerctl
make_workdir
TICKS=$(getconf CLK_TCK)

scale_lab routerd
scale_lab keepalived
scale_routerd_config "$WORKDIR/routerd.toml"
scale_keepalived_config "$WORKDIR/keepalived.conf"

mkdir -p "$WORKDIR/plugins"
install -m 755 "$BUILD_DIR/plugins/vrrp.so" "$WORKDIR/plugins/"
ip netns exec "$(ns routerd)" "$ROUTERD" --foreground --config "$WORKDIR/routerd.toml" \
    --plugin-dir "$WORKDIR/plugins" --state-db "$WORKDIR/state.db" \
    --control-socket "$WORKDIR/routerd.sock" >"$WORKDIR/routerd.log" 2>&1 &
ROUTERD_PID=$!
PIDS+=("$ROUTERD_PID")
ip netns exec "$(ns keepalived)" keepalived --dont-fork --log-console --vrrp \
    --use-file "$WORKDIR/keepalived.conf" --pid "$WORKDIR/k.pid" --vrrp_pid "$WORKDIR/kv.pid" \
    >"$WORKDIR/keepalived.log" 2>&1 &
PIDS+=("$!")

keepalived_pids() { pgrep -f "[k]eepalived.*$WORKDIR" | tr '\n' ' '; }
# proc_sum FILE AWK_PROGRAM PID...: a number read from /proc/PID/FILE, summed over the pids.
proc_sum() {
    local file=$1 program=$2 pid total=0
    shift 2
    for pid in "$@"; do
        total=$((total + $(awk "$program" "/proc/$pid/$file")))
    done
    echo $total
}
cpu_ticks() { proc_sum stat '{print $14 + $15}' "$@"; }  # utime + stime
rss_kib() { proc_sum status '/^VmRSS/ {print $2}' "$@"; }
routerd_transitions() {
    "$ROUTERCTL" --socket "$WORKDIR/routerd.sock" --json vrrp json | python3 -c \
        "import json,sys; print(sum(i['transitions'] for i in json.load(sys.stdin)['result']['instances'].values()))"
}
keepalived_transitions() { grep -c "Entering" "$WORKDIR/keepalived.log"; }
masters() { grep -c "Entering MASTER STATE" "$WORKDIR/keepalived.log"; }

# Warm-up: everything MASTER on both sides.
wait_for 60 test -S "$WORKDIR/routerd.sock"
wait_for 60 sh -c "[ \$(ip -n $(ns routerd) -o addr | grep -c '\.100/32') -eq 1000 ]"
wait_for 60 sh -c "[ \$(ip -n $(ns keepalived) -o addr | grep -c '\.100/32') -eq 1000 ]"
sleep 5
KPIDS=$(keepalived_pids)
r_trans0=$(routerd_transitions) k_trans0=$(keepalived_transitions)
r0=$(cpu_ticks "$ROUTERD_PID") k0=$(cpu_ticks $KPIDS)
# sample_rss ELAPSED: one line "seconds routerd_kib keepalived_kib" into the samples file.
# shellcheck disable=SC2086
sample_rss() { echo "$1 $(rss_kib "$ROUTERD_PID") $(rss_kib $KPIDS)" >>"$WORKDIR/rss.samples"; }
sample_rss 0
elapsed=0
while [ $((elapsed + 60)) -lt "$SECONDS_TO_MEASURE" ]; do
    sleep 60
    elapsed=$((elapsed + 60))
    sample_rss "$elapsed"
done
sleep $((SECONDS_TO_MEASURE - elapsed))
r1=$(cpu_ticks "$ROUTERD_PID") k1=$(cpu_ticks $KPIDS)
sample_rss "$SECONDS_TO_MEASURE"
r_rss=$(rss_kib "$ROUTERD_PID") k_rss=$(rss_kib $KPIDS)
r_trans=$(($(routerd_transitions) - r_trans0)) k_trans=$(($(keepalived_transitions) - k_trans0))

python3 - "$r0" "$r1" "$k0" "$k1" "$TICKS" "$SECONDS_TO_MEASURE" "$r_rss" "$k_rss" \
    "$r_trans" "$k_trans" "$WORKDIR/rss.samples" <<'PY'
import sys
r0, r1, k0, k1, ticks, secs, r_rss, k_rss, r_tr, k_tr = map(int, sys.argv[1:11])
samples = [tuple(map(int, line.split())) for line in open(sys.argv[11])]

def slope(column):  # least squares, kB per minute
    ts = [s[0] / 60 for s in samples]
    ys = [s[column] for s in samples]
    mt, my = sum(ts) / len(ts), sum(ys) / len(ys)
    return sum((t - mt) * (y - my) for t, y in zip(ts, ys)) / sum((t - mt) ** 2 for t in ts)

r_cpu = (r1 - r0) / ticks / secs * 100
k_cpu = (k1 - k0) / ticks / secs * 100
print(f"1,000 instances, {secs} s window")
print(f"  routerd    CPU {r_cpu:6.2f} %   RSS {r_rss / 1024:7.1f} MiB   transitions after warm-up {r_tr}")
print(f"  keepalived CPU {k_cpu:6.2f} %   RSS {k_rss / 1024:7.1f} MiB   transitions after warm-up {k_tr}")
print(f"  routerd/keepalived: CPU {r_cpu / k_cpu if k_cpu else float('inf'):.2f}, RSS {r_rss / k_rss:.2f}")
print(f"  RSS slope over {len(samples)} samples: routerd {slope(1):+.1f} kB/min "
      f"({samples[0][1]} -> {samples[-1][1]} kB), keepalived {slope(2):+.1f} kB/min "
      f"({samples[0][2]} -> {samples[-1][2]} kB)")
PY
