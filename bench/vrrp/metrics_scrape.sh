#!/usr/bin/env bash
# /metrics at scale: 1,000 VRRP instances at 1 s adverts (4 interfaces x 250 VRIDs, routerd
# alone, so MASTER of all), scraped 10 times (time and size of each answer), then back to back
# for a window: the adverts sent meanwhile, against the 1,000 a second the instances owe (a
# scrape that held the VRRP thread up would show as adverts missing), and no state change.
# Usage: metrics_scrape.sh BUILD_DIR [SECONDS]   (root; the back-to-back window, default 20)
source "$(dirname "$0")/../../tests/integration/lib/common.sh"
source "$(dirname "$0")/../../tests/integration/lib/netns.sh"
source "$(dirname "$0")/scale_lab.sh"
require_root
BUILD_DIR=$(realpath "$1")
WINDOW=${2:-20}
make_workdir
scale_lab r
scale_routerd_config "$WORKDIR/routerd.toml"
mkdir -p "$WORKDIR/plugins"
install -m 755 "$BUILD_DIR/plugins/vrrp.so" "$WORKDIR/plugins/"
in_ns r "$BUILD_DIR/kernel/routerd" --foreground --config "$WORKDIR/routerd.toml" \
    --plugin-dir "$WORKDIR/plugins" --state-db "$WORKDIR/state.db" \
    --control-socket "$WORKDIR/routerd.sock" >"$WORKDIR/routerd.log" 2>&1 &
PIDS+=("$!")
wait_for 30 test -S "$WORKDIR/routerd.sock"

metrics() { in_ns r curl -sf --max-time 10 http://127.0.0.1:9650/metrics; }
masters_are() { [ "$(metrics | grep -c 'state="MASTER"} 1$')" = "$1" ]; }
# total NAME: the sum of every NAME sample.
total() { metrics | awk -v name="$1" 'index($1, name "{") == 1 { s += $2 } END { printf "%.0f\n", s }'; }
wait_for 60 masters_are 1000
sleep 10  # warm-up: the new masters' gratuitous ARP repeats (garp_master_delay) are over
for i in $(seq 1 10); do
    in_ns r curl -sf -o "$WORKDIR/metrics.txt" -w '%{time_total} s, %{size_download} bytes\n' \
        http://127.0.0.1:9650/metrics
done
echo "$(grep -c '^[a-z]' "$WORKDIR/metrics.txt") samples per scrape"
transitions=$(total routerd_vrrp_transitions_total)
sent=$(total routerd_vrrp_adverts_sent_total)
start=$(date +%s%N)
end=$((SECONDS + WINDOW)) scrapes=0
while [ $SECONDS -lt $end ]; do
    metrics >/dev/null
    scrapes=$((scrapes + 1))
done
sent=$(($(total routerd_vrrp_adverts_sent_total) - sent))
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
echo "$scrapes back-to-back scrapes in ${elapsed_ms} ms: $sent adverts sent" \
    "($((sent * 1000 / elapsed_ms)) a second; owed: 1000)"
[ "$(total routerd_vrrp_transitions_total)" = "$transitions" ] ||
    fail "an instance changed state while /metrics was scraped"
