"""Reference forecasts for mktreport's TSB method (IntermittentDemand), computed with statsforecast.

    bench/.venv/bin/python Tests/References/make_intermittent_references.py

Writes intermittent_references.json: two intermittent series (a seeded one of 120 periods with
about 60% zeros, and one that stops selling for its last 30 periods) and, for several fixed pairs
of smoothing parameters, statsforecast 2.1's TSB forecast (alpha_d smooths the demand size,
alpha_p the probability of demand).
"""
import json
import os

import numpy as np
from statsforecast.models import TSB

OUT = os.path.dirname(os.path.abspath(__file__))

rng = np.random.default_rng(21)
mostly_zero = np.where(rng.random(120) < 0.4, rng.poisson(6, 120) + 1, 0).astype(float)
stopping = np.concatenate([np.where(rng.random(90) < 0.5, rng.integers(1, 20, 90), 0), np.zeros(30)]).astype(float)
pairs = [(0.1, 0.1), (0.3, 0.05), (0.05, 0.2), (0.2, 0.3)]

cases = []
for name, y in (("mostly-zero", mostly_zero), ("stopping", stopping)):
    for size_alpha, probability_alpha in pairs:
        mean = TSB(alpha_d=size_alpha, alpha_p=probability_alpha).fit(y).predict(h=3)["mean"]
        cases.append({"series": name, "values": [float(v) for v in y], "size_alpha": size_alpha,
                      "probability_alpha": probability_alpha, "mean": float(mean[0])})

with open(os.path.join(OUT, "intermittent_references.json"), "w") as f:
    json.dump({"cases": cases}, f, indent=1)
