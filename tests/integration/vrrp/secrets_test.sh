#!/usr/bin/env bash
# No secret ever leaves routerd: with a VRRP PASS password, an AH key and an SMTP password
# (sent for real, AUTH PLAIN over STARTTLS, to an aiosmtpd server), none of them, nor their
# base64 or hex forms, appears in the log (debug level), in any routerctl output (status,
# vrrp, checks, notify-smtp, reload, in text and JSON), in --config-test's errors, or anywhere
# in the store (the SQLite database and its WAL, byte for byte).
# Usage: secrets_test.sh ROUTERD ROUTERCTL PLUGIN_DIR SOURCE_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/lib.sh"
require_root
ROUTERD=$1 ROUTERCTL=$2 PLUGINS=$3 SOURCE_DIR=$4
/usr/bin/python3 -c "import aiosmtpd" 2>/dev/null || { echo "SKIP: python3-aiosmtpd is missing"; exit 77; }
make_workdir
trap 'status=$?; [ $status -eq 0 ] || dump_logs; cleanup; exit $status' EXIT
lone_host r1

PASS_SECRET='Pw7xQz2v'
AH_SECRET='Ah9Kq2Lm'
SMTP_SECRET='Smtp-S3cr3t-9f2'
printf '%s\n' "$SMTP_SECRET" >"$WORKDIR/password"
chmod 600 "$WORKDIR/password"

PKI="$WORKDIR/pki"
mkdir -p "$PKI"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=routerd test CA" \
    -keyout "$PKI/ca.key" -out "$PKI/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" \
    -keyout "$PKI/server.key" -out "$PKI/server.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\n' >"$PKI/san.ext"
openssl x509 -req -in "$PKI/server.csr" -CA "$PKI/ca.pem" -CAkey "$PKI/ca.key" \
    -CAcreateserial -days 1 -extfile "$PKI/san.ext" -out "$PKI/server.pem" 2>/dev/null
mkdir -p "$WORKDIR/mail"
ip netns exec "$(ns r1)" /usr/bin/python3 "$SOURCE_DIR/tests/integration/notify_smtp/smtp_server.py" \
    --port 2525 --maildir "$WORKDIR/mail" --cert "$PKI/server.pem" --key "$PKI/server.key" \
    --tls starttls --auth "alerts:$SMTP_SECRET" >"$WORKDIR/smtp.log" 2>&1 &
PIDS+=("$!")
wait_for 10 in_ns r1 python3 -c 'import socket; socket.create_connection(("127.0.0.1", 2525), 1)'

cat >"$WORKDIR/r1.toml" <<TOML
[global]
router_id = "lb1"

[notify-smtp]
notification_email = ["ops@example.net"]
notification_email_from = "routerd@lb1.example.net"
smtp_server = ["127.0.0.1:2525"]
tls = "starttls"
tls_ca_file = "$PKI/ca.pem"
smtp_username = "alerts"
smtp_password_file = "$WORKDIR/password"
smtp_auth = "plain"
smtp_alert = true

[vrrp.instance.VI_PASS]
state = "MASTER"
interface = "eth0"
virtual_router_id = 51
priority = 200
authentication = { type = "PASS", pass = "$PASS_SECRET" }
virtual_ipaddress = ["172.16.0.100"]

[vrrp.instance.VI_AH]
state = "MASTER"
interface = "eth0"
virtual_router_id = 52
priority = 200
authentication = { type = "AH", pass = "$AH_SECRET" }
virtual_ipaddress = ["172.16.0.101"]
TOML

start_routerd r1 "$WORKDIR/r1.toml"
wait_for 10 state_is r1 VI_PASS MASTER
wait_for 10 state_is r1 VI_AH MASTER
# The secret really was used: the server accepted AUTH and took the mails.
mail_for() { grep -l "^Subject: \[lb1\] VRRP Instance $1 - Entering MASTER state" "$WORKDIR"/mail/*.eml >/dev/null 2>&1; }
wait_for 30 mail_for VI_PASS
wait_for 30 mail_for VI_AH

out="$WORKDIR/outputs"
mkdir -p "$out"
n=0
collect() { n=$((n + 1)); ctl_in r1 "$@" >"$out/$n.txt" 2>&1 || true; }
for args in status "--json status" vrrp "vrrp json" "--json vrrp json" checks "--json checks" \
    notify-smtp "--json notify-smtp" alerts; do
    # shellcheck disable=SC2086
    collect $args
done
collect reload
kill -HUP "$PID_r1"
collect --json status
# A configuration with mistakes beside the secrets: the errors must not quote them.
sed -e "s/pass = \"$AH_SECRET\" }/pass = \"$AH_SECRET\", typo = 1 }/" \
    -e 's/^priority = 200$/priority = 300/' "$WORKDIR/r1.toml" >"$WORKDIR/bad.toml"
"$ROUTERD" --config "$WORKDIR/bad.toml" --plugin-dir "$PLUGINS" --config-test >"$out/config-test.txt" 2>&1 &&
    fail "--config-test accepted the bad configuration"
kill "$PID_r1"
wait "$PID_r1" 2>/dev/null || true

# Every form a secret could take in text: as is, base64 (AUTH PLAIN and LOGIN), hex.
b64() { printf '%b' "$1" | base64 -w0; }
hex() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n'; }
forms=("$PASS_SECRET" "$AH_SECRET" "$SMTP_SECRET" "$(b64 "\\0alerts\\0$SMTP_SECRET")"
       "$(b64 "$SMTP_SECRET")" "$(hex "$PASS_SECRET")" "$(hex "$AH_SECRET")" "$(hex "$SMTP_SECRET")")
python3 - "$WORKDIR/r1/state.db" >"$out/store-dump.txt" <<'PY'
import sqlite3, sys
for line in sqlite3.connect(sys.argv[1]).iterdump():
    print(line)
PY
[ -s "$out/store-dump.txt" ] || fail "the store could not be read"
grep -q "VI_PASS" "$out/store-dump.txt" || fail "the store holds no transition: nothing was looked at"
places=("$WORKDIR/r1/log" "$out"/* "$WORKDIR/r1"/state.db*)
for secret in "${forms[@]}"; do
    for place in "${places[@]}"; do
        [ -f "$place" ] || continue
        if grep -aqiF -- "$secret" "$place"; then
            fail "a secret ($secret) is in $place: $(grep -aiF -- "$secret" "$place" | head -3)"
        fi
    done
done
grep -q "VI_AH" "$out/1.txt" "$out/3.txt" 2>/dev/null || fail "routerctl showed nothing: $(cat "$out/1.txt")"
echo "secrets: ${#forms[@]} forms of 3 secrets in none of ${#places[@]} outputs, logs and store files"
