#!/usr/bin/env bash
# Every metric family routerd documents, from a live routerd with everything configured: VRRP
# (an instance in a sync group, a tracked file), a standalone check and checked real servers,
# the ipvs service over the userspace forwarder carrying real traffic to nginx real servers,
# and SMTP alerts into a real SMTP server. Checks: Debian's `promtool check metrics` passes on
# the exposition; every family in docs/metrics.md appears and nothing undocumented does; the
# numbers move as the lab does (adverts rise, forged adverts count as drops by reason, requests
# count as connections and bytes on the real server that served them, a dead real server is
# down with its check's failures counted, the transition to MASTER was mailed and counted);
# /metrics is off with enabled = false and moves with listen, on reload.
# Usage: metrics_lab_test.sh ROUTERD ROUTERCTL BUILD_DIR SOURCE_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/../ipvs/userspace_lab.sh"
source "$(dirname "$0")/lib.sh"
require_root
ROUTERD=$1 ROUTERCTL=$2 BUILD=$3 SOURCE_DIR=$4
command -v promtool >/dev/null || { echo "SKIP: promtool (Debian's prometheus) is missing"; exit 77; }
/usr/bin/python3 -c "import aiosmtpd" 2>/dev/null || { echo "SKIP: python3-aiosmtpd is missing"; exit 77; }
make_workdir

lab_build 2
lab_nginx 1 80  # rs2 serves nothing: its check fails
lab_plugins "$BUILD" plugins/vrrp.so plugins/ipvs.so plugins/fwd_userspace.so \
    plugins/sched_rr.so plugins/check_tcp.so plugins/notify_smtp.so
mkdir -p "$WORKDIR/mail"
in_ns lb /usr/bin/python3 "$SOURCE_DIR/tests/integration/notify_smtp/smtp_server.py" \
    --port 2525 --maildir "$WORKDIR/mail" >"$WORKDIR/smtp.log" 2>&1 &
PIDS+=("$!")
wait_for 10 in_ns lb python3 -c 'import socket; socket.create_connection(("127.0.0.1", 2525), 1)'
echo 5 >"$WORKDIR/weight"

write_config() {  # write_config [METRICS_TABLE_LINES]
    local metrics=${1:-'listen = "127.0.0.1:9650"'}
    cat >"$WORKDIR/routerd.toml" <<TOML
[global]
router_id = "metrics-lab"

[metrics]
$metrics

[notify-smtp]
notification_email = ["ops@example.net"]
notification_email_from = "lb@example.net"
smtp_server = ["127.0.0.1:2525"]
coalesce_window = "0s"

[vrrp.track_file.weight]
file = "$WORKDIR/weight"

[vrrp.sync_group.G1]
group = ["VI_1"]
sync_group_tracking_weight = true  # VI_1's tracked file moves its priority (155), not FAULT

[vrrp.instance.VI_1]
state = "MASTER"
interface = "eth0"
virtual_router_id = 77
priority = 150
advert_int = "1s"
virtual_ipaddress = ["10.201.0.200/24"]
track_file = ["weight"]
smtp_alert = true

[checks.rs1_port]
type = "tcp"
target = "$(lab_rs_address 1):80"
delay_loop = "200ms"

[ipvs]
forwarder = "userspace"

[ipvs.virtual_server.web]
address = "$LAB_VIP:80"
scheduler = "rr"
method = "NAT"
quorum = 1

[ipvs.virtual_server.web.real_server.rs1]
address = "$(lab_rs_address 1):80"
check = { type = "tcp", delay_loop = "200ms", retry = 0 }

[ipvs.virtual_server.web.real_server.rs2]
address = "$(lab_rs_address 2):80"
check = { type = "tcp", delay_loop = "200ms", retry = 0 }
TOML
}
write_config
"$ROUTERD" --config "$WORKDIR/routerd.toml" --plugin-dir "$WORKDIR/plugins" --config-test ||
    fail "the lab's configuration does not pass --config-test"
lab_routerd "$ROUTERD"
wait_for 15 scrape lb 127.0.0.1:9650
ctl() { "$ROUTERCTL" --socket "$WORKDIR/routerd.sock" "$@"; }
# (Not `| grep -q`: under pipefail, routerctl's SIGPIPE when grep stops reading fails it.)
grep '"listen": "127.0.0.1:9650"' <<<"$(ctl --json status)" >/dev/null ||
    fail "status does not show /metrics"

