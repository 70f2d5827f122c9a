# Shared by the fault tests (source after common.sh, netns.sh and vrrp/lib.sh): the VRRP lab
# with namespaces of their own prefix, the pair's configuration, partitions, and what a test
# reads of a running routerd.

NETNS_PREFIX="ft$(($$ % 100000))"

# pair_config PRIORITY [ADVERT_INT]: instance VI_1 (VRID 117) with VIP 172.16.0.100.
pair_config() {
    cat <<TOML
[vrrp.instance.VI_1]
interface = "eth0"
virtual_router_id = 117
priority = $1
advert_int = "${2:-1s}"
virtual_ipaddress = ["172.16.0.100"]
TOML
}

# One MASTER of VI_1 among r1 and r2, and the VIP on it only.
settled_pair() {
    one_master VI_1 VI_1 || return 1
    if state_is r1 VI_1 MASTER; then
        has_address r1 172.16.0.100 && ! has_address r2 172.16.0.100
    else
        has_address r2 172.16.0.100 && ! has_address r1 172.16.0.100
    fi
}

# lan_port HOST: the name of HOST's port on the LAN's bridge (the peer of HOST's eth0).
lan_port() {
    local peer
    peer=$(ip -n "$(ns "$1")" -o link show dev eth0 | sed -n 's/^[0-9]*: eth0@if\([0-9]*\):.*/\1/p')
    ip -n "$(ns lan)" -o link show | sed -n "s/^$peer: \([^@:]*\)[@:].*/\1/p"
}

# partition HOST...: isolated bridge ports forward to the other ports only, so the hosts given
# stop hearing each other while every link stays up and the client still reaches each of them.
# heal: undoes it (the first port let go already ends the partition).
ISOLATED_PORTS=()
partition() {
    local host port
    for host in "$@"; do
        port=$(lan_port "$host")
        bridge -n "$(ns lan)" link set dev "$port" isolated on
        ISOLATED_PORTS+=("$port")
    done
}
heal() {
    local port
    for port in "${ISOLATED_PORTS[@]}"; do bridge -n "$(ns lan)" link set dev "$port" isolated off; done
    ISOLATED_PORTS=()
}

# next_advert_from ADDRESS: returns once the client sees an IPv4 VRRP advert from ADDRESS (fails
# after 5 s): the phase of that router's adverts.
next_advert_from() {
    in_ns client timeout 5 python3 - "$1" <<'PY'
import socket, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0800))
s.bind(("eth0", 0))
source = socket.inet_aton(sys.argv[1])
while True:
    frame = s.recv(2048)
    if frame[14 + 9] == 112 and frame[14 + 12 : 14 + 16] == source:
        break
PY
}

open_descriptors() { find "/proc/$1/fd" -mindepth 1 -maxdepth 1 | wc -l; }
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

now_ms() { echo $(($(date +%s%N) / 1000000)); }
# sleep_until_ms T: sleeps until now_ms reaches T (at once if it has).
sleep_until_ms() {
    local left=$(($1 - $(now_ms)))
    [ "$left" -le 0 ] || sleep "$((left / 1000)).$(printf %03d $((left % 1000)))"
}
