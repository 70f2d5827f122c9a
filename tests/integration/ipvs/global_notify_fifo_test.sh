#!/usr/bin/env bash
# [global] notify_fifo (keepalived.conf(5) global_defs notify_fifo) gets every plugin's lines,
# as Keepalived's VRRP and checker processes both write them there: the ipvs plugin, with the
# userspace forwarder, writes `VS ... UP/DOWN` and `RS ... UP/DOWN` while its TCP-checked real
# server (nginx) is stopped and started, beside the vrrp plugin's `INSTANCE` lines. The
# notify-fifo plugin makes the FIFO and starts its notify_fifo_script once (Keepalived starts
# it in each of its two processes); the reader hears the VRRP STOP at routerd's stop, and the
# FIFO it made is gone after.
# Usage: global_notify_fifo_test.sh ROUTERD ROUTERCTL BUILD_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/userspace_lab.sh"
require_root
ROUTERD=$1
ROUTERCTL=$2
BUILD=$3
make_workdir
trap 'status=$?; [ $status -eq 0 ] || cat "$WORKDIR/all.out" >&2 || true; cleanup; exit $status' EXIT

lab_build 1
lab_nginx 1 80
lab_plugins "$BUILD" plugins/ipvs.so plugins/fwd_userspace.so plugins/sched_rr.so \
    plugins/check_tcp.so plugins/vrrp.so plugins/notify_fifo.so

# Keepalived's calling convention: the configured argument, then the FIFO; reads until every
# writer closed it (SIGTERM, sent before routerd's last lines may be read, is ignored).
cat >"$WORKDIR/reader.sh" <<'SH'
#!/bin/sh
trap '' TERM
echo "$2" >>"$1.args"
exec cat "$2" >>"$1"
SH
chmod 755 "$WORKDIR/reader.sh"

cat >"$WORKDIR/routerd.toml" <<TOML
[global]
router_id = "lab-lb"
notify_fifo = "$WORKDIR/all.fifo"
notify_fifo_script = "$WORKDIR/reader.sh $WORKDIR/all.out"

[vrrp.instance.VI_1]
state = "MASTER"
interface = "eth0"
virtual_router_id = 78
priority = 255
advert_int = "1s"
virtual_ipaddress = ["10.201.0.200/24"]

[ipvs]
forwarder = "userspace"

[ipvs.virtual_server.web]
address = "$LAB_VIP:80"
scheduler = "rr"
method = "NAT"

[ipvs.virtual_server.web.real_server.rs1]
address = "$(lab_rs_address 1):80"
check = { type = "tcp", delay_loop = "200ms", connect_timeout = "1s", retry = 0 }
TOML
"$ROUTERD" --config "$WORKDIR/routerd.toml" --plugin-dir "$WORKDIR/plugins" --config-test ||
    fail "the lab's configuration does not pass --config-test"
lab_routerd "$ROUTERD"

vs="VS [$LAB_VIP]:tcp:80"
rs="RS [$(lab_rs_address 1)]:tcp:80 [$LAB_VIP]:tcp:80"
# has LINE [COUNT]: the reader has read LINE at least COUNT times.
has() { [ "$(grep -cxF "$1" "$WORKDIR/all.out" 2>/dev/null)" -ge "${2:-1}" ]; }
wait_for 20 grep -q '^INSTANCE "VI_1" MASTER ' "$WORKDIR/all.out"
wait_for 20 has "$vs UP"

kill -TERM "$(cat "$WORKDIR/nginx-rs1-80/nginx.pid")"
wait_for 20 has "$rs DOWN"
wait_for 20 has "$vs DOWN"
lab_nginx 1 80
wait_for 20 has "$rs UP"
wait_for 20 has "$vs UP" 2

# One reader: started once, one process reading the FIFO.
[ "$(wc -l <"$WORKDIR/all.out.args")" -eq 1 ] ||
    fail "notify_fifo_script was started $(wc -l <"$WORKDIR/all.out.args") times"
readers=$(pgrep -c -f "^cat $WORKDIR/all.fifo\$" || true)
[ "$readers" -eq 1 ] || fail "$readers processes read the FIFO"

lab_stop_routerd "$ROUTERCTL"
wait_for 10 grep -q '^INSTANCE "VI_1" STOP ' "$WORKDIR/all.out"
wait_for 10 sh -c "! pgrep -f '^cat $WORKDIR/all.fifo\$' >/dev/null"
[ ! -e "$WORKDIR/all.fifo" ] || fail "routerd left $WORKDIR/all.fifo behind"
echo "lines [global] notify_fifo's reader read:"
cat "$WORKDIR/all.out"
echo "global notify_fifo: pass"
