"""Reference values for mktreport's lifetime-value models (BG/NBD and Gamma-Gamma), from the
`lifetimes` package (Davidson-Pilon), which the marketing-analytics field treats as the reference.

Run once (from the repository root) and commit what it writes:

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install pandas lifetimes==0.11.3
    /tmp/venv/bin/python Tests/References/make_lifetime_references.py

Writes `cdnow_summary.csv` (the CDNOW sample's per-customer summary as lifetimes ships it: 2,357
customers, weeks) and `lifetime_references.json`: lifetimes' fits on CDNOW and on the committed
sample shop as of the report window's end, with per-customer predictions to compare.
"""
import json
import os
import sys

import lifetimes
from lifetimes.datasets import load_cdnow_summary_data_with_monetary_value
from lifetimes.utils import summary_data_from_transaction_data

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_references import OUT, WINDOW, order_lines  # noqa: E402

HORIZON_MONTHS, DISCOUNT = 12, 0.01


def fitted(summary, freq):
    bg = lifetimes.BetaGeoFitter().fit(summary["frequency"], summary["recency"], summary["T"])
    repeat = summary[(summary["frequency"] > 0) & (summary["monetary_value"] > 0)]
    gg = lifetimes.GammaGammaFitter().fit(repeat["frequency"], repeat["monetary_value"])
    head = summary.head(25)
    alive = bg.conditional_probability_alive(head["frequency"], head["recency"], head["T"])
    expected = bg.conditional_expected_number_of_purchases_up_to_time(52 if freq == "W" else 365, head["frequency"], head["recency"], head["T"])
    value = gg.conditional_expected_average_profit(head["frequency"], head["monetary_value"])
    weeks_or_days = 52 if freq == "W" else 365
    clv = gg.customer_lifetime_value(bg, head["frequency"], head["recency"], head["T"], head["monetary_value"],
                                     time=HORIZON_MONTHS, freq=freq, discount_rate=DISCOUNT)
    return {
        "bgnbd": {k: float(v) for k, v in bg.params_.items()},
        "gamma_gamma": {k: float(v) for k, v in gg.params_.items()},
        "customers": [{
            "frequency": float(row.frequency), "recency": float(row.recency), "T": float(row.T), "monetary_value": float(row.monetary_value),
            "p_alive": float(list(alive)[i]),
            "expected_purchases": float(list(expected)[i]),
            "expected_value": float(list(value)[i]),
            "clv": float(clv.iloc[i]),
        } for i, row in enumerate(head.itertuples())],
        "horizon": weeks_or_days,
    }


if __name__ == "__main__":
    cdnow = load_cdnow_summary_data_with_monetary_value()
    cdnow.to_csv(os.path.join(OUT, "cdnow_summary.csv"), index=False)
    lines = order_lines()
    purchases = lines[(lines["day"] <= WINDOW[1]) & (lines["customer_id"] != "")].copy()
    purchases["buys"] = purchases["completed"] & (purchases["quantity_n"] > 0)
    per_day = purchases.groupby(["customer_id", "day"]).agg(revenue=("revenue", "sum"), buys=("buys", "any")).reset_index()
    per_day = per_day[per_day["buys"]]
    sample = summary_data_from_transaction_data(per_day, "customer_id", "day", monetary_value_col="revenue",
                                                observation_period_end=WINDOW[1], freq="D")
    references = {"cdnow": fitted(cdnow, "W"), "sample": fitted(sample.sort_index(), "D"), "monthly_discount_rate": DISCOUNT,
                  "horizon_months": HORIZON_MONTHS}
    references["sample"]["customer_ids"] = list(sample.sort_index().head(25).index)
    with open(os.path.join(OUT, "lifetime_references.json"), "w") as f:
        json.dump(references, f, indent=2, sort_keys=True)
        f.write("\n")
    print("wrote", os.path.join(OUT, "lifetime_references.json"))
