#!/usr/bin/env bash
# tcp, http and ssl checkers against a real nginx (plain and TLS, with a CA this test makes
# with openssl) on loopback: up, down when nginx stops or answers wrongly (a status outside
# status_code, a body whose digest differs or that a regex rejects, a certificate for another
# name, no client certificate where nginx requires one), up again after `rise` successes,
# http_protocol as nginx sees it, timeouts against a server that accepts and never
# answers and one that never completes the handshake, and on the wire (tcpdump, tshark) that
# tls_compliant ends each TLS session with a close_notify alert and a FIN where the default
# sends no alert and resets.
# Usage: web_checks_test.sh ROUTERD ROUTERCTL PLUGIN_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/checks_lib.sh"
make_workdir
setup_routerd "$1" "$2" "$3"

# A test CA and a server certificate for www.example.test, signed by it.
cd "$WORKDIR"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
    -subj /CN=routerd-test-ca -keyout ca.key -out ca.pem 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -subj /CN=www.example.test -keyout server.key -out server.csr 2>/dev/null
printf 'subjectAltName=DNS:www.example.test\n' >san.ext
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 1 \
    -extfile san.ext -out server.pem 2>/dev/null
# A client certificate from the same CA, its key encrypted (key_password).
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -passout pass:routerd-secret \
    -subj /CN=routerd-check -keyout client.key -out client.csr 2>/dev/null
printf 'extendedKeyUsage=clientAuth\n' >client.ext
openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 1 \
    -extfile client.ext -out client.pem 2>/dev/null
grep -q ENCRYPTED client.key || fail "the client key is not encrypted"

HTTP_PORT=$(free_port)
HTTPS_PORT=$(free_port)
MTLS_PORT=$(free_port)
COMPLIANT_PORT=$(free_port)  # TLS 1.2 only: its record headers show an alert as an alert
BARE_PORT=$(free_port)
SILENT_PORT=$(free_port)
BACKLOGGED_PORT=$(free_port)
CLOSED_PORT=$(free_port)  # nothing listens there
mkdir -p www tmp
echo "healthy" >www/health.txt
DIGEST=$(md5sum www/health.txt | cut -d' ' -f1)
cat >nginx.conf <<NGINX
daemon off;
master_process off;
worker_processes 1;
pid $WORKDIR/nginx.pid;
error_log $WORKDIR/nginx-error.log;
events { worker_connections 256; }
http {
    access_log off;
    client_body_temp_path $WORKDIR/tmp;
    proxy_temp_path $WORKDIR/tmp;
    fastcgi_temp_path $WORKDIR/tmp;
    uwsgi_temp_path $WORKDIR/tmp;
    scgi_temp_path $WORKDIR/tmp;
    server {
        listen 127.0.0.1:$HTTP_PORT;
        listen 127.0.0.1:$HTTPS_PORT ssl;
        ssl_certificate $WORKDIR/server.pem;
        ssl_certificate_key $WORKDIR/server.key;
        root $WORKDIR/www;
        location = /maintenance { return 503; }
        # What nginx saw of the request line and its Connection header (http_protocol).
        location = /protocol { return 200 "\$server_protocol connection=\$http_connection."; }
    }
    server {
        listen 127.0.0.1:$MTLS_PORT ssl;
        ssl_certificate $WORKDIR/server.pem;
        ssl_certificate_key $WORKDIR/server.key;
        ssl_client_certificate $WORKDIR/ca.pem;
        ssl_verify_client on;
        root $WORKDIR/www;
    }
    server {
        listen 127.0.0.1:$COMPLIANT_PORT ssl;
        listen 127.0.0.1:$BARE_PORT ssl;
        ssl_protocols TLSv1.2;
        ssl_certificate $WORKDIR/server.pem;
        ssl_certificate_key $WORKDIR/server.key;
        root $WORKDIR/www;
    }
}
NGINX
start_nginx() {
    nginx -c "$WORKDIR/nginx.conf" -p "$WORKDIR" &
    NGINX_PID=$!
    PIDS+=("$NGINX_PID")
    wait_for 5 port_open "$HTTP_PORT"
}
start_nginx
start_silent_server "$SILENT_PORT"
start_backlogged_server "$BACKLOGGED_PORT"