vi1='vrrp_instance="VI_1",vrid="77"'
is_master() {
    [ "$(sample_value "$(scrape lb 127.0.0.1:9650)" "routerd_vrrp_instance_state{$vi1,state=\"MASTER\"}")" = 1 ]
}
wait_for 15 is_master
rs() { echo "virtual_server=\"web\",service=\"tcp:$LAB_VIP:80\",real_server=\"$(lab_rs_address "$1"):80\""; }
rs2_down() {
    [ "$(sample_value "$(scrape lb 127.0.0.1:9650)" "routerd_ipvs_real_server_up{$(rs 2)}")" = 0 ]
}
wait_for 15 rs2_down
for i in 1 2 3 4 5; do [ "$(lab_get "http://$LAB_VIP/")" = rs1 ] || fail "request $i failed"; done
alerts_sent() { [ "$(sum_of "$(scrape lb 127.0.0.1:9650)" routerd_alerts_sent_total "")" -ge 1 ]; }
wait_for 20 alerts_sent
# The forwarder's metrics are sampled once a second.
connections_counted() {
    [ "$(sum_of "$(scrape lb 127.0.0.1:9650)" routerd_ipvs_real_server_connections_total "$(rs 1 | sed 's/virtual_server="web",//')")" -eq 5 ]
}
wait_for 10 connections_counted

# Three VRRPv2 adverts for VI_1 with a 2 s interval (VI_1 has 1 s), forged by the client: each
# dropped in user space (the kernel's socket filter passes them), and counted by reason.
in_ns cl python3 "$SOURCE_DIR/tests/integration/vrrp/forge_advert.py" --dev eth0 \
    --src 10.201.0.2 --dst 224.0.0.18 --vrid 77 --priority 100 --interval-cs 200 \
    --address 10.201.0.200 --count 3
first=$(scrape lb 127.0.0.1:9650)
sleep 2.5
text=$(scrape lb 127.0.0.1:9650)
echo "$text" >"$WORKDIR/metrics.txt"

# Debian's promtool: the exposition parses and follows Prometheus's naming conventions.
promtool check metrics <"$WORKDIR/metrics.txt" || fail "promtool check metrics failed"

# Every documented family is there, and only those.
documented=$(documented_metrics "$SOURCE_DIR/docs/metrics.md")
[ "$(wc -l <<<"$documented")" -ge 40 ] || fail "docs/metrics.md lists too few metrics"
served=$(grep -oE '^# TYPE [a-z_:]+' <<<"$text" | cut -d' ' -f3 | sort -u)
missing=$(comm -23 <(echo "$documented") <(echo "$served"))
[ -z "$missing" ] || fail "documented but not served: $missing"
undocumented=$(comm -13 <(echo "$documented") <(echo "$served"))
[ -z "$undocumented" ] || fail "served but not documented in docs/metrics.md: $undocumented"
# And every family has a sample in this lab (the failures by reason and the transitions by
# from/to appear at their first occurrence: rs2's failures and INIT -> MASTER made them).
for name in $served; do
    grep -qE "^$name(_bucket|_sum|_count)?(\{| )" <<<"$text" || fail "$name has no sample"
done

number() { sample_value "$text" "$1"; }
[ "$(number "routerd_vrrp_instance_state{$vi1,state=\"BACKUP\"}")" = 0 ] || fail "BACKUP is not 0"
[ "$(number 'routerd_vrrp_base_priority{vrrp_instance="VI_1"}')" = 150 ] || fail "base priority"
[ "$(number 'routerd_vrrp_effective_priority{vrrp_instance="VI_1"}')" = 155 ] ||
    fail "effective priority is not 150 + 5 from the tracked file"
[ "$(number 'routerd_vrrp_track_file_value{name="weight"}')" = 5 ] || fail "tracked file value"
[ "$(number 'routerd_vrrp_sync_group_state{group="G1",state="MASTER"}')" = 1 ] || fail "sync group"
[ "$(sum_of "$text" routerd_vrrp_transitions_total 'vrrp_instance="VI_1",from="INIT"')" = 1 ] &&
    [ "$(sum_of "$text" routerd_vrrp_transitions_total 'to="MASTER"')" = 1 ] ||
    fail "VI_1 did not leave INIT once and enter MASTER once: $(grep transitions_total <<<"$text")"
sent_before=$(sample_value "$first" 'routerd_vrrp_adverts_sent_total{vrrp_instance="VI_1"}')
sent_after=$(number 'routerd_vrrp_adverts_sent_total{vrrp_instance="VI_1"}')
[ "$sent_after" -ge $((sent_before + 2)) ] ||
    fail "adverts sent did not rise by 2 in 2.5 s: $sent_before -> $sent_after"
[ "$(number 'routerd_vrrp_adverts_dropped_total{vrrp_instance="VI_1",reason="advert_interval_mismatch"}')" = 3 ] ||
    fail "the forged adverts are not 3 advert_interval_mismatch drops: $(grep "dropped_total.* [1-9]" <<<"$text")"
[ "$(sum_of "$text" routerd_vrrp_adverts_dropped_total 'vrrp_instance="VI_1"')" = 3 ] ||
    fail "drops of other reasons were counted"
last=$(number 'routerd_vrrp_last_transition_timestamp_seconds{vrrp_instance="VI_1"}')
now=$(date +%s)
[ "${last%.*}" -le "$now" ] && [ "${last%.*}" -ge $((now - 120)) ] || fail "last transition $last"
[ "$(number 'routerd_check_up{check="rs1_port",type="tcp",target="10.202.0.11:80"}')" = 1 ] ||
    fail "the standalone check is not up"
[ "$(sum_of "$text" routerd_check_failures_total 'reason="down"')" -ge 1 ] ||
    fail "rs2's failed probes are not counted"
[ "$(number "routerd_ipvs_real_server_up{$(rs 1)}")" = 1 ] || fail "rs1 is not up"
[ "$(number "routerd_ipvs_real_server_weight{$(rs 1)}")" = 1 ] || fail "rs1's weight"
[ "$(number 'routerd_ipvs_virtual_server_quorum_up{virtual_server="web"}')" = 1 ] || fail "quorum"
fwd_rs1="service=\"tcp:$LAB_VIP:80\",real_server=\"$(lab_rs_address 1):80\""
[ "$(number "routerd_ipvs_real_server_incoming_bytes_total{$fwd_rs1}")" -gt 5 ] || fail "bytes in"
[ "$(number "routerd_ipvs_real_server_outgoing_bytes_total{$fwd_rs1}")" -gt 5 ] || fail "bytes out"
[ "$(number "routerd_ipvs_scheduler_picks_total{service=\"tcp:$LAB_VIP:80\",by=\"scheduler\"}")" = 5 ] ||
    fail "five scheduler picks"
[ "$(number routerd_forwarder_descriptor_budget)" -gt 0 ] || fail "descriptor budget"
[ "$(number routerd_alerts_queued)" = 0 ] || fail "an alert is still queued"
grep -q 'routerd_plugin_info{name="vrrp",kind="service",version="' <<<"$text" || fail "plugin info"
abi=$("$ROUTERD" --version | sed -nE 's/.*plugin ABI ([0-9.]+).*/\1/p')
grep -qF "routerd_build_info{version=\"$("$ROUTERD" --version | cut -d' ' -f2)\",abi=\"$abi\"} 1" \
    <<<"$text" || fail "build info: $(grep routerd_build_info <<<"$text")"
[ "$(number process_open_fds)" -gt 5 ] || fail "open descriptors"
echo "metrics: $(grep -c '^[a-z]' <<<"$text") samples in $(wc -l <<<"$served") families," \
    "$(wc -c <"$WORKDIR/metrics.txt") bytes"

# enabled = false: a reload closes the listener.
write_config 'enabled = false'
ctl reload >/dev/null || fail "reload refused"
! scrape lb 127.0.0.1:9650 >/dev/null || fail "/metrics still answers with enabled = false"
write_config 'listen = "10.201.0.1:9651"'
ctl reload >/dev/null || fail "reload refused"
wait_for 5 scrape cl 10.201.0.1:9651
echo "metrics lab: pass"
