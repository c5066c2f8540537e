"""Computes reference values for mktreport's tests with the tools analysts trust.

Run once (from the repository root) and commit the JSON files it writes:

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install pandas statsmodels scikit-learn
    /tmp/venv/bin/python Tests/References/make_references.py

mktreport itself never needs Python: the tests only read the JSON files.
Everything here is an independent implementation of DATA_CONTRACT.md with pandas.
"""
import glob
import json
import os

import numpy as np
import pandas as pd
from statsmodels.stats.proportion import proportions_ztest, confint_proportions_2indep

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = os.path.join(ROOT, "fixtures", "sample")
OUT = os.path.dirname(os.path.abspath(__file__))
WINDOW = ("2026-11-23", "2026-11-29")
PREVIOUS = ("2026-11-16", "2026-11-22")


def write(name, value):
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(value, f, indent=2, sort_keys=True)
        f.write("\n")


def read_exports(pattern):
    frames = []
    for path in sorted(glob.glob(os.path.join(SAMPLE, pattern))):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig", on_bad_lines="skip", engine="python")
        frame.columns = [c.strip().lower() for c in frame.columns]
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def plain_number(series):
    ok = series.str.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)")
    return pd.to_numeric(series.where(ok), errors="coerce")


def order_lines():
    lines = read_exports("orders*.csv*")
    lines["time"] = pd.to_datetime(lines["order_time"], errors="coerce", utc=True, format="ISO8601")
    lines["quantity_n"] = plain_number(lines["quantity"])
    lines["price_n"] = plain_number(lines["unit_price"])
    lines["discount_n"] = plain_number(lines["discount"].replace("", "0"))
    valid = (lines["order_id"] != "") & (lines["customer_id"] != "") & (lines["sku"] != "") & lines["time"].notna() \
        & lines["quantity_n"].notna() & lines["price_n"].notna() & (lines["price_n"] >= 0) \
        & lines["discount_n"].notna() & (lines["discount_n"] >= 0)
    lines = lines[valid].drop_duplicates(["order_id", "sku"], keep="last").copy()
    lines["day"] = lines["time"].dt.strftime("%Y-%m-%d")
    status = lines["status"].str.lower().replace("", "completed")
    lines["completed"] = status == "completed"
    lines["revenue"] = np.where(lines["completed"], lines["quantity_n"] * lines["price_n"] - lines["discount_n"], 0.0)
    return lines


def kpis(lines, window):
    inside = lines[(lines["day"] >= window[0]) & (lines["day"] <= window[1])]
    qualifying = inside[inside["completed"] & (inside["quantity_n"] > 0)]
    revenue = float(inside["revenue"].sum())
    orders = int(qualifying["order_id"].nunique())
    return {"revenue": round(revenue, 2), "orders": orders, "customers": int(qualifying["customer_id"].nunique()),
            "aov": round(revenue / orders, 2) if orders else 0.0}


def ab_tests():
    ads = read_exports("ads*.csv")
    for column in ["impressions", "clicks", "conversions"]:
        ads[column] = plain_number(ads[column])
    ads["cost_n"] = plain_number(ads["cost"])
    ads = ads[ads["cost_n"].notna()].drop_duplicates(["date", "campaign_id", "variant"], keep="last")
    ads = ads[(ads["date"] >= WINDOW[0]) & (ads["date"] <= WINDOW[1]) & (ads["variant"] != "")]
    results = []
    for campaign, rows in sorted(ads.groupby("campaign_id")):
        totals = rows.groupby("variant")[["impressions", "clicks", "conversions"]].sum()
        variants = sorted(totals.index)
        if len(variants) < 2:
            continue
        control = variants[0]
        for treatment in variants[1:]:
            for metric, (num, den) in [("ctr", ("clicks", "impressions")), ("cvr", ("conversions", "clicks"))]:
                t, c = totals.loc[treatment], totals.loc[control]
                z, p = proportions_ztest([t[num], c[num]], [t[den], c[den]])
                low, high = confint_proportions_2indep(t[num], t[den], c[num], c[den], method="wald", compare="diff")
                results.append({"campaign_id": campaign, "metric": metric, "control": control, "treatment": treatment,
                                "control_rate": c[num] / c[den], "treatment_rate": t[num] / t[den],
                                "z": float(z), "p_value": float(p), "ci95": [float(low), float(high)]})
    return results


def synthetic_ab_cases():
    cases = []
    for x1, n1, x2, n2 in [(120, 1000, 100, 1000), (5, 40, 3, 50), (480, 12000, 410, 11800), (0, 10, 1, 12),
                           (999, 1000, 990, 1000), (33, 5000, 33, 5000), (1, 3, 2, 3)]:
        z, p = proportions_ztest([x1, x2], [n1, n2])
        low, high = confint_proportions_2indep(x1, n1, x2, n2, method="wald", compare="diff")
        cases.append({"x1": x1, "n1": n1, "x2": x2, "n2": n2, "z": float(z), "p_value": float(p), "ci95": [float(low), float(high)]})
    return cases


if __name__ == "__main__":
    lines = order_lines()
    write("sample_kpis.json", {"window": kpis(lines, WINDOW), "previous": kpis(lines, PREVIOUS)})
    write("sample_ab_tests.json", ab_tests())
    write("ztest_cases.json", synthetic_ab_cases())
    print("wrote references to", OUT)
