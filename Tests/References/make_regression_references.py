"""Reference values for the lag regression (LagRegression), computed once with statsmodels OLS.

    python3 Tests/References/make_regression_references.py

The design is mktreport's for a monthly series of 144 points (AirPassengers, from 1949-01):
intercept, trend t/n, month dummies for February..December, and the values at lags 1 and 12,
for t = 12 .. n-1. Writes regression_references.json with the coefficients in that column order,
the residual variance (SSR / (rows - columns)), the OLS log-likelihood and the 12-month forecast
made by running the fitted equation forward with forecasts fed back as lags.
"""
import json
import os

import numpy as np
import statsmodels.api as sm
from statsforecast.utils import AirPassengers

y = np.asarray(AirPassengers, dtype=float)
n, lags = len(y), [1, 12]


def row(t, values):
    month = t % 12 + 1  # the series starts in January
    return [1.0, t / n] + [1.0 if month == m else 0.0 for m in range(2, 13)] + [values[t - lag] for lag in lags]


X = np.array([row(t, y) for t in range(12, n)])
fit = sm.OLS(y[12:], X).fit()
values = list(y)
for t in range(n, n + 12):
    values.append(float(np.dot(row(t, values), fit.params)))
reference = {"series": "AirPassengers", "coefficients": list(fit.params), "sigma2": float(fit.ssr / fit.df_resid),
             "loglik": float(fit.llf), "mean": values[n:]}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "regression_references.json"), "w") as f:
    json.dump(reference, f, indent=1, sort_keys=True)
    f.write("\n")
print("wrote regression_references.json")