COMMON='delay_loop = "200ms"
connect_timeout = "1s"
delay_before_retry = "100ms"
retry = 1
rise = 2
alpha = true'
cat >routerd.toml <<TOML
[checks.tcp]
type = "tcp"
target = "127.0.0.1:$HTTP_PORT"
bindto = "127.0.0.1"
$COMMON

[checks.tcp_no_handshake]
type = "tcp"
target = "127.0.0.1:$BACKLOGGED_PORT"
delay_loop = "200ms"
connect_timeout = "700ms"

[checks.tcp_connect_port]
type = "tcp"
target = "127.0.0.1:$CLOSED_PORT"
connect_port = $HTTP_PORT
$COMMON

[checks.http]
type = "http"
target = "127.0.0.1:$HTTP_PORT"
url = [{ path = "/health.txt", digest = "$DIGEST" },
       { path = "/", status_code = [200, "300-399", 403, 404] }]
$COMMON

[checks.http_status]
type = "http"
target = "127.0.0.1:$HTTP_PORT"
url = { path = "/maintenance", status_code = "500-599" }
$COMMON

[checks.http_wrong_status]
type = "http"
target = "127.0.0.1:$HTTP_PORT"
url = { path = "/maintenance" }
$COMMON

[checks.http_regex]
type = "http"
target = "127.0.0.1:$HTTP_PORT"
url = { path = "/health.txt", regex = "^HEALTHY\$", regex_options = "caseless multiline" }
$COMMON

[checks.http_regex_no_match]
type = "http"
target = "127.0.0.1:$HTTP_PORT"
url = { path = "/health.txt", regex = "sick", regex_no_match = true }
$COMMON

[checks.http_regex_offset]
type = "http"
target = "127.0.0.1:$HTTP_PORT"
url = { path = "/health.txt", regex = "healthy", regex_min_offset = 1 }
$COMMON

[checks.http_10]
type = "http"
target = "127.0.0.1:$HTTP_PORT"
http_protocol = "1.0"
url = { path = "/protocol", regex = '^HTTP/1\.0 connection=\.\$' }
$COMMON

[checks.http_10c]
type = "http"
target = "127.0.0.1:$HTTP_PORT"
http_protocol = "1.0C"
url = { path = "/protocol", regex = '^HTTP/1\.0 connection=close\.\$' }
$COMMON

[checks.http_11]
type = "http"
target = "127.0.0.1:$HTTP_PORT"
url = { path = "/protocol", regex = '^HTTP/1\.1 connection=close\.\$' }
$COMMON

[checks.http_11_not_10]
type = "http"
target = "127.0.0.1:$HTTP_PORT"
url = { path = "/protocol", regex = '^HTTP/1\.0' }
$COMMON

[checks.http_silent]
type = "http"
target = "127.0.0.1:$SILENT_PORT"
url = { path = "/" }
delay_loop = "200ms"
connect_timeout = "300ms"

[checks.ssl]
type = "ssl"
target = "127.0.0.1:$HTTPS_PORT"
virtualhost = "www.example.test"
enable_sni = true
tls_verify = true
ca_file = "$WORKDIR/ca.pem"
url = { path = "/health.txt", digest = "$DIGEST" }
$COMMON

[checks.ssl_unverified]
type = "ssl"
target = "127.0.0.1:$HTTPS_PORT"
url = { path = "/health.txt" }
$COMMON

[checks.ssl_wrong_name]
type = "ssl"
target = "127.0.0.1:$HTTPS_PORT"
virtualhost = "other.example.test"
tls_verify = true
ca_file = "$WORKDIR/ca.pem"
url = { path = "/health.txt" }
$COMMON

