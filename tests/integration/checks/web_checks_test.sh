#!/usr/bin/env bash
# tcp, http and ssl checkers against a real nginx (plain and TLS, with a CA this test makes
# with openssl) on loopback: up, down when nginx stops or answers wrongly (a status outside
# status_code, a body whose digest differs, a certificate for another name), up again after
# `rise` successes, and timeouts against a server that accepts and never answers.
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

HTTP_PORT=$(free_port)
HTTPS_PORT=$(free_port)
SILENT_PORT=$(free_port)
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

start_routerd
for name in tcp tcp_connect_port http http_status ssl ssl_unverified; do
    expect_state 10 "$name" up
done
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
echo "healthy" >www/health.txt
expect_state 10 http up
expect_state 10 ssl up

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
echo "web checks: tcp, http and ssl against nginx: up, down, up, timeouts"
