"""Does reconciling the report's daily revenue forecasts help or hurt? (issue 21, coherence)

Usage: python3 bench/forecast/reconciliation_check.py SUPERSTORE_CSV MKTREPORT_BINARY WORK_DIR [COLUMN]

The public "Sample - Superstore" order lines (2014-2017) become a shop's orders and catalog, the
17 sub-categories as its categories (or COLUMN's values: `Category` gives three, so no rest), so
the report forecasts the total, the top three categories of the window and the rest. At 12 weekly
windows, four weeks apart and each followed by 30 days of known sales, `mktreport forecast` gives
each series' own, unreconciled forecast from the same history; the reconciliations compared
(`strategies`) are computed from those, and the published one is read from report.json. All are
scored on the 30 hidden days: MASE scaled by the in-sample weekly seasonal naive error, one line
per strategy and kind (total, category), and the coverage of the 95% intervals, own and published.
"""
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd

HORIZON = 30


def write_shop(superstore, folder, column):
    lines = pd.read_csv(superstore, encoding="utf-8-sig")
    lines["day"] = pd.to_datetime(lines["Order Date"], format="%m/%d/%Y").dt.date
    folder.mkdir(parents=True, exist_ok=True)
    orders = pd.DataFrame({
        "order_id": lines["Order ID"],
        "order_time": [f"{d.isoformat()}T12:00:00Z" for d in lines["day"]],
        "customer_id": lines["Customer ID"],
        "sku": lines["Product ID"],
        "quantity": lines["Quantity"],
        "unit_price": (lines["Sales"] / lines["Quantity"]).round(4),
        "discount": "",
        "status": "completed",
    })
    orders.to_csv(folder / "orders.csv", index=False)
    lines["category"] = lines[column]
    products = lines.drop_duplicates("Product ID")[["Product ID", "Product Name", "category"]]
    products.columns = ["sku", "title", "category"]
    products.to_csv(folder / "products.csv", index=False)
    # The revenue the report sees: the rounded unit price times the quantity.
    lines["revenue"] = orders["unit_price"] * orders["quantity"]
    return lines


def daily(lines, mask, first, last):
    series = lines[mask].groupby("day")["revenue"].sum()
    days = pd.date_range(first, last).date
    return pd.Series([series.get(d, 0.0) for d in days], index=days)


def scale(history):
    h = history.to_numpy()
    return np.mean(np.abs(h[7:] - h[:-7]))


def own_forecast(binary, history, path):
    pd.DataFrame({"date": [d.isoformat() for d in history.index], "value": history.to_numpy()}).to_csv(path, index=False)
    out = subprocess.run([binary, "forecast", "--input", str(path), "--horizon", str(HORIZON), "--quiet"],
                         check=True, capture_output=True, text=True).stdout
    rows = [line.split(",") for line in out.strip().splitlines()[1:]]
    return np.array([float(r[1]) for r in rows]), np.array([float(r[4]) for r in rows]), np.array([float(r[5]) for r in rows])


def min_trace(total, total_var, parts, part_vars):
    """ForecastReconciliation.minTrace, vectorised over the horizon (without the zero floor)."""
    gap = total - parts.sum(axis=0)
    spread = total_var + part_vars.sum(axis=0)
    return parts + part_vars / np.where(spread > 0, spread, 1) * gap