[checks.ssl_client_certificate]
type = "ssl"
target = "127.0.0.1:$MTLS_PORT"
certificate = "$WORKDIR/client.pem"
key = "$WORKDIR/client.key"
key_password = "routerd-secret"
url = { path = "/health.txt", digest = "$DIGEST" }
$COMMON

[checks.ssl_no_client_certificate]
type = "ssl"
target = "127.0.0.1:$MTLS_PORT"
url = { path = "/health.txt" }
$COMMON

[checks.ssl_compliant]
type = "ssl"
target = "127.0.0.1:$COMPLIANT_PORT"
tls_compliant = true
url = { path = "/health.txt", digest = "$DIGEST" }
$COMMON

[checks.ssl_bare]
type = "ssl"
target = "127.0.0.1:$BARE_PORT"
url = { path = "/health.txt", digest = "$DIGEST" }
$COMMON

[checks.ssl_silent]
type = "ssl"
target = "127.0.0.1:$SILENT_PORT"
url = { path = "/" }
delay_loop = "200ms"
connect_timeout = "300ms"
TOML

# A bad key is refused with file:line:col before anything runs.
sed 's|path = "/maintenance" }|path = "maintenance" }|' routerd.toml >bad.toml
if "$ROUTERD" --config bad.toml --plugin-dir plugins --config-test 2>bad.err; then
    fail "a path without '/' was accepted"
fi
grep -q "bad.toml:[0-9]*:[0-9]*: .*url.path: 'maintenance' is not a path" bad.err ||
    fail "no positioned error for a bad url path: $(cat bad.err)"
# So is a key_password that does not open the client key, and a regex that does not compile.
sed 's|key_password = "routerd-secret"|key_password = "wrong"|; s|regex = "sick"|regex = "(sick"|' \
    routerd.toml >bad.toml
if "$ROUTERD" --config bad.toml --plugin-dir plugins --config-test 2>bad.err; then
    fail "a wrong key_password and a bad regex were accepted"
fi
grep -q "bad.toml:[0-9]*:[0-9]*: checks.ssl_client_certificate.key: cannot load a private key" \
    bad.err || fail "no positioned error for a wrong key_password: $(cat bad.err)"
grep -q "bad.toml:[0-9]*:[0-9]*: checks.http_regex_no_match.url.regex: '(sick' is not a" bad.err ||
    fail "no positioned error for a bad regex: $(cat bad.err)"

start_routerd
for name in tcp tcp_connect_port http http_status ssl ssl_unverified http_regex \
    http_regex_no_match http_10 http_10c http_11 ssl_client_certificate ssl_compliant ssl_bare; do
    expect_state 10 "$name" up
done

# tls_compliant on the wire: 2 s of both checks' traffic (about 10 probes each). In TLS 1.2 an
# alert's record header (content type 21) is in clear though its body is encrypted, and after
# the response an alert can only be a closure (RFC 5246 §7.2.1). nginx sends its close_notify
# to both; only the compliant check answers with one, and then closes without a reset (nginx,
# which has closed already, may reset the late alert) where the default check resets.
tcpdump -i lo -n -U -w "$WORKDIR/tls.pcap" "tcp port $COMPLIANT_PORT or tcp port $BARE_PORT" \
    2>"$WORKDIR/tcpdump.err" &
TCPDUMP_PID=$!
PIDS+=("$TCPDUMP_PID")
wait_for 10 grep -q "listening on" "$WORKDIR/tcpdump.err"
sleep 2
stop_pid "$TCPDUMP_PID"
packets() {  # packets PORT FILTER: how many captured packets of PORT's connections match
    tshark -r "$WORKDIR/tls.pcap" -d "tcp.port==$1,tls" -Y "tcp.port == $1 && ($2)" 2>/dev/null |
        wc -l
}
for port in $COMPLIANT_PORT $BARE_PORT; do
    [ "$(packets "$port" "tcp.srcport == $port && tls.record.content_type == 21")" -gt 0 ] ||
        fail "nginx sent no close_notify on port $port: is the capture decoded?"
