# The 1,000-instance lab of scale.sh, metrics_scrape.sh and heap_profile.sh: 4 interfaces x 250
# VRIDs at 1 s adverts; each daemon has a lab of its own, so it is MASTER of all 1,000.
# Sourced after tests/integration/lib/{common,netns}.sh.

# scale_lab NAME: a namespace NAME with eth0..eth3, each up with an IPv4 address, and their veth
# peers up in NAME-sink (nobody answers there).
scale_lab() {
    ns_add "$1"
    ns_add "$1-sink"
    local k
    for k in 0 1 2 3; do
        ip -n "$(ns "$1")" link add "eth$k" type veth peer name "p$k" netns "$(ns "$1-sink")"
        ip -n "$(ns "$1-sink")" link set "p$k" up
        ip -n "$(ns "$1")" link set "eth$k" up
        ip -n "$(ns "$1")" addr add "10.$((20 + k)).255.1/16" dev "eth$k"
    done
}

# scale_routerd_config FILE, scale_keepalived_config FILE: the 1,000 instances, appended to FILE.
scale_routerd_config() {
    local k v
    for k in 0 1 2 3; do
        for v in $(seq 1 250); do
            cat >>"$1" <<TOML
[vrrp.instance.I${k}_$v]
interface = "eth$k"
virtual_router_id = $v
priority = 200
advert_int = "1s"
virtual_ipaddress = ["10.$((20 + k)).$v.100"]
TOML
        done
    done
}

scale_keepalived_config() {
    local k v
    for k in 0 1 2 3; do
        for v in $(seq 1 250); do
            cat >>"$1" <<CONF
vrrp_instance I${k}_$v {
    state BACKUP
    interface eth$k
    virtual_router_id $v
    priority 200
    advert_int 1
    virtual_ipaddress { 10.$((20 + k)).$v.100/32 }
}
CONF
        done
    done
}