def strategies(own):
    """Each strategy's total and parts (rows: top categories, then the rest) from the own forecasts."""
    total, parts = own["total"][0], np.array([m for m, _, _ in own["parts"]])
    variance = lambda mean, hi: ((hi - mean) / 1.959963984540054) ** 2
    total_var = variance(total, own["total"][2])
    part_vars = np.array([variance(m, h) for m, _, h in own["parts"]])
    mint = np.maximum(min_trace(total, total_var, parts, part_vars), 0)
    factor = np.where(parts[:-1].sum(axis=0) > total, total / np.maximum(parts[:-1].sum(axis=0), 1e-9), 1)
    return {
        "own (incoherent)": (total, parts),
        "bottom-up": (parts.sum(axis=0), parts),
        "MinT diagonal": (mint.sum(axis=0), mint),
        "OLS": (lambda r: (r.sum(axis=0), r))(min_trace(total, np.ones_like(total), parts, np.ones_like(parts))),
        "WLS structural": (lambda r: (r.sum(axis=0), r))(min_trace(total, np.full_like(total, len(parts)), parts, np.ones_like(parts))),
        "top-down forecast proportions": (total, parts * np.where(parts.sum(axis=0) > 0, total / np.maximum(parts.sum(axis=0), 1e-9), 0)),
        "top-down scale-down": (total, np.vstack([parts[:-1] * factor, parts[-1:]])),
    }


def main(superstore, binary, work, column="Sub-Category"):
    work = Path(work)
    lines = write_shop(superstore, work / "shop", column)
    first, last = min(lines["day"]), max(lines["day"])
    last_sunday = last - dt.timedelta(days=HORIZON) - dt.timedelta(days=(last - dt.timedelta(days=HORIZON)).weekday() + 1)
    ends = [last_sunday - dt.timedelta(weeks=4 * k) for k in range(12)]
    mase = {}  # (strategy, kind) -> MASEs
    coverage = {}  # kind -> (own covered, report covered) per forecast
    for end in ends:
        start = end - dt.timedelta(days=6)
        out = work / f"out-{end}"
        subprocess.run([binary, "report", "--data", str(work / "shop"), "--from", str(start), "--to", str(end),
                        "--out", str(out), "--quiet"], check=True)
        report = json.loads(next(out.rglob("report.json")).read_text())
        published = {f["series"]: f for f in report["forecasts"] if f["frequency"] == "daily" and f["series"].startswith("revenue")}
        names = [n[len("revenue: "):] for n in published if n != "revenue"]
        masks = {"revenue": np.ones(len(lines), bool)}
        masks.update({"revenue: " + n: (lines["category"] == n).to_numpy() for n in names})
        masks["rest"] = ~lines["category"].isin(names).to_numpy()
        own, actual, scales = {}, {}, {}
        for name, mask in masks.items():
            series = daily(lines, mask, first, end + dt.timedelta(days=HORIZON))
            history = series.iloc[:-HORIZON]
            actual[name], scales[name] = series.iloc[-HORIZON:].to_numpy(), scale(history)
            own[name] = own_forecast(binary, history, work / "series.csv")
            if name in published:
                f = published[name]
                lo, hi = np.array([p["lo95"] for p in f["points"]]), np.array([p["hi95"] for p in f["points"]])
                a = actual[name]
                kind = "total" if name == "revenue" else "category"
                coverage.setdefault(kind, []).append((np.mean((a >= own[name][1]) & (a <= own[name][2])), np.mean((a >= lo) & (a <= hi))))
                mean = np.array([p["mean"] for p in f["points"]])
                mase.setdefault(("published", kind), []).append(np.mean(np.abs(a - mean)) / scales[name])
        part_names = ["revenue: " + n for n in names] + ["rest"]
        for strategy, (total, parts) in strategies({"total": own["revenue"], "parts": [own[n] for n in part_names]}).items():
            mase.setdefault((strategy, "total"), []).append(np.mean(np.abs(actual["revenue"] - total)) / scales["revenue"])
            for n, p in zip(part_names[:-1], parts[:-1]):
                mase.setdefault((strategy, "category"), []).append(np.mean(np.abs(actual[n] - p)) / scales[n])
    for (strategy, kind), values in sorted(mase.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        print(f"{kind:8} {strategy:22} MASE {np.mean(values):.3f} ({len(values)} forecasts)")
    for kind, rows in coverage.items():
        a = np.array(rows)
        print(f"{kind:8} 95% coverage own {a[:, 0].mean():.3f}, published {a[:, 1].mean():.3f}")


if __name__ == "__main__":
    main(*sys.argv[1:5])