done
ALERTS=$(packets "$COMPLIANT_PORT" "tcp.dstport == $COMPLIANT_PORT && tls.record.content_type == 21")
RESETS=$(packets "$COMPLIANT_PORT" "tcp.dstport == $COMPLIANT_PORT && tcp.flags.reset == 1")
[ "$ALERTS" -ge 3 ] && [ "$RESETS" -eq 0 ] ||
    fail "tls_compliant: $ALERTS close_notify and $RESETS resets from the check"
ALERTS=$(packets "$BARE_PORT" "tcp.dstport == $BARE_PORT && tls.record.content_type == 21")
RESETS=$(packets "$BARE_PORT" "tcp.dstport == $BARE_PORT && tcp.flags.reset == 1")
[ "$ALERTS" -eq 0 ] && [ "$RESETS" -ge 3 ] ||
    fail "without tls_compliant: $ALERTS close_notify and $RESETS resets from the check"
expect_state 10 http_11_not_10 down
expect_reason 10 http_11_not_10 "GET /protocol: body does not match regex '^HTTP/1\.0'"
expect_state 10 http_regex_offset down
expect_reason 10 http_regex_offset "body does not match regex 'healthy'"
# nginx answers 400 "No required SSL certificate was sent".
expect_state 10 ssl_no_client_certificate down
expect_reason 10 ssl_no_client_certificate "status 400 is not in 200-299"
# A handshake that never completes: the connect times out, within connect_timeout (plus
# scheduling; the bound is generous on purpose).
expect_reason 10 tcp_no_handshake "timed out after 700 ms connecting"
expect_state 10 tcp_no_handshake down  # after the retry
LATENCY_US=$(check_field tcp_no_handshake last_latency_us)
[ "$LATENCY_US" -ge 600000 ] && [ "$LATENCY_US" -le 3000000 ] ||
    fail "the timed-out connect took $LATENCY_US us, not about 700 ms"
expect_state 10 http_wrong_status down  # alpha: never rose
expect_reason 10 http_wrong_status "GET /maintenance: status 503 is not in 200-299"
expect_reason 10 ssl_wrong_name "TLS handshake"
is_state ssl_wrong_name down || fail "a certificate for another name passed"
# Timeouts: accepted, never answered.
expect_reason 10 http_silent "timed out after 300 ms waiting for the response to /"
expect_reason 10 ssl_silent "timed out after 300 ms in the TLS handshake"
# A timed-out attempt closes its connection: at most one per silent check is open.
sleep 3
OPEN=$(ss -tnp state established "( dport = :$SILENT_PORT )" | grep -c "pid=$ROUTERD_PID," || true)
[ "$OPEN" -le 2 ] || fail "$OPEN connections to the silent server are left open"

# A body that changes its digest: down after the retry; restored: up after rise.
echo "sick" >www/health.txt
expect_state 10 http down
expect_reason 10 http "body digest"
expect_state 10 ssl down
expect_state 10 ssl_client_certificate down
expect_state 10 http_regex down
expect_reason 10 http_regex "body does not match regex '^HEALTHY\$'"
expect_state 10 http_regex_no_match down
expect_reason 10 http_regex_no_match "body matches regex 'sick' at offset 0 (regex_no_match)"
echo "healthy" >www/health.txt
for name in http ssl ssl_client_certificate http_regex http_regex_no_match; do
    expect_state 10 "$name" up
done

# nginx stops: everything that talks to it goes down; it returns: everything comes back.
stop_pid "$NGINX_PID"
for name in tcp tcp_connect_port http http_status ssl ssl_unverified; do
    expect_state 10 "$name" down
done
expect_reason 10 tcp "connect: Connection refused"
start_nginx
for name in tcp tcp_connect_port http http_status ssl ssl_unverified; do
    expect_state 10 "$name" up
done
grep -q "check http (http 127.0.0.1:$HTTP_PORT): UP -> DOWN" "$ROUTERD_LOG" ||
    fail "no log line for the transition"
echo "web checks: tcp, http and ssl against nginx: up, down, up, regex, http_protocol,"\
     "client certificates, timeouts, tls_compliant on the wire"
