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
import statsmodels.api as sm
from scipy import stats
from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score, silhouette_score
from statsmodels.stats.multitest import multipletests
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
    """Each export file as a frame with a `file` column (its name), files in name order."""
    frames = []
    for path in sorted(glob.glob(os.path.join(SAMPLE, pattern))):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig", on_bad_lines="skip", engine="python")
        frame.columns = [c.strip().lower() for c in frame.columns]
        frame["file"] = os.path.basename(path)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def restated(frame, key):
    """The contract's line semantics: within a file every row counts; across files the file that sorts
    last restates each key (an order, a campaign-day) with all of its rows."""
    last_file = frame.groupby(key)["file"].transform("max")
    return frame[frame["file"] == last_file]


def plain_number(series):
    ok = series.str.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)")
    return pd.to_numeric(series.where(ok), errors="coerce")


def order_lines():
    """Valid order lines; guests (empty customer_id) are kept with customer_id ""."""
    lines = read_exports("orders*.csv*")
    lines["time"] = pd.to_datetime(lines["order_time"], errors="coerce", utc=True, format="ISO8601")
    lines["quantity_n"] = plain_number(lines["quantity"])
    lines["price_n"] = plain_number(lines["unit_price"])
    lines["discount_n"] = plain_number(lines["discount"].replace("", "0"))
    status = lines["status"].str.lower().replace("", "completed")
    valid = (lines["order_id"] != "") & (lines["sku"] != "") & lines["time"].notna() \
        & lines["quantity_n"].notna() & lines["price_n"].notna() & (lines["price_n"] >= 0) \
        & lines["discount_n"].notna() & (lines["discount_n"] >= 0) \
        & status.isin(["completed", "complete", "cancelled", "canceled", "refunded"])
    lines = restated(lines[valid], "order_id").copy()
    lines["day"] = lines["time"].dt.strftime("%Y-%m-%d")
    lines["completed"] = status[lines.index].str.startswith("complete")
    lines["revenue"] = np.where(lines["completed"], lines["quantity_n"] * lines["price_n"] - lines["discount_n"], 0.0)
    return lines


def kpis(lines, window):
    inside = lines[(lines["day"] >= window[0]) & (lines["day"] <= window[1])]
    qualifying = inside[inside["completed"] & (inside["quantity_n"] > 0)]
    revenue = float(inside["revenue"].sum())
    orders = int(qualifying["order_id"].nunique())
    guests = qualifying["customer_id"] == ""
    return {"revenue": round(revenue, 2), "orders": orders, "customers": int(qualifying[~guests]["customer_id"].nunique()),
            "guest_orders": int(qualifying[guests]["order_id"].nunique()), "aov": round(revenue / orders, 2) if orders else 0.0}


def customer_mix(lines, window):
    """New and returning customers (a customer is new in the window when their first completed order
    ever, up to the window's end, is in it), the repeat-purchase rate and the median days from first
    to second order, over the customers with an order by the window's end."""
    known = lines[(lines["day"] <= window[1]) & (lines["customer_id"] != "")]
    qualifying = known[known["completed"] & (known["quantity_n"] > 0)]
    order_days = qualifying.groupby(["customer_id", "order_id"])["day"].min().reset_index()
    first = order_days.groupby("customer_id")["day"].min()
    inside = known[known["day"] >= window[0]]
    is_new = inside["customer_id"].map(first).between(window[0], window[1])

    def group(frame):
        orders = frame[frame["completed"] & (frame["quantity_n"] > 0)]
        revenue, count = float(frame["revenue"].sum()), int(orders["order_id"].nunique())
        return {"revenue": round(revenue, 2), "orders": count, "customers": int(orders["customer_id"].nunique()),
                "aov": round(revenue / count, 2) if count else 0.0}

    per_customer = order_days.sort_values(["customer_id", "day"]).groupby("customer_id")["day"].apply(list)
    repeaters = per_customer[per_customer.map(len) >= 2]
    gaps = repeaters.map(lambda days: (pd.Timestamp(days[1]) - pd.Timestamp(days[0])).days)
    return {"new": group(inside[is_new]), "returning": group(inside[~is_new]),
            "repeat_purchase_rate": len(repeaters) / len(per_customer) if len(per_customer) else None,
            "median_days_to_second_order": float(gaps.median()) if len(gaps) else None}


