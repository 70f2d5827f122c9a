#!/usr/bin/env bash
# notify-smtp against a real SMTP server (aiosmtpd) on loopback, plain SMTP: a standalone
# check going UP and DOWN mails Keepalived-style alerts to every recipient, through the
# second relay when the first is down; `routerctl notify-smtp` lists them and `... test`
# sends a test message; smtp_alert = false silences alerts; bad settings are reported with
# file:line:col by --config-test.
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/lib.sh"

PORT=$(free_port)
DEAD_PORT=$(free_port)  # nothing listens there: the first relay is down
start_smtp "$PORT"

write_config() {  # write_config SMTP_ALERT [MORE_SETTINGS]
    cat >"$WORKDIR/routerd.toml" <<TOML
[global]
router_id = "it-lb1"

[notify-smtp]
notification_email = ["ops@example.net", "noc@example.net"]
notification_email_from = "routerd@lb1.example.net"
smtp_server = ["127.0.0.1:$DEAD_PORT", "127.0.0.1:$PORT"]
smtp_helo_name = "lb1.example.net"
smtp_connect_timeout = 5
smtp_alert = $1
retry_delay = "1s"
${2:-}
TOML
    check_config web "$WORKDIR/web-up" >>"$WORKDIR/routerd.toml"
}
write_config true
"$ROUTERD" "${RUN[@]}" --config-test || fail "--config-test refused a valid configuration"
start_routerd

check_is() { ctl --json checks | grep -q "\"state\": \"$1\""; }
wait_for 10 check_is down
# A check starts up; the file is missing, so the first change is DOWN.
wait_for 15 has_mail "[it-lb1] Check web - DOWN"
touch "$WORKDIR/web-up"
wait_for 15 has_mail "[it-lb1] Check web - UP"
rm "$WORKDIR/web-up"
wait_for 15 mails_are 3

down=$(mails_with_subject "[it-lb1] Check web - DOWN" | tail -n 1)
envelope=${down%.eml}.json
grep -q '"from": "routerd@lb1.example.net"' "$envelope" || fail "envelope sender: $(cat "$envelope")"
grep -q '"to": \["ops@example.net", "noc@example.net"\]' "$envelope" ||
    fail "envelope recipients: $(cat "$envelope")"
for header in "From: routerd@lb1.example.net" "To: ops@example.net, noc@example.net" \
    "Auto-Submitted: auto-generated" "MIME-Version: 1.0"; do
    tr -d '\r' <"$down" | grep -qxF "$header" || fail "no '$header' in $(cat "$down")"
done
grep -q "^Date: [A-Z][a-z][a-z], " "$down" || fail "no RFC 5322 Date"
grep -q "^Message-ID: <routerd\..*@" "$down" || fail "no Message-ID"
body=$(/usr/bin/python3 -c 'import email,sys; print(email.message_from_binary_file(open(sys.argv[1],"rb")).get_payload(decode=True).decode())' "$down")
for line in "Check web: DOWN" "Details: target 127.0.0.1:1; $WORKDIR/web-up is missing" \
    "Host: $(hostname)" "Router ID: it-lb1"; do
    grep -qF "$line" <<<"$body" || fail "body lacks '$line': $body"
done
grep -q "^Time: " <<<"$body" || fail "body lacks the time"
grep -q "127.0.0.1:$DEAD_PORT: transient failure" "$ROUTERD_LOG" ||
    fail "the log does not say the first relay was down"

# Listed as sent, with the relay that took them; nothing queued.
alerts_are sent 3 || fail "routerctl notify-smtp does not list 3 sent alerts: $(ctl notify-smtp)"
alerts_are queued 0 || fail "alerts still queued"
ctl notify-smtp | grep -q "127.0.0.1:$PORT: delivered" || fail "no relay shown: $(ctl notify-smtp)"

# A test message, sent at once and not queued.
ctl notify-smtp test | grep -q '"sent": true' || fail "routerctl notify-smtp test"
wait_for 5 has_mail "[it-lb1] Test message from routerd"
answer=$(ctl notify-smtp nonsense 2>&1) && fail "an unknown command succeeded"
grep -q "usage: routerctl notify-smtp" <<<"$answer" || fail "bad command: $answer"

# smtp_alert = false: nobody is told.
write_config false
ctl reload >/dev/null
before=$(mail_count)
touch "$WORKDIR/web-up"
wait_for 10 check_is up
sleep 1
[ "$(mail_count)" -eq "$before" ] || fail "an alert was sent with smtp_alert = false"

# smtp_alert_checker over smtp_alert (keepalived.conf(5)): checks are alerted about again, and
# smtp_alert_vrrp = false (no VRRP here) does not silence them.
write_config false $'smtp_alert_checker = true\nsmtp_alert_vrrp = false\nno_email_faults = true'
ctl reload >/dev/null
downs=$(mails_with_subject "[it-lb1] Check web - DOWN" | wc -l)
rm "$WORKDIR/web-up"
wait_for 15 mails_are $((before + 1))
[ "$(mails_with_subject "[it-lb1] Check web - DOWN" | wc -l)" -eq $((downs + 1)) ] ||
    fail "the alert after the reload is not the check's DOWN"
stop_routerd

# Every mistake at once, with file:line:col.
cat >"$WORKDIR/bad.toml" <<TOML
[notify-smtp]
notification_email = ["ops at example.net"]
smtp_server = ["127.0.0.1:99999"]
smtp_connect_timeout = "soon"
tls = "sometimes"
smtp_username = "alerts"
smtp_password_file = "$WORKDIR/no-such-file"
smtp_alert_vrrp = "yes"
TOML
if "$ROUTERD" --config "$WORKDIR/bad.toml" --plugin-dir "$WORKDIR/plugins" --config-test \
    2>"$WORKDIR/err"; then
    fail "--config-test accepted a bad configuration"
fi
F="$WORKDIR/bad.toml"
for expected in "$F:2:23: notify-smtp.notification_email.*'ops at example.net' is not a mail address" \
    "$F:3:16: notify-smtp.smtp_server.*'99999' is not a port" \
    "$F:4:24: notify-smtp.smtp_connect_timeout" \
    "$F:5:7: notify-smtp.tls: 'sometimes' is not one of none, starttls, implicit" \
    "$F:7:22: notify-smtp.smtp_password_file: cannot read '$WORKDIR/no-such-file'" \
    "$F:8:19: notify-smtp.smtp_alert_vrrp"; do
    grep -q "$expected" "$WORKDIR/err" || fail "not reported: $expected; got: $(cat "$WORKDIR/err")"
done
# A password file that others can read is refused, with the reason (as ssh refuses such keys).
printf 'open-secret\n' >"$WORKDIR/password"
chmod 644 "$WORKDIR/password"
sed "s|$WORKDIR/no-such-file|$WORKDIR/password|" "$WORKDIR/bad.toml" >"$WORKDIR/readable.toml"
"$ROUTERD" --config "$WORKDIR/readable.toml" --plugin-dir "$WORKDIR/plugins" --config-test \
    2>"$WORKDIR/err" && fail "--config-test accepted a password file readable by others"
expected="$WORKDIR/readable.toml:7:22: notify-smtp.smtp_password_file: '$WORKDIR/password' is readable by others (mode 0644): chmod 600 it"
grep -qF "$expected" "$WORKDIR/err" || fail "not reported: $expected; got: $(cat "$WORKDIR/err")"
grep -q "open-secret" "$WORKDIR/err" && fail "the refusal shows the password"
grep -q "password" "$ROUTERD_LOG" && fail "the log mentions a password"
echo "notify-smtp: alerts delivered through a real SMTP server, with failover, listing and test"
