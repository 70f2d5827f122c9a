#!/usr/bin/env bash
# Alerts are never lost: with the SMTP server stopped, three checks go DOWN; routerd is
# restarted; the server comes back: all three mails arrive, exactly once each. Then
# flapping within coalesce_window makes one mail listing every change.
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/lib.sh"

PORT=$(free_port)
write_config() {  # write_config COALESCE_WINDOW
    cat >"$WORKDIR/routerd.toml" <<TOML
[global]
router_id = "it-lb2"

[notify-smtp]
notification_email = "ops@example.net"
notification_email_from = "routerd@lb2.example.net"
smtp_server = "127.0.0.1:$PORT"
smtp_connect_timeout = "2s"
retry_delay = "1s"
retry_max_delay = "2s"
coalesce_window = "$1"
TOML
    for c in a b c; do check_config "$c" "$WORKDIR/$c-up" >>"$WORKDIR/routerd.toml"; done
}
write_config 0s
touch "$WORKDIR/a-up" "$WORKDIR/b-up" "$WORKDIR/c-up"  # all up: no alert at start
start_smtp "$PORT"
start_routerd
stop_smtp

rm "$WORKDIR/a-up" "$WORKDIR/b-up" "$WORKDIR/c-up"
wait_for 15 alerts_are queued 3
wait_for 15 grep -q "could not send '\[it-lb2\] Check c - DOWN'" "$ROUTERD_LOG"
stop_routerd
mails_are 0 || fail "a mail arrived while the server was down"

# Back up while routerd was away: the restarted routerd remembers the checks DOWN (the
# store keeps their last health) and alerts that they are UP again.
touch "$WORKDIR/a-up" "$WORKDIR/b-up" "$WORKDIR/c-up"
start_routerd
wait_for 10 alerts_are queued 6
mails_are 0 || fail "a mail arrived while the server was down"
start_smtp "$PORT"
wait_for 20 mails_are 6
for c in a b c; do
    for state in DOWN UP; do
        [ "$(mails_with_subject "[it-lb2] Check $c - $state" | wc -l)" -eq 1 ] ||
            fail "check $c $state: not exactly one mail"
    done
done
wait_for 10 alerts_are queued 0
alerts_are sent 6 || fail "not 6 sent: $(ctl notify-smtp)"
sleep 3  # more than two retry periods: nothing is sent twice
mails_are 6 || fail "a mail was sent twice"

# Flapping: three changes of one check within the window make one mail.
write_config 3s
ctl reload >/dev/null
check_is() { ctl --json checks | /usr/bin/python3 -c \
    'import json,sys; sys.exit(json.load(sys.stdin)["checks"][sys.argv[1]]["state"] != sys.argv[2])' "$1" "$2"; }
rm "$WORKDIR/a-up"
wait_for 5 check_is a down
touch "$WORKDIR/a-up"
wait_for 5 check_is a up
rm "$WORKDIR/a-up"
wait_for 5 check_is a down
wait_for 15 has_mail "[it-lb2] Check a - Flapping: 3 changes, last DOWN"
sleep 1
mails_are 7 || fail "flapping made $(mail_count) mails, not one more"
flap=$(mails_with_subject "[it-lb2] Check a - Flapping: 3 changes, last DOWN")
grep -q "Check a changed 3 times (flapping)" "$flap" || fail "flapping body: $(cat "$flap")"
stop_routerd
echo "notify-smtp: queued alerts survived an SMTP outage and a restart, sent exactly once"
