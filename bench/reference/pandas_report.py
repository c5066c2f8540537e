"""The report's figures computed the way an analyst would in Python: the race for `make bench-compare`.

    python3 bench/reference/pandas_report.py DATA_DIR FROM TO

Stages, each timed: load (pandas read_csv of every export, de-duplicated by key as the contract
says, malformed rows skipped), aggregate (window KPIs, daily revenue and orders, customer x item
interaction weights), segments (RFM quintiles with pd.qcut, scikit-learn KMeans on standardised
features), recommendations (item-kNN cosine on a scipy sparse matrix, top 10 per customer), forecasts
(statsforecast AutoETS + AutoARIMA on daily revenue and orders, 30 days ahead) and ads (ROAS/ROI per
campaign, statsmodels proportions_ztest per A/B test). Prints one JSON object of stage seconds.
Not needed to build, run or test mktreport.
"""
import glob
import json
import os
import sys
import time
import warnings

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.cluster import KMeans
from sklearn.preprocessing import StandardScaler
from statsforecast import StatsForecast
from statsforecast.models import AutoARIMA, AutoETS
from statsmodels.stats.proportion import proportions_ztest

warnings.filterwarnings("ignore")
DATA, FROM, TO = sys.argv[1], pd.Timestamp(sys.argv[2], tz="UTC"), pd.Timestamp(sys.argv[3], tz="UTC") + pd.Timedelta(days=1)
PREVIOUS = FROM - (TO - FROM)
timings = {}


def stage(name):
    def wrap(function):
        started = time.perf_counter()
        result = function()
        timings[name] = round(time.perf_counter() - started, 3)
        return result
    return wrap


def read(pattern, key, keep="last"):
    files = sorted(glob.glob(os.path.join(DATA, pattern)))
    frames = [pd.read_csv(f, dtype=str, on_bad_lines="skip", encoding="utf-8-sig") for f in files]
    frame = pd.concat(frames, ignore_index=True)
    frame.columns = [c.lower() for c in frame.columns]
    return frame.drop_duplicates(subset=key, keep=keep)


@stage("load")
def load():
    orders = read("orders*.csv*", ["order_id", "sku"])
    orders["order_time"] = pd.to_datetime(orders["order_time"], utc=True, errors="coerce", format="ISO8601")
    for column in ("quantity", "unit_price", "discount"):
        orders[column] = pd.to_numeric(orders[column], errors="coerce")
    orders = orders.dropna(subset=["order_time", "quantity", "unit_price"])
    events = read("events*.csv*", ["event_id"], keep="first")
    events["event_time"] = pd.to_datetime(events["event_time"], utc=True, errors="coerce", format="ISO8601")
    events = events.dropna(subset=["event_time"])
    customers = read("customers*.csv*", ["customer_id"]).drop(columns=["email", "name", "phone"], errors="ignore")
    ads = read("ads*.csv*", ["date", "campaign_id", "variant"])
    for column in ("impressions", "clicks", "conversions", "cost", "revenue"):
        ads[column] = pd.to_numeric(ads[column], errors="coerce").fillna(0)
    return orders, events, customers, ads


orders, events, customers, ads = load
orders = orders[orders["order_time"] < TO]
events = events[events["event_time"] < TO]


@stage("aggregate")
def aggregate():
    lines = orders[orders["status"].fillna("completed") == "completed"].copy()
    lines["revenue"] = lines["quantity"] * lines["unit_price"] - lines["discount"].fillna(0)

    def kpis(start, end):
        window = lines[(lines["order_time"] >= start) & (lines["order_time"] < end)]
        bought = window[window["quantity"] > 0]
        n = bought["order_id"].nunique()
        return {"revenue": window["revenue"].sum(), "orders": n, "customers": bought["customer_id"].nunique(),
                "aov": window["revenue"].sum() / n if n else 0}

    figures = {"window": kpis(FROM, TO), "previous": kpis(PREVIOUS, FROM)}
    daily = lines.groupby(lines["order_time"].dt.floor("D")).agg(revenue=("revenue", "sum"), orders=("order_id", "nunique"))
    weights = {"purchase": 5, "cart": 3, "wishlist": 2, "view": 1}
    scored = events[events["event_type"].isin(weights) & events["sku"].notna()]
    age = (TO - scored["event_time"]).dt.days
    interactions = (scored["event_type"].map(weights) * np.exp2(-age / 90)).groupby(
        [scored["customer_id"], scored["sku"]]).sum().rename("weight").reset_index()
    return lines, figures, daily, interactions


