#!/usr/bin/env python3
"""etc/grafana/routerd-dashboard.json: valid JSON that Grafana can import (a title, panels
with unique ids, a Prometheus datasource each), and every query names only metrics routerd
documents in docs/metrics.md (a histogram's by its _bucket, _sum or _count series).
Usage: dashboard_test.py DASHBOARD.json docs/metrics.md"""
import json
import re
import sys

dashboard_path, doc_path = sys.argv[1], sys.argv[2]
with open(doc_path) as doc:
    documented = set(re.findall(r"^\| `([a-z_:]+)`", doc.read(), re.MULTILINE))
with open(dashboard_path) as f:
    dashboard = json.load(f)

errors = []
if not dashboard.get("title"):
    errors.append("the dashboard has no title")
panels = dashboard.get("panels", [])
ids = [p.get("id") for p in panels]
if len(set(ids)) != len(ids):
    errors.append(f"panel ids repeat: {ids}")
used = set()
for panel in panels:
    title = panel.get("title", f"panel {panel.get('id')}")
    if panel.get("datasource", {}).get("type") != "prometheus":
        errors.append(f"{title}: no Prometheus datasource")
    if not panel.get("targets"):
        errors.append(f"{title}: no query")
    for target in panel.get("targets", []):
        expr = target.get("expr", "")
        names = re.findall(r"\b((?:routerd|process)_[a-z0-9_]+)", expr)
        if not names:
            errors.append(f"{title}: {expr!r} names no routerd metric")
        for name in names:
            base = re.sub(r"_(bucket|sum|count)$", "", name)
            if name not in documented and base not in documented:
                errors.append(f"{title}: {name} is not a metric routerd exports")
            used.add(name if name in documented else base)
# The dashboard covers every area: VRRP, checks, load balancing, forwarder, alerts, process.
for prefix in ("routerd_vrrp_", "routerd_check_", "routerd_ipvs_", "routerd_forwarder_",
               "routerd_alerts_", "process_"):
    if not any(name.startswith(prefix) for name in used):
        errors.append(f"no panel shows a {prefix}* metric")
if len(documented) < 40:
    errors.append(f"{doc_path} documents only {len(documented)} metrics")
for e in errors:
    print("FAIL:", e)
print(f"{len(panels)} panels, {len(used)} of {len(documented)} documented metrics used")
sys.exit(1 if errors else 0)
