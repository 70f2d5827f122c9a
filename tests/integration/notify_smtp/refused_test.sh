#!/usr/bin/env bash
# A relay that refuses the message for good (554 to the end of data): the alert is logged
# and kept as failed for `routerctl notify-smtp`, never retried. The example configuration
# (etc/examples/notify-smtp.toml, the ArchWiki setup) passes --config-test.
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/lib.sh"

EXAMPLE="$HERE/../../../etc/examples/notify-smtp.toml"
"$ROUTERD" --config "$EXAMPLE" --plugin-dir "$WORKDIR/plugins" --config-test ||
    fail "the example configuration is refused"

PORT=$(free_port)
start_smtp "$PORT" --refuse
cat >"$WORKDIR/routerd.toml" <<TOML
[global]
router_id = "it-lb4"

[notify-smtp]
notification_email = ["ops@example.net"]
smtp_server = ["127.0.0.1:$PORT"]
retry_delay = "1s"
TOML
check_config web "$WORKDIR/missing" >>"$WORKDIR/routerd.toml"
start_routerd
wait_for 15 alerts_are failed 1
grep -q "'\[it-lb4\] Check web - DOWN' was refused for good" "$ROUTERD_LOG" || fail "not logged"
ctl notify-smtp | grep -q "554 5.7.1 Message refused by policy" || fail "reason not listed"
sleep 3  # several retry periods
[ "$(grep -c "C: DATA" "$ROUTERD_LOG")" -eq 1 ] || fail "a refused alert was tried again"
alerts_are queued 0 || fail "a refused alert is still queued"
stop_routerd
echo "notify-smtp: a permanent refusal is kept as failed and not retried"
