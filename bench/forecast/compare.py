"""Prints mktreport's forecasting accuracy next to statsforecast's on the same suite.

    python3 bench/forecast/compare.py OURS.json STATSFORECAST.json
"""
import json
import sys

import numpy as np

ours = json.load(open(sys.argv[1]))
theirs = json.load(open(sys.argv[2]))


def summary(rows, key=None):
    values = [(r if key is None else r.get(key, {})) for r in rows]
    mase = [v["mase"] for v in values if v.get("mase") is not None and np.isfinite(v["mase"])]
    return (np.mean(mase), np.mean([v["cover80"] for v in values if "cover80" in v]),
            np.mean([v["cover95"] for v in values if "cover95" in v]), len(mase))


print(f"{'frequency':<9} {'method':<14} {'mean MASE':>10} {'80% cover':>10} {'95% cover':>10} {'series':>7}")
for frequency in ("daily", "weekly", "monthly"):
    rows = [("mktreport", summary(ours["results"][frequency]))]
    for label in ("AutoETS", "AutoARIMA", "SeasonalNaive"):
        rows.append((label, summary(theirs[frequency], label)))
    for label, (mase, c80, c95, n) in rows:
        print(f"{frequency:<9} {label:<14} {mase:>10.3f} {c80:>10.1%} {c95:>10.1%} {n:>7}")
    methods = {}
    for r in ours["results"][frequency]:
        methods[r["method"]] = methods.get(r["method"], 0) + 1
    print(f"{'':<9} mktreport chose: " + ", ".join(f"{k} {v}" for k, v in sorted(methods.items(), key=lambda kv: -kv[1])))