def ab_tests():
    ads = read_exports("ads*.csv")
    for column in ["impressions", "clicks", "conversions"]:
        ads[column] = plain_number(ads[column])
    ads["cost_n"] = plain_number(ads["cost"])
    ads = restated(ads[ads["cost_n"].notna()], ["date", "campaign_id"])
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
    holm = multipletests([r["p_value"] for r in results], method="holm")[1]
    bh = multipletests([r["p_value"] for r in results], method="fdr_bh")[1]
    for r, h, q in zip(results, holm, bh):
        r["p_value_holm"], r["q_value_bh"] = float(h), float(q)
    return results


def cohorts(lines, as_of, months=12, min_size=10):
    """Acquisition cohorts as of a day: customers by the month of their first completed order (the
    last `months` months), the share ordering in each later month and cumulative revenue per
    customer, overall and by the first order's channel (the first line naming one). A customer's
    orders of one day are taken in the order they were placed (their earliest order_time, then
    order_id), whatever the order of the rows."""
    known = lines[(lines["day"] <= as_of) & (lines["customer_id"] != "")].copy()
    placed = known.groupby("order_id")["time"].min().reset_index().sort_values(["time", "order_id"], kind="stable")
    known["order_seq"] = known["order_id"].map({o: i for i, o in enumerate(placed["order_id"])})
    known["buys"] = known["completed"] & (known["quantity_n"] > 0)
    rows = known.groupby(["customer_id", "day", "order_seq"], sort=True).agg(
        revenue=("revenue", "sum"), buys=("buys", "any"),
        channel=("channel", lambda c: next((x for x in c if x != ""), ""))).reset_index()
    first = rows[rows["buys"]].groupby("customer_id").first()
    last_month = pd.Period(as_of, "M")
    first_month = last_month - (months - 1)
    rows["month"] = pd.PeriodIndex(rows["day"], freq="M")
    rows = rows.join(first[["day", "channel"]].rename(columns={"day": "first_day", "channel": "first_channel"}), on="customer_id")
    rows = rows[rows["first_day"].notna() & (rows["day"] >= rows["first_day"])]
    rows["cohort"] = pd.PeriodIndex(rows["first_day"], freq="M")
    rows = rows[rows["cohort"] >= first_month]
    rows["age"] = (rows["month"] - rows["cohort"]).map(lambda d: d.n)
    rows["first_channel"] = rows["first_channel"].replace("", "unknown")

    def table(frame):
        result = []
        for cohort, group in sorted(frame.groupby("cohort")):
            n = group["customer_id"].nunique()
            ages = (last_month - cohort).n + 1
            entry = {"month": str(cohort) + "-01", "customers": int(n)}
            if n >= min_size:
                entry["active"] = [group[(group["age"] == a) & group["buys"]]["customer_id"].nunique() / n for a in range(ages)]
                entry["revenue_per_customer"] = list(np.cumsum([group[group["age"] == a]["revenue"].sum() / n for a in range(ages)]))
            result.append(entry)
        return result

    channels = sorted(rows.groupby("first_channel"))
    # One channel alone would repeat the overall tables.
    return {"overall": table(rows), "by_channel": [{"channel": c, "cohorts": table(g)} for c, g in channels] if len(channels) > 1 else []}


def attribution(lines):
    """Per campaign with platform revenue in the window: that revenue, and the revenue of the
    window's completed order lines carrying the campaign_id."""
    ads = read_exports("ads*.csv")
    ads["cost_n"] = plain_number(ads["cost"])
    ads["revenue_n"] = plain_number(ads["revenue"]) if "revenue" in ads else np.nan
    ads = restated(ads[ads["cost_n"].notna()], ["date", "campaign_id"])
    ads = ads[(ads["date"] >= WINDOW[0]) & (ads["date"] <= WINDOW[1]) & ads["revenue_n"].notna()]
    claimed = ads.groupby("campaign_id")["revenue_n"].sum()
    inside = lines[(lines["day"] >= WINDOW[0]) & (lines["day"] <= WINDOW[1]) & lines["completed"]]
    own = inside.groupby("campaign_id")["revenue"].sum()
    return [{"campaign_id": c, "platform_revenue": round(float(v), 2), "order_revenue": round(float(own.get(c, 0.0)), 2)}
            for c, v in sorted(claimed.items())]


def multiple_testing_cases():
    """statsmodels' Holm and Benjamini-Hochberg on families with ties, ones and tiny values."""
    families = [[0.01, 0.04, 0.03, 0.005, 0.5, 0.04, 1.0, 0.2], [0.0001], [0.9, 0.8, 0.7], [1e-12, 0.02, 0.02, 0.049, 0.051],
                list(np.random.default_rng(7).uniform(0, 0.2, 25))]
    return [{"p": [float(x) for x in p], "holm": [float(x) for x in multipletests(p, method="holm")[1]],
             "bh": [float(x) for x in multipletests(p, method="fdr_bh")[1]]} for p in families]


