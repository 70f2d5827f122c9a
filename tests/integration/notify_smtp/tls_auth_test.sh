#!/usr/bin/env bash
# STARTTLS and implicit TLS with certificate verification against a test CA, AUTH PLAIN and
# LOGIN with the secret read from smtp_password_file (never logged), against real aiosmtpd
# servers; a relay whose certificate the CA did not sign gets nothing.
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/lib.sh"

# A test CA and a certificate for 127.0.0.1 signed by it.
PKI="$WORKDIR/pki"
mkdir -p "$PKI"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=routerd test CA" \
    -keyout "$PKI/ca.key" -out "$PKI/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" \
    -keyout "$PKI/server.key" -out "$PKI/server.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$PKI/san.ext"
openssl x509 -req -in "$PKI/server.csr" -CA "$PKI/ca.pem" -CAkey "$PKI/ca.key" \
    -CAcreateserial -days 1 -extfile "$PKI/san.ext" -out "$PKI/server.pem" 2>/dev/null
# Another CA, which signed nothing the servers show.
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=stranger CA" \
    -keyout "$PKI/other.key" -out "$PKI/other.pem" 2>/dev/null
SECRET="s3cret-Pa55"
printf '%s\n' "$SECRET" >"$WORKDIR/password"
chmod 600 "$WORKDIR/password"
TLS=(--cert "$PKI/server.pem" --key "$PKI/server.key")

# run_case NAME TLS_MODE AUTH_MECHANISM CA_FILE SERVER_OPTIONS...: one routerd against one
# server; a check going DOWN must be mailed (or, with the wrong CA, must stay queued).
run_case() {
    local name=$1 tls=$2 mechanism=$3 ca=$4
    shift 4
    local port
    port=$(free_port)
    start_smtp "$port" "${TLS[@]}" "$@"
    cat >"$WORKDIR/routerd.toml" <<TOML
[global]
router_id = "$name"

[notify-smtp]
notification_email = ["ops@example.net"]
notification_email_from = "routerd@lb3.example.net"
smtp_server = ["127.0.0.1:$port"]
smtp_connect_timeout = "10s"
tls = "$tls"
tls_ca_file = "$ca"
smtp_username = "alerts"
smtp_password_file = "$WORKDIR/password"
smtp_auth = "$mechanism"
retry_delay = "1s"
TOML
    check_config web "$WORKDIR/missing" >>"$WORKDIR/routerd.toml"
    rm -f "$WORKDIR/state.db"*
    start_routerd
}

finish_case() {
    stop_routerd
    stop_smtp
}

envelope_of() { local m; m=$(mails_with_subject "$1"); cat "${m%.eml}.json"; }

run_case starttls-plain starttls plain "$PKI/ca.pem" --tls starttls --auth "alerts:$SECRET"
wait_for 15 has_mail "[starttls-plain] Check web - DOWN"
envelope_of "[starttls-plain] Check web - DOWN" | grep -q '"tls": true, "authenticated": true' ||
    fail "not sent over TLS with AUTH"
grep -q "C: AUTH PLAIN <redacted>" "$ROUTERD_LOG" || fail "no AUTH PLAIN in the transcript"
finish_case

run_case starttls-login starttls login "$PKI/ca.pem" --tls starttls --auth "alerts:$SECRET"
wait_for 15 has_mail "[starttls-login] Check web - DOWN"
grep -q "C: AUTH LOGIN" "$ROUTERD_LOG" || fail "no AUTH LOGIN in the transcript"
finish_case

run_case implicit implicit auto "$PKI/ca.pem" --tls implicit --auth "alerts:$SECRET"
wait_for 15 has_mail "[implicit] Check web - DOWN"
envelope_of "[implicit] Check web - DOWN" | grep -q '"tls": true, "authenticated": true' ||
    fail "not sent over implicit TLS with AUTH"
finish_case

# A wrong password is a permanent refusal (535), kept as failed, not retried.
printf 'wrong\n' >"$WORKDIR/password"
run_case wrong-password starttls auto "$PKI/ca.pem" --tls starttls --auth "alerts:$SECRET"
wait_for 30 alerts_are failed 1
ctl notify-smtp | grep -q "535" || fail "the refusal is not shown: $(ctl notify-smtp)"
finish_case
printf '%s\n' "$SECRET" >"$WORKDIR/password"

# The relay's certificate is not signed by the CA we trust: nothing is sent, the alert
# stays queued with the reason.
run_case stranger starttls auto "$PKI/other.pem" --tls starttls --auth "alerts:$SECRET"
wait_for 15 grep -q "certificate verify failed" "$ROUTERD_LOG"
alerts_are queued 1 || fail "the alert is not queued: $(ctl notify-smtp)"
has_mail "[stranger] Check web - DOWN" && fail "sent to a relay with an untrusted certificate"
finish_case

grep -qF "$SECRET" "$ROUTERD_LOG" && fail "the password reached the log"
echo "notify-smtp: STARTTLS, implicit TLS, AUTH PLAIN and LOGIN against real servers"
