"""Reference fits for mktreport's forecasting engine, computed with statsforecast and statsmodels.

    /tmp/venv/bin/pip install statsforecast pandas
    /tmp/venv/bin/python Tests/References/make_forecast_references.py

Writes forecast_references.json: for two public series shipped with statsforecast
and R's forecast package (AirPassengers, monthly; wineind via pmdarima's copy),
the parameters, log-likelihood, AICc, sigma^2 and forecasts of fixed ETS models
(statsforecast's AutoETS with a fixed model, and statsmodels' ETSModel, whose
L-BFGS-B optimiser reaches better optima on seasonal models) and of CSS-fitted
ARIMA models.

statsmodels reports the exact Gaussian log-likelihood; R and statsforecast report
-lik/2 with lik = n log(SSE) + 2 sum log|yhat|. Both are converted to the latter here.
"""
import json
import os

import numpy as np
from statsforecast.models import AutoETS
from statsforecast.arima import Arima
from statsmodels.tsa.statespace.sarimax import SARIMAX
from statsforecast.utils import AirPassengers
from statsmodels.tsa.exponential_smoothing.ets import ETSModel
import warnings

warnings.filterwarnings("ignore")

OUT = os.path.dirname(os.path.abspath(__file__))
airpassengers = np.asarray(AirPassengers, dtype=float)


def ets_case(name, y, m, model, damped):
    fitted = AutoETS(season_length=m, model=model, damped=damped).fit(y)
    f = fitted.model_
    fc = fitted.predict(h=12, level=[80, 95])
    par = np.asarray(f["par"], dtype=float)
    return {
        "series": name, "period": m, "model": model, "damped": bool(damped), "method": f["method"],
        "alpha": float(par[0]), "beta": None if np.isnan(par[1]) else float(par[1]),
        "gamma": None if np.isnan(par[2]) else float(par[2]), "phi": None if np.isnan(par[3]) else float(par[3]),
        "loglik": float(f["loglik"]), "aicc": float(f["aicc"]), "sigma2": float(f["sigma2"]),
        "mean": [float(v) for v in fc["mean"]], "lo95": [float(v) for v in fc["lo-95"]], "hi95": [float(v) for v in fc["hi-95"]],
    }


def statsmodels_ets_case(name, y, m, model, damped):
    components = {"N": None, "A": "add", "M": "mul"}
    fit = ETSModel(y, error=components[model[0]], trend=components[model[1]], damped_trend=damped,
                   seasonal=components[model[2]], seasonal_periods=m if model[2] != "N" else None,
                   initialization_method="estimated").fit(disp=False, maxiter=10000)
    n = len(y)
    lik = -2 * fit.llf - n * (np.log(2 * np.pi / n) + 1)
    return {"series": name, "period": m, "model": model, "damped": bool(damped), "loglik": float(-0.5 * lik),
            "alpha": float(fit.params[0]), "mean": [float(v) for v in fit.forecast(12)]}


def arima_case(name, y, m, order, seasonal, include_mean):
    model = Arima(y, order=order, seasonal={"order": seasonal, "period": m}, include_mean=include_mean, method="CSS")
    coef = {k: float(v) for k, v in model["coef"].items()}
    # R's CSS innovation variance, recovered from the CSS log-likelihood (statsforecast's `sigma2`
    # field comes from a later Kalman pass): loglik = -n_used/2 (log(2 pi sigma2) + 1).
    n_used = len(y) - order[1] - seasonal[1] * m
    css_sigma2 = float(np.exp(-2 * model["loglik"] / n_used - 1 - np.log(2 * np.pi)))
    # statsforecast 2.1 cannot forecast from a CSS-only fit (its Kalman state stays empty), so the
    # forecasts come from statsmodels' SARIMAX filtering the series with exactly these coefficients.
    p, d, q = order
    P, D, Q = seasonal
    params = []
    if include_mean:
        params.append(coef["intercept"] * (1 - sum(coef.get(f"ar{i + 1}", 0) for i in range(p))))
    params += [coef[f"ar{i + 1}"] for i in range(p)] + [coef[f"ma{i + 1}"] for i in range(q)]
    params += [coef[f"sar{i + 1}"] for i in range(P)] + [coef[f"sma{i + 1}"] for i in range(Q)] + [css_sigma2]
    sarimax = SARIMAX(y, order=order, seasonal_order=(P, D, Q, m if m > 1 else 0), trend="c" if include_mean else "n")
    forecast = sarimax.filter(np.asarray(params)).get_forecast(12)
    interval = forecast.conf_int(alpha=0.05)
    return {
        "series": name, "period": m, "order": list(order), "seasonal": list(seasonal), "include_mean": include_mean,
        "coef": coef, "sigma2": css_sigma2, "loglik": float(model["loglik"]),
        "mean": [float(v) for v in forecast.predicted_mean], "lo95": [float(v) for v in interval[:, 0]],
        "hi95": [float(v) for v in interval[:, 1]],
    }


if __name__ == "__main__":
    ets = [ets_case("AirPassengers", airpassengers, 12, model, damped)
           for model, damped in [("ANN", False), ("AAN", False), ("AAN", True), ("ANA", False), ("AAA", False),
                                 ("MNM", False), ("MAM", False), ("MAM", True)]]
    statsmodels_ets = [statsmodels_ets_case("AirPassengers", airpassengers, 12, model, damped)
                       for model, damped in [("ANN", False), ("AAN", False), ("ANA", False), ("AAA", False),
                                             ("MNM", False), ("MAM", False), ("MAM", True)]]
    log_air = np.log(airpassengers)
    lynx = np.log(np.asarray([269, 321, 585, 871, 1475, 2821, 3928, 5943, 4950, 2577, 523, 98, 184, 279, 409, 2285, 2685, 3409, 1824, 409,
                              151, 45, 68, 213, 546, 1033, 2129, 2536, 957, 361, 377, 225, 360, 731, 1638, 2725, 2871, 2119, 684, 299,
                              236, 245, 552, 1623, 3311, 6721, 4254, 687, 255, 473, 358, 784, 1594, 1676, 2251, 1426, 756, 299, 201,
                              229, 469, 736, 2042, 2811, 4431, 2511, 389, 73, 39, 49, 59, 188, 377, 1292, 4031, 3495, 587, 105, 153,
                              387, 758, 1307, 3465, 6991, 6313, 3794, 1836, 345, 382, 808, 1388, 2713, 3800, 3091, 2985, 3790, 674, 81,
                              80, 108, 229, 399, 1132, 2432, 3574, 2935, 1537, 529, 485, 662, 1000, 1590, 2657, 3396], dtype=float))
    arima = [
        arima_case("logAirPassengers", log_air, 12, (0, 1, 1), (0, 1, 1), False),
        arima_case("logAirPassengers", log_air, 12, (1, 1, 0), (1, 1, 0), False),
        arima_case("logLynx", lynx, 1, (2, 0, 0), (0, 0, 0), True),
        arima_case("logLynx", lynx, 1, (1, 0, 1), (0, 0, 0), True),
        arima_case("AirPassengers", airpassengers, 12, (1, 1, 1), (0, 0, 0), False),
    ]
    references = {"series": {"AirPassengers": list(airpassengers), "logAirPassengers": list(log_air), "logLynx": list(lynx)},
                  "ets": ets, "statsmodels_ets": statsmodels_ets, "arima": arima}
    with open(os.path.join(OUT, "forecast_references.json"), "w") as f:
        json.dump(references, f, indent=1, sort_keys=True)
        f.write("\n")
    print("wrote forecast_references.json")