def msprt_cases():
    """The mixture SPRT's always-valid p-value (Johari et al. 2017), written out independently of
    the Swift code: looks of cumulative (control successes, trials, treatment successes, trials)."""
    def inverse_lambda(cx, cn, tx, tn):
        pc, pt = cx / cn, tx / tn
        v = pt * (1 - pt) / tn + pc * (1 - pc) / cn
        tau2 = (0.2 * (cx + tx) / (cn + tn)) ** 2
        lam = np.sqrt(v / (v + tau2)) * np.exp(tau2 * (pt - pc) ** 2 / (2 * v * (v + tau2)))
        return min(1.0, 1 / lam)
    cases = []
    for looks in [[(50, 1000, 70, 1000), (110, 2000, 150, 2000), (160, 3000, 240, 3000)],
                  [(10, 400, 9, 410)], [(300, 10000, 310, 10000), (620, 20000, 600, 20000)],
                  [(5, 50, 15, 50), (9, 100, 16, 100)]]:
        cases.append({"looks": [list(map(float, l)) for l in looks], "p": min(inverse_lambda(*l) for l in looks)})
    return cases


def synthetic_ab_cases():
    cases = []
    for x1, n1, x2, n2 in [(120, 1000, 100, 1000), (5, 40, 3, 50), (480, 12000, 410, 11800), (0, 10, 1, 12),
                           (999, 1000, 990, 1000), (33, 5000, 33, 5000), (1, 3, 2, 3)]:
        z, p = proportions_ztest([x1, x2], [n1, n2])
        low, high = confint_proportions_2indep(x1, n1, x2, n2, method="wald", compare="diff")
        cases.append({"x1": x1, "n1": n1, "x2": x2, "n2": n2, "z": float(z), "p_value": float(p), "ci95": [float(low), float(high)]})
    return cases


def rfm_segment(r, f):
    if r == 1 and f == 1: return "Lost"
    if r <= 2 and f <= 2: return "Hibernating"
    if r <= 2 and f <= 4: return "At Risk"
    if r <= 2: return "Cannot Lose Them"
    if r == 3 and f <= 2: return "About to Sleep"
    if r == 3 and f == 3: return "Need Attention"
    if r <= 4 and f >= 4: return "Loyal"
    if r == 4 and f == 1: return "Promising"
    if r == 5 and f == 1: return "New"
    if f <= 3: return "Potential Loyalist"
    return "Champions"


def rfm(lines, as_of):
    """RFM as README.md defines it, with pandas: qcut of first-ranks over customers sorted by id."""
    lines = lines[(lines["day"] <= as_of) & (lines["customer_id"] != "")]
    qualifying = lines[lines["completed"] & (lines["quantity_n"] > 0)]
    last = qualifying.groupby("customer_id")["day"].max()
    frequency = qualifying.groupby("customer_id")["order_id"].nunique()
    monetary = lines.groupby("customer_id")["revenue"].sum()
    frame = pd.DataFrame({"last": last, "frequency": frequency}).join(monetary.rename("monetary")).fillna({"monetary": 0})
    frame = frame.sort_index(key=lambda ids: ids.map(lambda v: v.encode()))
    frame["recency"] = (pd.Timestamp(as_of) - pd.to_datetime(frame["last"])).dt.days
    labels = [1, 2, 3, 4, 5]
    frame["r"] = pd.qcut((-frame["recency"]).rank(method="first"), 5, labels=labels).astype(int)
    frame["f"] = pd.qcut(frame["frequency"].rank(method="first"), 5, labels=labels).astype(int)
    frame["m"] = pd.qcut(frame["monetary"].rank(method="first"), 5, labels=labels).astype(int)
    frame["segment"] = [rfm_segment(r, f) for r, f in zip(frame["r"], frame["f"])]
    return {"sizes": {k: int(v) for k, v in frame["segment"].value_counts().items()},
            "first_customers": [{"customer_id": c, "recency": int(row.recency), "frequency": int(row.frequency),
                                 "monetary": round(float(row.monetary), 6), "r": int(row.r), "f": int(row.f), "m": int(row.m)}
                                for c, row in frame.head(25).iterrows()]}


