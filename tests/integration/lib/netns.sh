# Network-namespace labs for the integration tests (bash; source after common.sh).
# Every namespace gets a per-run prefix, so tests running in parallel never collide, and
# cleanup deletes exactly what this run made (deleting a namespace deletes its veths).
# Hosts are namespaces; a LAN is a bridge inside a namespace of its own, so nothing is added
# to the machine's own network namespace.

NETNS_PREFIX="rd$(($$ % 100000))"
NETNS_MADE=()

netns_cleanup() {
    local ns
    for ns in "${NETNS_MADE[@]}"; do
        ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
        ip netns del "$ns" 2>/dev/null || true
    done
}
CLEANUP_HOOKS+=(netns_cleanup)

# ns NAME: the full name of this run's namespace NAME.
ns() { echo "$NETNS_PREFIX-$1"; }

# ns_add NAME: a new namespace with loopback up.
ns_add() {
    local full
    full=$(ns "$1")
    ip netns add "$full"
    NETNS_MADE+=("$full")
    ip -n "$full" link set lo up
}

# lone_host NAME: a namespace with no LAN, for a router alone: a veth pair inside it (this
# kernel may have no dummy driver), eth0 the LAN side with 172.16.0.1/24, eth1 its idle peer.
lone_host() {
    ns_add "$1"
    ip -n "$(ns "$1")" link add eth0 type veth peer name eth1
    ip -n "$(ns "$1")" link set eth1 up
    ip -n "$(ns "$1")" link set eth0 up
    ip -n "$(ns "$1")" addr add 172.16.0.1/24 dev eth0
}

# lan_add NAME: a LAN (a bridge named br0 in namespace NAME).
lan_add() {
    ns_add "$1"
    ip -n "$(ns "$1")" link add br0 type bridge
    ip -n "$(ns "$1")" link set br0 up
}

# lan_join LAN HOST IFNAME [ADDRESS/PREFIX...]: plugs HOST into LAN through a veth whose end
# in HOST is called IFNAME, with the given addresses (IPv4 or IPv6).
lan_join() {
    local lan host ifname port
    lan=$(ns "$1")
    host=$(ns "$2")
    ifname=$3
    shift 3
    port="p$RANDOM$RANDOM"
    port=${port:0:15}
    ip link add "$port" type veth peer name "$ifname" netns "$host"
    ip link set "$port" netns "$lan"
    ip -n "$lan" link set "$port" master br0 up
    ip -n "$host" link set "$ifname" up
    local address
    for address in "$@"; do
        if [[ $address == *:* ]]; then
            ip -n "$host" -6 addr add "$address" dev "$ifname" nodad
        else
            ip -n "$host" addr add "$address" dev "$ifname"
        fi
    done
}

# in_ns NAME COMMAND...: runs COMMAND inside namespace NAME.
in_ns() {
    local name=$1
    shift
    ip netns exec "$(ns "$name")" "$@"
}

# require_root: skip (exit 77, which ctest is told means "skipped") without root.
require_root() {
    if [ "$(id -u)" -ne 0 ]; then
        echo "SKIP: needs root for network namespaces"
        exit 77
    fi
}
