#!/usr/bin/env bash
# A real Prometheus (Debian's) scrapes both routerds of the reference failover pair every
# second, from the client's namespace, with routerd's alert rules loaded. The test kills the
# master (kill -9) and reads the failover back through Prometheus's HTTP query API: r1's state
# series goes with its target (up == 0), r2's MASTER series becomes 1, and r2 counted the
# BACKUP -> MASTER transition. The rules load and evaluate in Prometheus itself, and the
# split-brain alert never fires.
# Usage: prometheus_failover_test.sh ROUTERD ROUTERCTL PLUGIN_DIR SOURCE_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/../vrrp/lib.sh"
source "$(dirname "$0")/lib.sh"
require_root
ROUTERD=$1 ROUTERCTL=$2 PLUGINS=$3 SOURCE_DIR=$4
command -v prometheus >/dev/null || { echo "SKIP: Debian's prometheus is missing"; exit 77; }
make_workdir
trap 'status=$?; [ $status -eq 0 ] || { dump_logs; tail -n 30 "$WORKDIR/prometheus.log" >&2; }; cleanup; exit $status' EXIT
vrrp_lab

for host in r1 r2; do
    address=172.16.0.${host#r}
    role=$([ "$host" = r1 ] && echo master || echo backup)
    { cat "$SOURCE_DIR/etc/examples/failover-$role.toml"
      printf '\n[metrics]\nlisten = "%s:9650"\n' "$address"; } >"$WORKDIR/$host.toml"
done
start_routerd r1 "$WORKDIR/r1.toml"
start_routerd r2 "$WORKDIR/r2.toml"
wait_for 10 state_is r1 VI_1 MASTER
wait_for 10 state_is r2 VI_1 BACKUP
wait_for 10 scrape client 172.16.0.1:9650
wait_for 10 scrape client 172.16.0.2:9650

cat >"$WORKDIR/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
  scrape_timeout: 900ms
  evaluation_interval: 1s
rule_files:
  - $SOURCE_DIR/etc/prometheus/routerd-rules.yml
scrape_configs:
  - job_name: routerd
    static_configs:
      - targets: ["172.16.0.1:9650", "172.16.0.2:9650"]
YAML
in_ns client prometheus --config.file "$WORKDIR/prometheus.yml" \
    --storage.tsdb.path "$WORKDIR/tsdb" --web.listen-address 127.0.0.1:9090 \
    --log.level warn >"$WORKDIR/prometheus.log" 2>&1 &
PIDS+=("$!")
wait_for 60 in_ns client curl -sf http://127.0.0.1:9090/-/ready

# query PROMQL: "TARGET=VALUE" per series of the instant vector, sorted, space-separated.
query() {
    in_ns client curl -sf --max-time 5 http://127.0.0.1:9090/api/v1/query \
        --data-urlencode "query=$1" | python3 -c '
import json, sys
answer = json.load(sys.stdin)
assert answer["status"] == "success", answer
print(" ".join(sorted(s["metric"].get("instance", "") + "=" + s["value"][1]
                      for s in answer["data"]["result"])))'
}
query_is() { [ "$(query "$1")" = "$2" ]; }
MASTER='routerd_vrrp_instance_state{job="routerd",vrrp_instance="VI_1",vrid="101",state="MASTER"}'

wait_for 30 query_is 'up' "172.16.0.1:9650=1 172.16.0.2:9650=1"
wait_for 30 query_is "$MASTER" "172.16.0.1:9650=1 172.16.0.2:9650=0"
# The rules loaded, and evaluate without error.
in_ns client curl -sf http://127.0.0.1:9090/api/v1/rules | python3 -c '
import json, sys
rules = [r for g in json.load(sys.stdin)["data"]["groups"] for r in g["rules"]]
assert len(rules) == 5 and all(r["health"] == "ok" for r in rules), rules' ||
    fail "Prometheus did not load routerd's rules healthy"

kill -9 "$PID_r1"
forget_pid "$PID_r1"
start=$(date +%s%N)
wait_for 30 query_is "$MASTER == 1" "172.16.0.2:9650=1"
took=$((($(date +%s%N) - start) / 1000000))
echo "Prometheus saw r2 become MASTER ${took} ms after r1 was killed"
wait_for 10 query_is 'up' "172.16.0.1:9650=0 172.16.0.2:9650=1"
query_is 'routerd_vrrp_transitions_total{vrrp_instance="VI_1",from="BACKUP",to="MASTER"}' \
    "172.16.0.2:9650=1" || fail "r2's BACKUP -> MASTER transition is not counted once"
query_is 'changes(routerd_vrrp_instance_state{instance="172.16.0.2:9650",state="MASTER"}[5m])' \
    "172.16.0.2:9650=1" || fail "r2's MASTER series did not change exactly once"
query_is 'ALERTS{alertname="RouterdVrrpSplitBrain"}' "" || fail "split brain was alerted"
echo "prometheus failover: pass"