def statistics_cases():
    rng = np.random.default_rng(7)
    # Logistic regression: binary outcome (statsmodels Logit) and grouped binomial (GLM with successes/failures).
    x = rng.normal(size=(400, 3))
    logits = -0.5 + 1.2 * x[:, 0] - 0.7 * x[:, 1] + 0.1 * x[:, 2]
    y = (rng.uniform(size=400) < 1 / (1 + np.exp(-logits))).astype(float)
    design = sm.add_constant(x)
    logit = sm.Logit(y, design).fit(disp=0, tol=1e-12, maxiter=100)
    # The propensity model's fit: L2 penalty 1 on the slopes (scikit-learn's C = 1, intercept free),
    # with two collinear columns, which an unpenalised fit cannot take.
    prng = np.random.default_rng(11)
    raw = prng.normal(size=(300, 2))
    penalised_x = np.column_stack([raw[:, 0], raw[:, 1], raw[:, 0] * 2 + 1e-9 * prng.normal(size=300)])
    penalised_y = (prng.uniform(size=300) < 1 / (1 + np.exp(-(0.3 + 0.9 * raw[:, 0] - 0.6 * raw[:, 1])))).astype(int)
    penalised = LogisticRegression(C=1.0, tol=1e-12, max_iter=10000).fit(penalised_x, penalised_y)
    trials = rng.integers(20, 400, size=60).astype(float)
    group_x = rng.normal(size=(60, 2))
    p = 1 / (1 + np.exp(-(-2.5 + 0.4 * group_x[:, 0] + 0.2 * group_x[:, 1])))
    successes = rng.binomial(trials.astype(int), p).astype(float)
    glm = sm.GLM(np.column_stack([successes, trials - successes]), sm.add_constant(group_x), family=sm.families.Binomial()).fit(tol=1e-12)
    # k-means and silhouette on standardised blobs.
    blobs, _ = make_blobs(n_samples=600, n_features=5, centers=4, cluster_std=2.5, random_state=3)
    blobs = (blobs - blobs.mean(axis=0)) / blobs.std(axis=0)
    inertia = {str(k): float(KMeans(n_clusters=k, n_init=10, random_state=0).fit(blobs).inertia_) for k in (2, 3, 4, 5, 6)}
    labels = KMeans(n_clusters=4, n_init=10, random_state=0).fit(blobs).labels_
    scores = np.round(rng.uniform(size=300), 2)
    outcome = rng.uniform(size=300) < scores
    observed = [5200.0, 4800.0, 5100.0]
    return {
        "logit": {"x": design.tolist(), "y": y.tolist(), "params": logit.params.tolist(), "bse": logit.bse.tolist(),
                  "llf": float(logit.llf)},
        "penalised_logit": {"x": penalised_x.tolist(), "y": penalised_y.tolist(), "penalty": 1.0,
                            "params": [float(penalised.intercept_[0])] + penalised.coef_[0].tolist()},
        "binomial": {"x": sm.add_constant(group_x).tolist(), "successes": successes.tolist(), "trials": trials.tolist(),
                     "params": glm.params.tolist(), "bse": glm.bse.tolist()},
        "kmeans": {"points": blobs.tolist(), "inertia": inertia, "labels": labels.tolist(),
                   "silhouette": float(silhouette_score(blobs, labels))},
        "auc": {"scores": scores.tolist(), "labels": outcome.tolist(), "auc": float(roc_auc_score(outcome, scores))},
        "chisquare": {"observed": observed, "statistic": float(stats.chisquare(observed).statistic),
                      "p": float(stats.chisquare(observed).pvalue), "quantile_975_df7": float(stats.chi2.ppf(0.975, 7))},
        "beta_chance": {"a": [31, 971], "b": [41, 961],
                        "p": float(stats.beta(41, 961).expect(lambda t: stats.beta(31, 971).cdf(t)))},
    }


if __name__ == "__main__":
    lines = order_lines()
    write("sample_kpis.json", {"window": kpis(lines, WINDOW), "previous": kpis(lines, PREVIOUS)})
    write("sample_customer_mix.json", {"window": customer_mix(lines, WINDOW), "previous": customer_mix(lines, PREVIOUS)})
    write("sample_ab_tests.json", ab_tests())
    write("sample_attribution.json", attribution(lines))
    write("sample_cohorts.json", cohorts(lines, WINDOW[1]))
    write("ztest_cases.json", synthetic_ab_cases())
    write("multiple_testing_cases.json", {"families": multiple_testing_cases(), "msprt": msprt_cases()})
    write("sample_rfm.json", rfm(lines, WINDOW[1]))
    write("statistics_cases.json", statistics_cases())
    print("wrote references to", OUT)