lines, figures, daily, interactions = aggregate


@stage("segments")
def segments():
    history = lines[lines["order_time"] < TO]
    per_customer = history.groupby("customer_id").agg(last=("order_time", "max"), frequency=("order_id", "nunique"),
                                                      monetary=("revenue", "sum"), first=("order_time", "min"))
    per_customer["recency"] = (TO - per_customer["last"]).dt.days
    per_customer["tenure"] = (TO - per_customer["first"]).dt.days
    per_customer = per_customer.sort_index()
    r = pd.qcut(per_customer["recency"].rank(method="first", ascending=False), 5, labels=False) + 1
    f = pd.qcut(per_customer["frequency"].rank(method="first"), 5, labels=False) + 1
    m = pd.qcut(per_customer["monetary"].rank(method="first"), 5, labels=False) + 1
    per_customer["rfm"] = r.astype(str) + f.astype(str) + m.astype(str)
    features = StandardScaler().fit_transform(per_customer[["recency", "frequency", "monetary", "tenure"]])
    sample = features[np.random.default_rng(42).permutation(len(features))[:20000]]
    best = max(range(3, 9), key=lambda k: -KMeans(k, n_init=10, random_state=42).fit(sample).inertia_ * k)
    per_customer["cluster"] = KMeans(best, n_init=10, random_state=42).fit_predict(features)
    return per_customer.groupby("rfm").agg(customers=("frequency", "size"), revenue=("monetary", "sum"))


@stage("recommendations")
def recommendations():
    users = {u: i for i, u in enumerate(interactions["customer_id"].unique())}
    items = {s: i for i, s in enumerate(interactions["sku"].unique())}
    matrix = sp.csr_matrix((interactions["weight"], (interactions["customer_id"].map(users), interactions["sku"].map(items))),
                           shape=(len(users), len(items)))
    norms = np.sqrt(np.asarray(matrix.power(2).sum(axis=0))).ravel()
    normalised = matrix @ sp.diags(1 / np.maximum(norms, 1e-12))
    similarity = (normalised.T @ normalised).tocsr()
    similarity.setdiag(0)
    top = []
    for start in range(0, matrix.shape[0], 5000):
        scores = (matrix[start:start + 5000] @ similarity).toarray()
        scores[matrix[start:start + 5000].toarray() > 0] = -np.inf
        top.append(np.argsort(-scores, axis=1)[:, :10])
    return np.vstack(top)


@stage("forecasts")
def forecasts():
    frame = daily.reset_index().melt(id_vars="order_time", var_name="unique_id", value_name="y").rename(columns={"order_time": "ds"})
    frame["ds"] = frame["ds"].dt.tz_localize(None)
    model = StatsForecast(models=[AutoETS(season_length=7), AutoARIMA(season_length=7)], freq="D", n_jobs=1)
    return model.forecast(df=frame, h=30, level=[80, 95])


@stage("ads")
def advertising():
    window = ads[(pd.to_datetime(ads["date"], utc=True) >= FROM) & (pd.to_datetime(ads["date"], utc=True) < TO)]
    campaigns = window.groupby(["campaign_id", "channel"]).agg(cost=("cost", "sum"), revenue=("revenue", "sum"))
    campaigns["roas"] = campaigns["revenue"] / campaigns["cost"]
    campaigns["roi"] = (campaigns["revenue"] - campaigns["cost"]) / campaigns["cost"]
    tests = []
    for campaign, rows in window[window["variant"].notna()].groupby("campaign_id"):
        variants = rows.groupby("variant")[["impressions", "clicks", "conversions"]].sum().sort_index()
        if len(variants) >= 2:
            a, b = variants.iloc[0], variants.iloc[1]
            tests.append(proportions_ztest([b["clicks"], a["clicks"]], [b["impressions"], a["impressions"]]))
            tests.append(proportions_ztest([b["conversions"], a["conversions"]], [b["clicks"], a["clicks"]]))
    return campaigns.sort_values("roi", ascending=False), tests


timings["total"] = round(sum(timings.values()), 3)
timings["rows"] = {"orders": len(orders), "events": len(events)}
print(json.dumps(timings))
