# Helpers for the metrics integration tests (bash; source after ../lib/common.sh and
# ../lib/netns.sh): read a routerd's /metrics from inside its namespace.

# scrape HOST ADDRESS: the exposition served at http://ADDRESS/metrics in HOST's namespace.
scrape() { in_ns "$1" curl -sf --max-time 5 "http://$2/metrics"; }

# sample_value TEXT SERIES: the value of one series (name with its labels, exactly as the
# exposition writes it) in TEXT; empty when absent.
sample_value() { awk -v series="$2" '$1 == series { print $2 }' <<<"$1"; }

# sum_of TEXT NAME LABEL_FILTER: the sum of every NAME sample whose labels contain
# LABEL_FILTER (a substring such as 'service="tcp:10.201.0.100:80"', or "" for all).
sum_of() {
    awk -v name="$2" -v filter="$3" '
        { split($1, parts, "{") }
        parts[1] == name && index($1, filter) { total += $2 }
        END { printf "%.0f\n", total }' <<<"$1"
}

# documented_metrics DOC: every metric name in the table of docs/metrics.md.
documented_metrics() { grep -oE '^\| `[a-z_:]+`' "$1" | tr -d '|` ' | sort -u; }
