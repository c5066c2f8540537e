"""Runs statsforecast's AutoETS, AutoARIMA and SeasonalNaive on the benchmark suite.

    python3 bench/forecast/statsforecast_reference.py SUITE_DIR OUT.json
    python3 bench/forecast/statsforecast_reference.py speed SUITE_DIR     (the speed race only)

Same protocol as `mktreport-bench forecast-suite`: fit on the training CSV, forecast the hidden
h values, MASE scaled by the in-sample seasonal naive error (lag m, or 1 when the training part
is not longer than m), coverage of the 80% and 95% intervals. Also times AutoETS + AutoARIMA on
the 1,000 weekly two-year series in SUITE_DIR/speed (n_jobs=2, after a warm-up).
"""
import glob
import json
import os
import sys
import time
import warnings

import numpy as np
import pandas as pd
from statsforecast import StatsForecast
from statsforecast.models import AutoARIMA, AutoETS, SeasonalNaive

warnings.filterwarnings("ignore")


def mase_scale(train, m):
    lag = m if len(train) > m else 1
    return np.mean(np.abs(train[lag:] - train[:-lag]))


def evaluate(suite):
    results = {}
    for frequency in ("daily", "weekly", "monthly"):
        rows = []
        for path in sorted(glob.glob(os.path.join(suite, frequency, "*.csv"))):
            train = pd.read_csv(path)["value"].to_numpy(dtype=float)
            meta = json.load(open(path[:-4] + ".json"))
            test, m = np.asarray(meta["test"]), meta["period"]
            h = len(test)
            scale = mase_scale(train, m)
            row = {"name": os.path.basename(path)[:-4]}
            for label, model in [("AutoETS", AutoETS(season_length=m)), ("AutoARIMA", AutoARIMA(season_length=m)),
                                 ("SeasonalNaive", SeasonalNaive(season_length=m))]:
                try:
                    fc = model.forecast(y=train, h=h, level=[80, 95])
                    mean = fc["mean"]
                    row[label] = {
                        "mase": float(np.mean(np.abs(test - mean)) / scale) if scale > 0 else None,
                        "cover80": float(np.mean((test >= fc["lo-80"]) & (test <= fc["hi-80"]))),
                        "cover95": float(np.mean((test >= fc["lo-95"]) & (test <= fc["hi-95"]))),
                    }
                except Exception as error:  # a model that cannot fit counts as missing
                    row[label] = {"error": str(error)[:80]}
            rows.append(row)
        results[frequency] = rows
    return results


def speed(suite):
    frame = pd.read_csv(os.path.join(suite, "speed", "weekly-104.csv"), parse_dates=["date"])
    frame = frame.rename(columns={"series": "unique_id", "date": "ds", "value": "y"})
    sf = StatsForecast(models=[AutoETS(season_length=52), AutoARIMA(season_length=52)], freq="W-MON", n_jobs=2)
    sf.forecast(df=frame[frame["unique_id"].isin(["s0000", "s0001"])], h=8)  # warm-up
    started = time.perf_counter()
    sf.forecast(df=frame, h=8, level=[80, 95])
    return time.perf_counter() - started


if __name__ == "__main__":
    if sys.argv[1] == "speed":
        print("statsforecast AutoETS + AutoARIMA on 1,000 weekly series: %.1f s" % speed(sys.argv[2]))
        sys.exit(0)
    suite, out = sys.argv[1], sys.argv[2]
    started = time.perf_counter()
    results = evaluate(suite)
    results["evaluate_seconds"] = time.perf_counter() - started
    if os.path.isdir(os.path.join(suite, "speed")):  # (the wide suite has no speed race)
        results["speed_seconds"] = speed(suite)
        print("statsforecast AutoETS + AutoARIMA on 1,000 weekly series: %.1f s" % results["speed_seconds"])
    with open(out, "w") as f:
        json.dump(results, f)
