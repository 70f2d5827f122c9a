#!/usr/bin/env bash
# How long `routerd import-keepalived` takes on a 10,000-line keepalived.conf (250 VRRP
# instances and 100 virtual servers with 4 checked real servers each), beside Keepalived 2.2.7
# reading the same file (`keepalived --config-test`) in the same run. Medians of RUNS runs.
#   bench/import/import_speed.sh [build/kernel/routerd]
set -euo pipefail
routerd=${1:-build/kernel/routerd}
runs=${RUNS:-11}
work=$(mktemp -d /tmp/routerd-import-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
conf=$work/keepalived.conf

{
    printf 'global_defs {\n    router_id bench\n    notification_email {\n        ops@example.com\n    }\n}\n'
    for i in $(seq 1 250); do
        cat <<BLOCK
# instance $i
vrrp_instance VI_$i {
    state BACKUP
    interface eth$((i % 4))
    virtual_router_id $(( (i - 1) % 250 + 1 ))
    priority $((100 + i % 50))
    advert_int 1
    authentication {
        auth_type PASS
        auth_pass p$i
    }
    virtual_ipaddress {
        10.$((i / 250)).$((i % 250)).1/24 dev eth$((i % 4))
        10.$((i / 250)).$((i % 250)).2/24
    }
    track_script {
        chk_$((i % 10))
    }
    notify_master "/usr/local/bin/notify.sh master VI_$i"
}
BLOCK
    done
    for v in $(seq 1 100); do
        echo "virtual_server 172.16.$v.100 80 {"
        printf '    delay_loop 6\n    lvs_sched wlc\n    lvs_method NAT\n    protocol TCP\n'
        for r in 1 2 3 4; do
            cat <<BLOCK
    real_server 172.17.$v.$r 80 {
        weight $r
        HTTP_GET {
            url {
                path /health
                status_code 200
            }
            connect_timeout 3
            retry 2
            delay_before_retry 1
        }
    }
BLOCK
        done
        echo "}"
    done
    for c in $(seq 0 9); do
        printf 'vrrp_script chk_%d {\n    script "/usr/local/bin/check %d"\n    interval 2\n    weight -10\n}\n' "$c" "$c"
    done
} >"$conf"
lines=$(wc -l <"$conf")

# Median wall time in milliseconds of a command, over $runs runs.
median_ms() {
    local times=()
    for _ in $(seq 1 "$runs"); do
        local start end
        start=$(date +%s%N)
        "$@" >/dev/null 2>&1 || true
        end=$(date +%s%N)
        times+=($(((end - start) / 1000)))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'
}

routerd_ms=$(median_ms "$routerd" import-keepalived "$conf" -o "$work/out.toml")
printf 'routerd import-keepalived: %s lines in %s ms (median of %d)\n' "$lines" "$routerd_ms" "$runs"
if command -v keepalived >/dev/null; then
    keepalived_ms=$(median_ms keepalived --config-test --use-file "$conf")
    printf 'keepalived --config-test:  %s lines in %s ms (median of %d)\n' "$lines" "$keepalived_ms" "$runs"
    awk -v r="$routerd_ms" -v k="$keepalived_ms" 'BEGIN {printf "ratio routerd/keepalived: %.2f\n", r / k}'
fi
