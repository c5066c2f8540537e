"""One-step-ahead forecasts of additive weekly exponential smoothing from statsmodels' Holt-Winters
with fixed parameters and initial states, for mktreport's anomaly detection (ETS(A,N,A), whose
error-correction updates are Holt-Winters' additive recursions).

    /tmp/venv/bin/python Tests/References/make_anomaly_references.py
"""
import json
import os

import numpy as np
from statsmodels.tsa.holtwinters import ExponentialSmoothing

OUT = os.path.dirname(os.path.abspath(__file__))

rng = np.random.default_rng(3)
days = 140
weekly = np.array([0.8, 0.9, 1.0, 1.0, 1.1, 1.4, 1.2])
y = 1000 * weekly[np.arange(days) % 7] + rng.normal(0, 40, days)
y[133] += 600  # a spike in the last week
alpha, gamma, level = 0.3, 0.1, 1000.0
seasons = list(1000 * weekly - 1000)
fit = ExponentialSmoothing(y, seasonal="add", seasonal_periods=7, initialization_method="known",
                           initial_level=level, initial_seasonal=seasons).fit(smoothing_level=alpha, smoothing_seasonal=gamma, optimized=False)
with open(os.path.join(OUT, "anomaly_references.json"), "w") as f:
    json.dump({"y": list(map(float, y)), "alpha": alpha, "gamma": gamma, "level": level, "seasons": seasons,
               "one_step": list(map(float, fit.fittedvalues)), "spike_day": 133}, f, indent=1)
    f.write("\n")
print("wrote anomaly_references.json")
