#!/usr/bin/env python3
"""Prints the forwarder benchmark's results (run.sh): per scenario, the median of each proxy's
runs for every metric, with routerd/HAProxy ratios. Medians, because on a machine whose load
drifts one lucky or unlucky run should not decide."""
import statistics
import sys


def parse(path):
    runs = {}
    with open(path) as f:
        for line in f:
            words = line.split()
            scenario, proxy, fields = words[0], words[1], words[2:]
            values = {fields[i]: float(fields[i + 1]) for i in range(0, len(fields), 2)}
            runs.setdefault((scenario, proxy), []).append(metrics(values))
    return runs


def median(runs):
    return {metric: statistics.median(run[metric] for run in runs) for metric in runs[0]}


def metrics(v):
    rate = v["requests"] / v["seconds"]
    return {
        "req/s": rate,
        "MiB/s": v["bytes"] / v["seconds"] / 2**20,
        "p99 ms": v["p99_us"] / 1000,
        "CPU ms/1k req": 1000 * v["cpu_s"] / max(v["requests"], 1) * 1000,
        "errors": v["errors"],
    }


def main():
    runs = parse(sys.argv[1])
    names = {"close": "new connection per request (req/s = connections/s)",
             "keepalive": "keep-alive, small responses",
             "bulk": "keep-alive, 1 MiB responses"}
    for scenario in ("close", "keepalive", "bulk"):
        h_runs, r_runs = runs[(scenario, "haproxy")], runs[(scenario, "routerd")]
        h, r = median(h_runs), median(r_runs)
        print(f"\n{names[scenario]} (median of {len(h_runs)} and {len(r_runs)} runs)")
        print(f"  {'':16}{'HAProxy 2.6':>14}{'routerd':>14}{'ratio':>10}")
        for key in h:
            # Ratios read "routerd is N x HAProxy"; for p99 and CPU, lower is better, so the
            # ratio is inverted to keep ">= 1.0 is as good or better".
            lower_better = key in ("p99 ms", "CPU ms/1k req")
            if key == "errors":
                ratio = ""
            elif lower_better:
                ratio = f"{h[key] / r[key]:.2f}x" if r[key] else "-"
            else:
                ratio = f"{r[key] / h[key]:.2f}x" if h[key] else "-"
            print(f"  {key:16}{h[key]:>14.2f}{r[key]:>14.2f}{ratio:>10}")
    print("\nratio >= 1.00x: routerd as good as HAProxy or better (p99 and CPU inverted)")


if __name__ == "__main__":
    main()
