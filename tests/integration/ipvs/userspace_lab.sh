# The userspace forwarder's lab (bash; source after lib/common.sh and lib/netns.sh): a client
# host, a load balancer host and N real servers, each a namespace. The client reaches the
# balancer's virtual address on one LAN; the balancer reaches the real servers on another,
# which the client cannot reach: every answer it gets went through the forwarder.
#
#   cl 10.201.0.2 ── lanc ── 10.201.0.1 lb (VIP 10.201.0.100) 10.202.0.1 ── lans ── rs1..N 10.202.0.1x

LAB_VIP=10.201.0.100

# lab_build N: the namespaces and LANs, real servers rs1..rsN at 10.202.0.11, .12, ...
lab_build() {
    local n=$1 i
    lan_add lanc
    lan_add lans
    ns_add cl
    ns_add lb
    lan_join lanc cl eth0 10.201.0.2/24
    lan_join lanc lb eth0 10.201.0.1/24 "$LAB_VIP/24"
    lan_join lans lb eth1 10.202.0.1/24
    for i in $(seq 1 "$n"); do
        ns_add "rs$i"
        lan_join lans "rs$i" eth0 "10.202.0.1$i/24"
    done
}

lab_rs_address() { echo "10.202.0.1$1"; }

# lab_nginx I PORT: nginx on real server I answering every request with "rsI", but /big with
# 1 MiB of random bytes; keep-alive on.
lab_nginx() {
    local i=$1 port=$2 dir="$WORKDIR/nginx-rs$1-$2"
    mkdir -p "$dir"
    head -c 1048576 /dev/urandom >"$dir/big"
    cat >"$dir/nginx.conf" <<NGINX
user root;
worker_processes 1;
daemon off;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $dir/body;
    proxy_temp_path $dir/proxy;
    fastcgi_temp_path $dir/fastcgi;
    uwsgi_temp_path $dir/uwsgi;
    scgi_temp_path $dir/scgi;
    keepalive_requests 1000000;
    keepalive_timeout 300s;
    server {
        listen $(lab_rs_address "$i"):$port reuseport backlog=4096;
        location /big { root $dir; default_type application/octet-stream; }
        location / { default_type text/plain; return 200 "rs$i\n"; }
    }
}
NGINX
    in_ns "rs$i" nginx -c "$dir/nginx.conf" -p "$dir" &
    PIDS+=("$!")
    wait_for 5 in_ns "rs$i" curl -sf "http://$(lab_rs_address "$i"):$port/"
}

# lab_udp_echo I: a UDP real server on real server I, port 53, answering each datagram with
# "rsI".
lab_udp_echo() {
    local i=$1
    in_ns "rs$i" python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], 53))
while True:
    data, peer = s.recvfrom(2048)
    s.sendto(sys.argv[2].encode(), peer)
' "$(lab_rs_address "$i")" "rs$i" &
    PIDS+=("$!")
}

# lab_plugins BUILD_DIR PLUGIN...: a private plugin folder with just these plugins (the
# forwarder, the schedulers, the test driver), safe for routerd's permission checks.
lab_plugins() {
    local build=$1 file
    shift
    install -d -m 755 "$WORKDIR/plugins"
    for file in "$@"; do
        install -m 755 "$build/$file" "$WORKDIR/plugins/"
    done
}

# lab_routerd ROUTERD: starts routerd in the balancer with $WORKDIR/routerd.toml.
lab_routerd() {
    ROUTERD_LOG="$WORKDIR/routerd.log"
    in_ns lb "$1" --config "$WORKDIR/routerd.toml" --plugin-dir "$WORKDIR/plugins" \
        --state-db "$WORKDIR/state.db" --control-socket "$WORKDIR/routerd.sock" \
        --foreground --log-level debug >>"$ROUTERD_LOG" 2>&1 &
    ROUTERD_PID=$!
    PIDS+=("$ROUTERD_PID")
    wait_for 10 test -S "$WORKDIR/routerd.sock"
}

# lab_stop_routerd ROUTERCTL: SIGTERM to routerd itself (inside the namespace wrapper), a clean
# stop.
lab_stop_routerd() {
    local daemon_pid stopped
    daemon_pid=$("$1" --socket "$WORKDIR/routerd.sock" --json status |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["status"]["pid"])')
    stopped=$(grep -c "routerd stopped" "$ROUTERD_LOG" || true)
    kill -TERM "$daemon_pid"
    wait "$ROUTERD_PID" || fail "routerd exited with $? on SIGTERM"
    [ "$(grep -c "routerd stopped" "$ROUTERD_LOG")" -gt "$stopped" ] || fail "routerd did not stop cleanly"
}

# lab_get URL: one request from the client on a new connection; prints the body.
lab_get() { in_ns cl curl -sf --max-time 5 "$1"; }
